import type {
  ColumnModel,
  EnumModel,
  ForeignKeyModel,
  ReferentialAction,
  SchemaModel,
  TableModel,
  UniqueModel,
} from '../schema/model.js';
import { qualifiedKey } from '../schema/model.js';
import { qualifiedTypeName } from '../schema/types.js';
import { AthanorError } from '../util/errors.js';
import { renderKey, renderString } from '../util/render-value.js';
import {
  checkEntries,
  foreignKeyEntries,
  hasKeyAttributes,
  optionsArgument,
  primaryKeyEntries,
  renderColumnAttributes,
  renderExclusion,
  renderIdentity,
  renderIndex,
  uniqueEntries,
} from './render-model-table.js';
import {
  partitionColumnLines,
  partitionIndexNameLines,
  partitionIndexStorageLines,
  partitionParentVar,
  renderPartition,
  tableFeatureOptionLines,
  type FeatureRenderer,
} from './render-model-features.js';
import { allocateModelVariables, defaultNamedObjects } from './render-model-names.js';
import { columnComment, renderObjectBlocks, tableComment, type ObjectRenderContext } from './render-model-objects.js';
import { indentLines, renderSql as renderModelSql } from './render-model-sql.js';
import { renderColumnType } from './render-model-types.js';
import { inDependencyOrder } from '../ops/dependency-order.js';
import { thing, type Thing } from '../ops/things.js';
import type { Operation, OperationOf } from '../ops/operation.js';
import {
  renderDefaultPrivilegeCalls,
  renderGrantCalls,
  renderOwnerCalls,
  tableGrantLines,
  tableOwnerLines,
} from './render-model-grants.js';

/**
 * Writes a SchemaModel as a models.ts in the DSL, such that building that
 * file's metadata gives the same model back. Names Postgres would choose by
 * itself are left out; every other name is written.
 */
interface RenderModelOptions {
  /** Module the DSL is imported from; `athanor` by default. */
  importFrom?: string;
}

interface Ctx {
  model: SchemaModel;
  imports: Set<string>;
  tableVars: Map<string, string>;
  enumVars: Map<string, string>;
  /** Constraints and indexes whose names Postgres would choose by itself. */
  defaultNamed: Set<object>;
  /** Tables already written, for thunks that point forward. */
  written: Set<string>;
  /** The columns each table declares (not those it inherits), by `qualifiedKey`. */
  declaredColumns: Map<string, Set<string>>;
}

export function renderModelSource(model: SchemaModel, options: RenderModelOptions = {}): string {
  return renderModelPieces(model, options).join('');
}

/**
 * `renderModelSource`'s text in pieces, in order, for a caller that writes
 * them out one by one: a model of 10,000 tables is some 15 MB of text, and
 * joined it is held twice.
 */
export function renderModelPieces(model: SchemaModel, options: RenderModelOptions = {}): string[] {
  const ctx: Ctx = {
    model,
    imports: new Set(['defineMetadata']),
    ...allocateModelVariables(model),
    defaultNamed: defaultNamedObjects(model),
    written: new Set(),
    declaredColumns: new Map(
      model.tables.map((t) => [qualifiedKey(t.schema, t.name), new Set(t.columns.map((c) => c.name))]),
    ),
  };
  const objects = renderObjectBlocks(objectRenderContext(ctx));
  const blocks = [renderMetadata(model), ...model.enums.map((e) => renderEnum(ctx, e)), ...objects.before];
  for (const table of tableOrder(model.tables)) {
    blocks.push(renderTable(ctx, table));
    ctx.written.add(qualifiedKey(table.schema, table.name));
  }
  blocks.push(...objects.after);
  blocks.push(...renderGrantCalls(model, (name) => ctx.imports.add(name)));
  blocks.push(...renderDefaultPrivilegeCalls(model, (name) => ctx.imports.add(name)));
  blocks.push(...renderOwnerCalls(model));
  const header = '/** The declared schema. Edit it, then run `migrate revision --autogenerate`. */';
  const pieces = [`${renderImports(ctx.imports, options.importFrom ?? 'athanor')}\n\n${header}\n`];
  blocks.forEach((block, i) => pieces.push(i === 0 ? block : `\n\n${block}`));
  pieces.push('\n');
  return pieces;
}

// ---- names ------------------------------------------------------------------

function parentVar(ctx: Ctx, schema: string, name: string, from: TableModel): string {
  const found = ctx.tableVars.get(qualifiedKey(schema, name));
  if (found === undefined) {
    throw new AthanorError(
      'render-model',
      `table ${from.schema}.${from.name} inherits from ${schema}.${name}, which is not in the model; include schema ${schema}`,
    );
  }
  return found;
}

function tableVar(ctx: Ctx, schema: string, name: string, from: TableModel): string {
  const found = ctx.tableVars.get(qualifiedKey(schema, name));
  if (found === undefined) {
    throw new AthanorError(
      'render-model',
      `table ${from.schema}.${from.name} has a foreign key to ${schema}.${name}, which is not in the model; include schema ${schema}`,
    );
  }
  return found;
}

function nameOption(ctx: Ctx, object: { name: string }): string | undefined {
  return ctx.defaultNamed.has(object) ? undefined : object.name;
}

// ---- top-level blocks --------------------------------------------------------

function renderImports(imports: Set<string>, from: string): string {
  const names = [...imports].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const specifiers = names.map((n) => (n === 'AnyTable' ? 'type AnyTable' : n));
  const line = `import { ${specifiers.join(', ')} } from ${renderString(from)};`;
  if (line.length <= 100) return line;
  return `import {\n${specifiers.map((s) => `  ${s},`).join('\n')}\n} from ${renderString(from)};`;
}

function renderMetadata(model: SchemaModel): string {
  const used = new Set([...model.tables.map((t) => t.schema), ...model.enums.map((e) => e.schema)]);
  const empty = model.schemas.filter((s) => !used.has(s) && s !== 'public');
  const args = empty.length === 0 ? '' : `{ schemas: [${empty.map(renderString).join(', ')}] }`;
  return `export const metadata = defineMetadata(${args});`;
}

function renderEnum(ctx: Ctx, e: EnumModel): string {
  const name = ctx.enumVars.get(qualifiedTypeName(e.schema, e.name)) ?? '';
  const schema = e.schema === 'public' ? '' : `, { schema: ${renderString(e.schema)} }`;
  return `export const ${name} = metadata.enum(${renderString(e.name)}, [${e.values.map(renderString).join(', ')}]${schema});`;
}

/**
 * The tables in the order the revisions would create them: the one
 * dependency order of operations (`inDependencyOrder`, over each table's
 * creation), model order for ties. Parents before their partitions and
 * children, always (the model names a parent eagerly); referenced tables
 * and the tables whose sequences a default reads first where possible: a
 * foreign key names its table lazily, so a cycle of keys is broken at a key.
 */
function tableOrder(tables: readonly TableModel[]): TableModel[] {
  const creations = tables.map((table): OperationOf<'createTable'> => ({ kind: 'createTable', table }));
  const parents = (op: Operation): Thing[] => {
    if (op.kind !== 'createTable') return [];
    const { partitionOf, inherits } = op.table;
    return [
      ...(partitionOf === undefined ? [] : [thing.relation(partitionOf.schema, partitionOf.table)]),
      ...(inherits ?? []).map((p) => thing.relation(p.schema, p.table)),
    ];
  };
  const table = new Map<Operation, TableModel>(creations.map((op, i) => [op, tables[i]!]));
  return inDependencyOrder(creations, parents).map((op) => table.get(op)!);
}

// ---- tables ----------------------------------------------------------------

interface Placement {
  inlinePk: boolean;
  inlineUniques: Map<string, UniqueModel>;
  inlineForeignKeys: Map<string, ForeignKeyModel>;
}

function placement(ctx: Ctx, table: TableModel): Placement {
  // A partition has no columns of its own to carry its keys.
  if (table.partitionOf !== undefined)
    return { inlinePk: false, inlineUniques: new Map(), inlineForeignKeys: new Map() };
  // A key goes on its column only when the table declares the column (not on one it inherits).
  const own = new Set(table.columns.map((c) => c.name));
  const single = (columns: readonly string[]): string | undefined =>
    columns.length === 1 && own.has(columns[0]!) ? columns[0] : undefined;
  const pk = table.primaryKey;
  const inlinePk = pk !== null && single(pk.columns) !== undefined && ctx.defaultNamed.has(pk) && !hasKeyAttributes(pk);
  const inlineUniques = new Map<string, UniqueModel>();
  for (const u of table.uniques) {
    const column = single(u.columns);
    if (column !== undefined && !inlineUniques.has(column) && !hasKeyAttributes(u)) inlineUniques.set(column, u);
  }
  // `.references()` names the referenced column through its table's columns: only those the table declares.
  const declares = (schema: string, name: string, column: string): boolean =>
    ctx.declaredColumns.get(qualifiedKey(schema, name))?.has(column) === true;
  const inlineForeignKeys = new Map<string, ForeignKeyModel>();
  for (const f of table.foreignKeys) {
    const column = single(f.columns);
    const referenced = f.refColumns.length === 1 && declares(f.refSchema, f.refTable, f.refColumns[0]!);
    if (column !== undefined && referenced && !inlineForeignKeys.has(column)) inlineForeignKeys.set(column, f);
  }
  return { inlinePk, inlineUniques, inlineForeignKeys };
}

function renderTable(ctx: Ctx, table: TableModel): string {
  const place = placement(ctx, table);
  const name = ctx.tableVars.get(qualifiedKey(table.schema, table.name)) ?? '';
  const options = tableOptions(ctx, table, place);
  if (table.partitionOf !== undefined) {
    return renderPartition(name, table, partitionParentVar(ctx.tableVars, table), options, featureRenderer(ctx));
  }
  const columns = table.columns.map((c) => `${renderKey(c.name)}: ${renderColumn(ctx, table, c, place)},`);
  if (options.length === 0) {
    return `export const ${name} = metadata.table(${renderString(table.name)}, {\n${indentLines(columns, 1)}\n});`;
  }
  return [
    `export const ${name} = metadata.table(`,
    `  ${renderString(table.name)},`,
    '  {',
    indentLines(columns, 2),
    '  },',
    '  {',
    indentLines(options, 2),
    '  },',
    ');',
  ].join('\n');
}

function tableOptions(ctx: Ctx, table: TableModel, place: Placement): string[] {
  const lines: string[] = [];
  if (table.schema !== 'public') lines.push(`schema: ${renderString(table.schema)},`);
  if (table.inherits !== undefined)
    lines.push(`inherits: [${table.inherits.map((p) => parentVar(ctx, p.schema, p.table, table)).join(', ')}],`);
  lines.push(
    ...partitionColumnLines(table, featureRenderer(ctx)),
    ...partitionIndexNameLines(table),
    ...partitionIndexStorageLines(table),
  );
  const pk = table.primaryKey;
  if (pk !== null && !place.inlinePk) {
    const extras = [nameEntry(ctx, pk), ...primaryKeyEntries(pk)].flatMap(([key, value]) =>
      value === undefined ? [] : [`, ${key}: ${value}`],
    );
    lines.push(`primaryKey: { columns: ${stringList(pk.columns)}${extras.join('')} },`);
  }
  const inlined = new Set<object>([...place.inlineUniques.values(), ...place.inlineForeignKeys.values()]);
  const uniques = table.uniques
    .filter((u) => !inlined.has(u))
    .map((u) => `unique(${stringList(u.columns)}${optionsArgument([nameEntry(ctx, u), ...uniqueEntries(u)])})`);
  const checks = table.checks.map(
    (c) => `check(${renderSql(ctx, c.expression)}${optionsArgument([nameEntry(ctx, c), ...checkEntries(c)])})`,
  );
  const foreignKeys = table.foreignKeys.filter((f) => !inlined.has(f)).map((f) => renderForeignKey(ctx, table, f));
  const indexes = table.indexes.map((i) => renderIndex(i, nameEntry(ctx, i)[1], featureRenderer(ctx)));
  const exclusions = (table.exclusions ?? []).map((e) => renderExclusion(e, featureRenderer(ctx)));
  pushList(ctx, lines, 'uniques', 'unique', uniques);
  pushList(ctx, lines, 'checks', 'check', checks);
  pushList(ctx, lines, 'foreignKeys', 'foreignKey', foreignKeys);
  pushList(ctx, lines, 'indexes', 'index', indexes);
  pushList(ctx, lines, 'exclusions', 'exclude', exclusions);
  lines.push(...tableFeatureOptionLines(table, featureRenderer(ctx)));
  lines.push(...tableComment(ctx.model, table));
  lines.push(...tableGrantLines(ctx.model, table, (name) => ctx.imports.add(name)));
  lines.push(...tableOwnerLines(ctx.model, table));
  return lines;
}

function pushList(ctx: Ctx, lines: string[], key: string, helper: string, items: string[]): void {
  if (items.length === 0) return;
  ctx.imports.add(helper);
  lines.push(`${key}: [`, ...items.map((item) => `  ${item},`), '],');
}

function stringList(items: readonly string[]): string {
  return `[${items.map(renderString).join(', ')}]`;
}

function nameEntry(ctx: Ctx, object: { name: string }): [string, string | undefined] {
  const name = nameOption(ctx, object);
  return ['name', name === undefined ? undefined : renderString(name)];
}

function actionOption(action: ReferentialAction): string | undefined {
  return action === 'NO ACTION' ? undefined : renderString(action.toLowerCase());
}

function renderForeignKey(ctx: Ctx, table: TableModel, f: ForeignKeyModel): string {
  if (!ctx.tableVars.has(qualifiedKey(f.refSchema, f.refTable))) return renderOutsideForeignKey(ctx, table, f);
  const target = tableVar(ctx, f.refSchema, f.refTable, table);
  const forward = !ctx.written.has(qualifiedKey(f.refSchema, f.refTable));
  if (forward) ctx.imports.add('AnyTable');
  const thunk = forward ? `(): AnyTable => ${target}` : `() => ${target}`;
  return `foreignKey(${stringList(f.columns)}, ${thunk}, ${stringList(f.refColumns)}${foreignKeyOptions(ctx, f)})`;
}

/**
 * A foreign key to a table of a schema the model leaves out (`auth.users`):
 * `outsideTable()`. One to a table of a schema the model has, which it does not
 * declare, cannot be: that table would be dropped.
 */
function renderOutsideForeignKey(ctx: Ctx, table: TableModel, f: ForeignKeyModel): string {
  if (ctx.model.tables.some((t) => t.schema === f.refSchema)) tableVar(ctx, f.refSchema, f.refTable, table);
  ctx.imports.add('outsideTable');
  const target = `() => outsideTable(${renderString(f.refSchema)}, ${renderString(f.refTable)})`;
  return `foreignKey(${stringList(f.columns)}, ${target}, ${stringList(f.refColumns)}${foreignKeyOptions(ctx, f)})`;
}

function foreignKeyOptions(ctx: Ctx, f: ForeignKeyModel): string {
  return optionsArgument([
    ['onDelete', actionOption(f.onDelete)],
    ['onUpdate', actionOption(f.onUpdate)],
    ['name', ctx.defaultNamed.has(f) ? undefined : renderString(f.name)],
    ...foreignKeyEntries(f),
  ]);
}

// ---- columns ---------------------------------------------------------------

function renderColumn(ctx: Ctx, table: TableModel, column: ColumnModel, place: Placement): string {
  let out = renderType(ctx, column.type) + renderColumnAttributes(column, featureRenderer(ctx));
  if (column.identity) out += renderIdentity(column.identity);
  const inPk = table.primaryKey?.columns.includes(column.name) ?? false;
  if (inPk && place.inlinePk) out += '.primaryKey()';
  const impliedNotNull = inPk || column.identity !== null || /^(small|big)?serial$/.test(column.type);
  if (column.notNullName !== undefined) out += `.notNull({ name: ${renderString(column.notNullName)} })`;
  else if (!column.nullable && !impliedNotNull) out += '.notNull()';
  if (column.default !== null) out += `.default(${renderDefault(ctx, column)})`;
  const unique = place.inlineUniques.get(column.name);
  if (unique) out += ctx.defaultNamed.has(unique) ? '.unique()' : `.unique(${renderString(unique.name)})`;
  const reference = place.inlineForeignKeys.get(column.name);
  if (reference) out += renderReference(ctx, table, reference);
  return out + columnComment(ctx.model, table, column.name);
}

function renderReference(ctx: Ctx, table: TableModel, f: ForeignKeyModel): string {
  const target = tableVar(ctx, f.refSchema, f.refTable, table);
  const column = f.refColumns[0] ?? '';
  const access = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(column) ? `.${column}` : `[${renderString(column)}]`;
  return `.references(() => ${target}.columns${access}${foreignKeyOptions(ctx, f)})`;
}

function renderDefault(ctx: Ctx, column: ColumnModel): string {
  const text = column.default ?? '';
  const isEnum = ctx.enumVars.has(column.type.replace(/\[\]$/, ''));
  if (!isEnum && /^-?\d+(\.\d+)?$/.test(text) && String(Number(text)) === text) return text;
  if (!isEnum && (text === 'true' || text === 'false')) return text;
  return renderSql(ctx, text);
}

function objectRenderContext(ctx: Ctx): ObjectRenderContext {
  return {
    model: ctx.model,
    use: (name) => ctx.imports.add(name),
    domainVar: (domain) => ctx.enumVars.get(qualifiedTypeName(domain.schema, domain.name)) ?? '',
    compositeVar: (composite) => ctx.enumVars.get(qualifiedTypeName(composite.schema, composite.name)) ?? '',
    rangeVar: (range) => ctx.enumVars.get(qualifiedTypeName(range.schema, range.name)) ?? '',
    attributeType: (type) => renderColumnType(type, enumConsts(ctx), (name) => ctx.imports.add(name)),
    renderIndex: (index) => renderIndex(index, renderString(index.name), featureRenderer(ctx)),
  };
}

/** The consts of the enums alone: an attribute names a domain or composite type by its spelling, declared before or after. */
function enumConsts(ctx: Ctx): Map<string, string> {
  const names = new Set(ctx.model.enums.map((e) => qualifiedTypeName(e.schema, e.name)));
  return new Map([...ctx.enumVars].filter(([name]) => names.has(name)));
}

function featureRenderer(ctx: Ctx): FeatureRenderer {
  return { sql: (text) => renderSql(ctx, text), use: (name) => ctx.imports.add(name) };
}

function renderSql(ctx: Ctx, text: string): string {
  return renderModelSql(text, (name) => ctx.imports.add(name));
}

function renderType(ctx: Ctx, type: string): string {
  return renderColumnType(type, ctx.enumVars, (name) => ctx.imports.add(name));
}
