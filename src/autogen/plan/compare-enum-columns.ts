import type { EnumColumnUse, Operation, OperationOf } from '../../ops/operation.js';
import type { EnumModel, SchemaModel, TableModel } from '../../schema/model.js';
import { enumTypeSpellings, labelRewrite } from '../dependents/enum-label-text.js';
import type { TableChanges } from '../diff/compare-tables.js';
import { compareTuples } from '../diff/compare-values.js';
import { qualifiedKey } from '../../schema/model.js';
import { partitionOwnDefaults } from './partition-own-defaults.js';

/**
 * The columns an enum replacement converts, and the column changes it makes
 * redundant. A column is converted when it uses the enum (or an array of it)
 * on the current side and still exists on the target side: dropped columns
 * and tables are gone before enums change, and new columns come after.
 * The own defaults of partitions under a converted column are listed too
 * (`partitionDepth`): the conversion reaches them and sets them again.
 */

/** Both sides' tables, for finding the columns that use an enum. */
export interface EnumTables {
  current: readonly TableModel[];
  target: readonly TableModel[];
  /**
   * Both whole models, when known: the target's expressions tell whether a
   * new value is used in the same revision, the current side's domains
   * whether the enum can be replaced.
   */
  models?: { current: EnumSideModel; target: EnumSideModel };
}

/** The parts of a model that may use an enum besides table columns. */
export type EnumSideModel = Pick<
  SchemaModel,
  'tables' | 'views' | 'functions' | 'triggers' | 'domains' | 'composites' | 'foreignTables' | 'dependencies'
>;

/**
 * Whether a column type (canonical `format_type` spelling) is the enum or an
 * array of it. Accepts each name part bare or double-quoted.
 */
export function typeUsesEnum(type: string, model: Pick<EnumModel, 'schema' | 'name'>): boolean {
  return enumTypeSpellings(model).includes(type.replace(/(\[\])+$/, ''));
}

/**
 * The surviving columns of the enum. With `finalDefaults`, each default goes
 * from the current one to the target's (when the column keeps its type);
 * without, it stays the current one (what the reverse of an addition needs).
 */
export function enumColumnUses(model: EnumModel, tables: EnumTables, finalDefaults: boolean): EnumColumnUse[] {
  const targets = new Map(tables.target.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const uses: EnumColumnUse[] = [];
  for (const table of tables.current) {
    const after = targets.get(qualifiedKey(table.schema, table.name));
    if (after === undefined) continue;
    for (const column of table.columns) {
      const kept = after.columns.find((c) => c.name === column.name);
      if (kept === undefined || !typeUsesEnum(column.type, model)) continue;
      const final = finalDefaults && kept.type === column.type;
      const to = final ? kept.default : column.default;
      const use: EnumColumnUse = {
        schema: table.schema,
        table: table.name,
        column: column.name,
        type: column.type,
        ...(column.default !== null || to !== null ? { default: { from: column.default, to } } : {}),
      };
      uses.push(use);
      for (const own of partitionOwnDefaults(tables, use, column.name)) {
        const ownTo = final ? own.to : own.from;
        if (own.from === null && ownTo === null) continue;
        uses.push({
          ...use,
          table: own.table,
          schema: own.schema,
          default: { from: own.from, to: ownTo },
          partitionDepth: own.depth,
        });
      }
    }
  }
  return uses.sort((a, b) => compareTuples([a.schema, a.table, a.column], [b.schema, b.table, b.column]));
}

/**
 * Removes from the table changes the default changes that replacing enums
 * already makes: a replacement sets each converted column's final default.
 * A column change left with nothing to do is dropped.
 */
export function withoutReplacedDefaults(
  changes: TableChanges[],
  replaced: readonly OperationOf<'replaceEnum'>[],
): TableChanges[] {
  return withoutDefaultChanges(changes, replacedDefaults(replaced));
}

/** The columns (`qualifiedKey(qualifiedKey(schema, table), column)`) whose defaults the replacements set. */
export function replacedDefaults(replaced: readonly OperationOf<'replaceEnum'>[]): Set<string> {
  const handled = new Set<string>();
  for (const op of replaced) {
    for (const use of op.columns) {
      if (use.default !== undefined) handled.add(qualifiedKey(qualifiedKey(use.schema, use.table), use.column));
    }
  }
  return handled;
}

/**
 * The table changes without their default changes for the columns `handled`
 * holds (`qualifiedKey(qualifiedKey(schema, table), column)`); a column change left
 * with nothing to do is dropped.
 */
export function withoutDefaultChanges(changes: TableChanges[], handled: ReadonlySet<string>): TableChanges[] {
  if (handled.size === 0) return changes;
  return changes.map((change) => ({
    ...change,
    alterColumns: change.alterColumns.flatMap((op) => {
      const key = qualifiedKey(qualifiedKey(op.schema, op.table), op.column);
      if (!handled.has(key) || op.to.default === undefined || op.to.type !== undefined) return [op];
      const { default: _to, ...to } = op.to;
      const from = op.from === undefined ? undefined : (({ default: _from, ...rest }) => rest)(op.from);
      if (Object.values(to).every((value) => value === undefined)) return [];
      return [{ ...op, to, ...(from === undefined ? {} : { from }) }];
    }),
  }));
}

/**
 * The model as it reads once the values are renamed: Postgres stores a label
 * by its enum value, so defaults and expressions (of tables, views, routines,
 * triggers and domains) that spell `'old'::schema.enum` or
 * `'{old}'::schema.enum[]` print the new label after `RENAME VALUE`.
 */
export function withRenamedValues<
  M extends Pick<SchemaModel, 'tables' | 'views' | 'functions' | 'triggers' | 'domains'>,
>(model: M, renames: readonly OperationOf<'renameEnumValue'>[]): M {
  if (renames.length === 0) return model;
  const rewrite = labelRewrite(renames, false);
  return {
    ...model,
    tables: mapStrings(model.tables, rewrite),
    views: mapStrings(model.views, rewrite),
    functions: mapStrings(model.functions, rewrite),
    triggers: mapStrings(model.triggers, rewrite),
    domains: mapStrings(model.domains, rewrite),
  };
}

/**
 * Drops that run before values are renamed have their reverses run after the
 * renames are undone: what they remove is put back as it read before the
 * renames. The scheduler (`rewrittenBefore` in `order/schedule.ts`) applies
 * this rewrite to the operations before the first rename; drops after the
 * renames keep the renamed forms.
 */
export function originalRemoved(renames: readonly OperationOf<'renameEnumValue'>[]): (op: Operation) => Operation {
  if (renames.length === 0) return (op) => op;
  const rewrite = labelRewrite(renames, true);
  return (op) =>
    'removed' in op && op.removed !== undefined
      ? ({ ...op, removed: mapStrings(op.removed, rewrite) } as Operation)
      : op;
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
