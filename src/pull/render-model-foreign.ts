import { collationDslName } from '../schema/collation.js';
import type {
  ForeignColumnModel,
  ForeignDataWrapperModel,
  ForeignOptions,
  ForeignServerModel,
  ForeignTableModel,
  SchemaModel,
} from '../schema/model.js';
import { optionEntries } from '../schema/model.js';
import { renderSql } from './render-model-sql.js';
import { renderKey, renderString } from '../util/render-value.js';

/** What `migrate pull` needs to write a foreign table's columns. */
interface ForeignRenderContext {
  /** Records a DSL import. */
  use(name: string): void;
  /** A column's type as a column builder: `text()`, `moodEnum.column()`, `customType('public.addr')`. */
  attributeType(type: string): string;
}

/**
 * `metadata.foreignDataWrapper()`, `.foreignServer()` and `.foreignTable()`
 * for `migrate pull`: written after the extensions whose wrappers servers
 * use and the types columns use, wrappers before servers before tables.
 */
export function renderForeignObjects(
  ctx: ForeignRenderContext,
  model: Pick<SchemaModel, 'foreignDataWrappers' | 'foreignServers' | 'foreignTables'>,
): string[] {
  return [
    ...model.foreignDataWrappers.map(renderWrapper),
    ...model.foreignServers.map(renderServer),
    ...model.foreignTables.map((t) => renderForeignTable(ctx, t)),
  ];
}

function renderOptions(options: ForeignOptions | undefined): string | undefined {
  const entries = optionEntries(options);
  return entries.length === 0
    ? undefined
    : `{ ${entries.map(([k, v]) => `${renderKey(k)}: ${renderString(v)}`).join(', ')} }`;
}

function objectArgument(entries: [string, string | undefined][]): string {
  const present = entries.filter((e): e is [string, string] => e[1] !== undefined);
  return `{ ${present.map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
}

function optionalString(value: string | undefined): string | undefined {
  return value === undefined ? undefined : renderString(value);
}

function renderWrapper(w: ForeignDataWrapperModel): string {
  const entries: [string, string | undefined][] = [
    ['handler', optionalString(w.handler)],
    ['validator', optionalString(w.validator)],
    ['options', renderOptions(w.options)],
  ];
  const argument = entries.some((e) => e[1] !== undefined) ? `, ${objectArgument(entries)}` : '';
  return `metadata.foreignDataWrapper(${renderString(w.name)}${argument});`;
}

function renderServer(s: ForeignServerModel): string {
  const entries: [string, string | undefined][] = [
    ['wrapper', renderString(s.wrapper)],
    ['type', optionalString(s.type)],
    ['version', optionalString(s.version)],
    ['options', renderOptions(s.options)],
  ];
  return `metadata.foreignServer(${renderString(s.name)}, ${objectArgument(entries)});`;
}

function renderColumn(ctx: ForeignRenderContext, c: ForeignColumnModel): string {
  let builder = ctx.attributeType(c.type);
  if (c.collation !== undefined) builder += `.collate(${renderString(collationDslName(c.collation))})`;
  if (!c.nullable) builder += '.notNull()';
  if (c.default !== undefined) builder += `.default(${renderSql(c.default, (name) => ctx.use(name))})`;
  return `${renderKey(c.name)}: ${builder}`;
}

function renderForeignTable(ctx: ForeignRenderContext, t: ForeignTableModel): string {
  const columnOptions = t.columns
    .filter((c) => optionEntries(c.options).length > 0)
    .map((c) => `${renderKey(c.name)}: ${renderOptions(c.options)!}`);
  const entries: [string, string | undefined][] = [
    ['schema', t.schema === 'public' ? undefined : renderString(t.schema)],
    ['server', renderString(t.server)],
    ['columns', `{ ${t.columns.map((c) => renderColumn(ctx, c)).join(', ')} }`],
    ['options', renderOptions(t.options)],
    ['columnOptions', columnOptions.length === 0 ? undefined : `{ ${columnOptions.join(', ')} }`],
  ];
  return `metadata.foreignTable(${renderString(t.name)}, ${objectArgument(entries)});`;
}
