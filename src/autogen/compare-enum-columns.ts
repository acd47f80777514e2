import type { EnumColumnUse, Operation, OperationOf } from '../ops/operation.js';
import type { EnumModel, TableModel } from '../schema/model.js';
import type { TableChanges } from './compare-tables.js';
import { compareTuples, objectKey } from './compare-values.js';

/**
 * The columns an enum replacement converts, and the column changes it makes
 * redundant. A column is converted when it uses the enum (or an array of it)
 * on the current side and still exists on the target side: dropped columns
 * and tables are gone before enums change, and new columns come after.
 */

/** Both sides' tables, for finding the columns that use an enum. */
export interface EnumTables {
  current: readonly TableModel[];
  target: readonly TableModel[];
}

/**
 * Whether a column type (canonical `format_type` spelling) is the enum or an
 * array of it. Accepts each name part bare or double-quoted.
 */
export function typeUsesEnum(type: string, model: Pick<EnumModel, 'schema' | 'name'>): boolean {
  const base = type.replace(/(\[\])+$/, '');
  for (const schema of spellings(model.schema)) {
    for (const name of spellings(model.name)) {
      if (base === `${schema}.${name}`) return true;
    }
  }
  return false;
}

function spellings(identifier: string): string[] {
  return [identifier, `"${identifier.replace(/"/g, '""')}"`];
}

/**
 * The surviving columns of the enum. With `finalDefaults`, each default goes
 * from the current one to the target's (when the column keeps its type);
 * without, it stays the current one (what the reverse of an addition needs).
 */
export function enumColumnUses(model: EnumModel, tables: EnumTables, finalDefaults: boolean): EnumColumnUse[] {
  const targets = new Map(tables.target.map((t) => [objectKey(t.schema, t.name), t]));
  const uses: EnumColumnUse[] = [];
  for (const table of tables.current) {
    const after = targets.get(objectKey(table.schema, table.name));
    if (after === undefined) continue;
    for (const column of table.columns) {
      const kept = after.columns.find((c) => c.name === column.name);
      if (kept === undefined || !typeUsesEnum(column.type, model)) continue;
      const to = finalDefaults && kept.type === column.type ? kept.default : column.default;
      const use: EnumColumnUse = { schema: table.schema, table: table.name, column: column.name, type: column.type };
      if (column.default !== null || to !== null) use.default = { from: column.default, to };
      uses.push(use);
    }
  }
  return uses.sort((a, b) => compareTuples([a.schema, a.table, a.column], [b.schema, b.table, b.column]));
}

/**
 * Removes from the table changes the default changes that replacing enums
 * already makes: a replacement sets each converted column's final default.
 * A column change left with nothing to do is dropped.
 */
export function withoutReplacedDefaults(changes: TableChanges[], replaced: readonly OperationOf<'replaceEnum'>[]): TableChanges[] {
  const handled = new Set<string>();
  for (const op of replaced) {
    for (const use of op.columns) {
      if (use.default !== undefined) handled.add(objectKey(objectKey(use.schema, use.table), use.column));
    }
  }
  if (handled.size === 0) return changes;
  return changes.map((change) => ({
    ...change,
    alterColumns: change.alterColumns.flatMap((op) => {
      const key = objectKey(objectKey(op.schema, op.table), op.column);
      if (!handled.has(key) || op.to.default === undefined || op.to.type !== undefined) return [op];
      const { default: _to, ...to } = op.to;
      const from = op.from === undefined ? undefined : (({ default: _from, ...rest }) => rest)(op.from);
      if (Object.values(to).every((value) => value === undefined)) return [];
      return [{ ...op, to, ...(from === undefined ? {} : { from }) }];
    }),
  }));
}

/**
 * The tables as they read once the values are renamed: Postgres stores a
 * label by its enum value, so defaults and expressions that spell
 * `'old'::schema.enum` print `'new'::schema.enum` after `RENAME VALUE`.
 */
export function withRenamedValues(tables: readonly TableModel[], renames: readonly OperationOf<'renameEnumValue'>[]): TableModel[] {
  if (renames.length === 0) return [...tables];
  const rewrite = labelRewrite(renames, false);
  return tables.map((table) => mapStrings(table, rewrite));
}

/**
 * Drops run before values are renamed, and their reverses after the renames
 * are undone: what they remove is put back as it read before the renames.
 */
export function withOriginalRemoved(ops: readonly Operation[], renames: readonly OperationOf<'renameEnumValue'>[]): Operation[] {
  if (renames.length === 0) return [...ops];
  const rewrite = labelRewrite(renames, true);
  return ops.map((op) => ('removed' in op && op.removed !== undefined ? ({ ...op, removed: mapStrings(op.removed, rewrite) } as Operation) : op));
}

function labelRewrite(renames: readonly OperationOf<'renameEnumValue'>[], back: boolean): (text: string) => string {
  const pairs = renames.flatMap((op) =>
    typeSpellings(op).map((type) => {
      const [from, to] = back ? [op.to, op.from] : [op.from, op.to];
      return { from: `${literal(from)}::${type}`, to: `${literal(to)}::${type}` };
    }),
  );
  return (text) => pairs.reduce((acc, { from, to }) => acc.split(from).join(to), text);
}

function typeSpellings(model: Pick<EnumModel, 'schema' | 'name'>): string[] {
  return spellings(model.schema).flatMap((schema) => spellings(model.name).map((name) => `${schema}.${name}`));
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A deep copy of a plain JSON value with every string passed through `fn`. */
function mapStrings<T>(value: T, fn: (text: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, fn)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, fn)])) as T;
  }
  return value;
}
