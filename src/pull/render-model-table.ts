import { collationDslName } from '../schema/collation.js';
import type {
  CheckModel,
  ColumnModel,
  ExclusionModel,
  ForeignKeyModel,
  IdentityModel,
  IndexColumnModel,
  IndexModel,
  PrimaryKeyModel,
  StorageParameters,
  UniqueModel,
} from '../schema/model.js';
import { renderString } from '../util/render-value.js';
import { renderStorageParameters } from './render-model-features.js';

/**
 * The DSL code `migrate pull` writes for what lives on a table beyond names
 * and columns: column attributes (identity options, collation, generation),
 * constraint attributes (deferral, MATCH FULL, NOT VALID, NULLS NOT DISTINCT,
 * NO INHERIT), exclusion constraints and index options.
 */

/** How the model renderer writes SQL text and records the DSL names a block uses. */
interface TableRenderer {
  sql(text: string): string;
  use(name: string): void;
}

/** `key: value` entries for an options object; undefined values are left out. */
type OptionEntries = [string, string | undefined][];

function flag(value: boolean | undefined): string | undefined {
  return value === true ? 'true' : undefined;
}

/** An integer as a number literal when it is exact as one, else as a string. */
function integerLiteral(text: string): string {
  return Number.isSafeInteger(Number(text)) && String(Number(text)) === text ? text : renderString(text);
}

/** `.identity('always', { start: 10, sequenceName: 'ticket_numbers' })`. */
export function renderIdentity(identity: IdentityModel): string {
  const entries: OptionEntries = (['start', 'increment', 'min', 'max', 'cache'] as const).map((key) => {
    const value = identity[key];
    return [key, value === undefined ? undefined : integerLiteral(value)];
  });
  entries.push(['cycle', flag(identity.cycle)]);
  if (identity.sequenceName !== undefined) entries.push(['sequenceName', renderString(identity.sequenceName)]);
  return `.identity(${identity.always ? "'always'" : "'byDefault'"}${optionsArgument(entries)})`;
}

/** `.collate('C')` and `.generatedAs(sql\`...\`)` (`, { virtual: true }`), for the columns that have them. */
export function renderColumnAttributes(column: ColumnModel, render: TableRenderer): string {
  let out = '';
  if (column.collation !== undefined) out += `.collate(${renderString(collationDslName(column.collation))})`;
  if (column.generated !== undefined)
    out += `.generatedAs(${render.sql(column.generated)}${optionsArgument([['virtual', flag(column.generatedVirtual)]])})`;
  if (column.statistics !== undefined) out += `.statistics(${column.statistics})`;
  if (column.options !== undefined) out += `.options(${renderStorageParameters(column.options)})`;
  if (column.storage !== undefined) out += `.storage(${renderString(column.storage.toLowerCase())})`;
  if (column.compression !== undefined) out += `.compression(${renderString(column.compression)})`;
  return out;
}

/** `, { a: 1, b: 2 }`, or nothing when every value is undefined. */
export function optionsArgument(entries: OptionEntries): string {
  const present = entries.filter((e): e is [string, string] => e[1] !== undefined);
  return present.length === 0 ? '' : `, { ${present.map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
}

function deferralEntries(key: Pick<PrimaryKeyModel, 'deferrable' | 'initiallyDeferred'>): OptionEntries {
  if (key.initiallyDeferred === true) return [['initiallyDeferred', 'true']];
  return [['deferrable', flag(key.deferrable)]];
}

export function uniqueEntries(unique: UniqueModel): OptionEntries {
  return [
    ['include', includeList(unique.include)],
    ['nullsNotDistinct', flag(unique.nullsNotDistinct)],
    ...deferralEntries(unique),
    ['withoutOverlaps', flag(unique.withoutOverlaps)],
    storageEntry(unique.with),
  ];
}

/** `include`, deferral, `withoutOverlaps` and `with` of a primary key. */
export function primaryKeyEntries(key: PrimaryKeyModel): OptionEntries {
  return [
    ['include', includeList(key.include)],
    ...deferralEntries(key),
    ['withoutOverlaps', flag(key.withoutOverlaps)],
    storageEntry(key.with),
  ];
}

function storageEntry(parameters: StorageParameters | undefined): OptionEntries[number] {
  return ['with', parameters === undefined ? undefined : renderStorageParameters(parameters)];
}

function includeList(columns: readonly string[] | undefined): string | undefined {
  return columns === undefined || columns.length === 0 ? undefined : `[${columns.map(renderString).join(', ')}]`;
}

export function checkEntries(check: CheckModel): OptionEntries {
  return [
    ['notValid', flag(check.notValid)],
    ['noInherit', flag(check.noInherit)],
    ['notEnforced', flag(check.notEnforced)],
  ];
}

export function foreignKeyEntries(key: ForeignKeyModel): OptionEntries {
  return [
    ['match', key.match === 'FULL' ? "'full'" : undefined],
    ...deferralEntries(key),
    ['notValid', flag(key.notValid)],
    ['notEnforced', flag(key.notEnforced)],
    ['period', flag(key.period)],
    ['onDeleteColumns', includeList(key.onDeleteColumns)],
  ];
}

/** Whether a key has attributes the column shorthands (`.primaryKey()`, `.unique()`) cannot carry. */
export function hasKeyAttributes(key: PrimaryKeyModel | UniqueModel): boolean {
  const flags =
    key.deferrable === true ||
    key.initiallyDeferred === true ||
    key.withoutOverlaps === true ||
    (key.include ?? []).length > 0 ||
    key.with !== undefined;
  return flags || ('nullsNotDistinct' in key && key.nullsNotDistinct === true);
}

/** `exclude(sql\`USING gist (...)\`, { name: '...' })`. */
export function renderExclusion(exclusion: ExclusionModel, render: TableRenderer): string {
  render.use('exclude');
  const body = exclusion.definition.replace(/^EXCLUDE /, '');
  return `exclude(${render.sql(body)}, { name: ${renderString(exclusion.name)} })`;
}

/** `index([...], { ... })`; `name` is the rendered name option, if any. */
export function renderIndex(index: IndexModel, name: string | undefined, render: TableRenderer): string {
  render.use('index');
  const columns = index.columns.map((key) => renderIndexKey(key, render));
  const include = includeList(index.include);
  const options = optionsArgument([
    ['unique', flag(index.unique)],
    ['name', name],
    ['where', index.where === null ? undefined : render.sql(index.where)],
    ['method', index.method === 'btree' ? undefined : renderString(index.method)],
    ['include', include],
    ['nullsNotDistinct', flag(index.nullsNotDistinct)],
    storageEntry(index.with),
  ]);
  return `index([${columns.join(', ')}]${options})`;
}

function renderIndexKey(key: IndexColumnModel, render: TableRenderer): string {
  const target = 'column' in key ? renderString(key.column) : render.sql(key.expression);
  const descending = key.order === 'DESC';
  const entries: OptionEntries = [
    ['nulls', key.nulls === undefined ? undefined : renderString(key.nulls.toLowerCase())],
    ['opclass', key.opclass === undefined ? undefined : renderString(key.opclass)],
    ['collate', key.collation === undefined ? undefined : renderString(collationDslName(key.collation))],
    ['statistics', key.statistics === undefined ? undefined : String(key.statistics)],
  ];
  if (descending) {
    render.use('desc');
    return `desc(${target}${optionsArgument(entries)})`;
  }
  if (entries.every(([, value]) => value === undefined)) return target;
  render.use('col');
  return `col(${target}${optionsArgument(entries)})`;
}
