import type {
  ColumnModel,
  ConstraintModel,
  IndexModel,
  SchemaModel,
  TableModel,
  TriggerModel,
} from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import { isForeignKey, tableConstraints } from '../diff/compare-constraints.js';
import { constraintUsesColumns, indexUsesColumns, mentionsColumn } from './compare-dependents.js';
import type { ObjectSteps } from '../diff/objects/object-steps.js';
import type { TableFeaturesComparison } from '../diff/compare-table-features.js';
import { retypedColumns, type TableChanges, type TablesComparison } from '../diff/compare-tables.js';
import { orderedColumn, sortByName } from '../diff/compare-values.js';
import { withRecreatedPolicies, withRecreatedTriggers } from './recreated-policies-triggers.js';
import { withPartitionColumns } from './with-partition-columns.js';
import { identifierSpellings } from '../../sql/identifier.js';

/**
 * Postgres refuses to change the type of a column that a generated column,
 * a policy or a trigger uses. So around a type change, the generated columns
 * using the column are dropped and added again (their values are computed;
 * they come back at the end of the table), with the constraints and indexes
 * on them; the policies and triggers using it are dropped first and created
 * last. Views using it are the view comparison's (they read a retyped table).
 * A retyped column of a partitioned table is retyped on every partition below
 * it, so the policies and triggers of the partitions count too.
 */

export interface RetypedParts {
  tables: TablesComparison;
  features: TableFeaturesComparison;
  objects: ObjectSteps;
}

/**
 * The parts with what uses a retyped column recreated around the change.
 * `tables` are the sides the table comparison saw (without policies);
 * `current` and `target` the whole models (for policies and triggers).
 */
export function withRetypedColumnDependents(
  parts: RetypedParts,
  sides: {
    tables: { current: readonly TableModel[]; target: readonly TableModel[] };
    current: SchemaModel;
    target: SchemaModel;
  },
): RetypedParts {
  const retyped = retypedColumns(parts.tables.changes);
  if (retyped.size === 0) return parts;
  // A partition's columns are its parent's: what uses them on a partition is in the way too.
  const reached = withPartitionColumns(retyped, sides.current.tables);
  const columnsOf = (schema: string, table: string): Set<string> =>
    reached.get(qualifiedKey(schema, table)) ?? new Set();
  const mentions = (text: string | null, columns: ReadonlySet<string>): boolean =>
    text !== null && [...columns].some((c) => mentionsColumn(text, c));
  return {
    tables: withRegeneratedColumns(parts.tables, sides.tables, retyped),
    features: withRecreatedPolicies(
      parts.features,
      { current: sides.current.tables, target: sides.target.tables },
      (policy, table) => {
        const columns = columnsOf(table.schema, table.name);
        return mentions(policy.using, columns) || mentions(policy.withCheck, columns);
      },
      'retypedPolicies',
    ),
    objects: withRecreatedTriggers(
      parts.objects,
      sides,
      (trigger) => triggerUsesColumns(trigger, columnsOf(trigger.schema, trigger.table)),
      'retypedTriggers',
    ),
  };
}

/** Whether a trigger names one of the columns (in `UPDATE OF`, or as `NEW.column` / `OLD.column` in `WHEN`). */
export function triggerUsesColumns(trigger: TriggerModel, columns: ReadonlySet<string>): boolean {
  const text = trigger.definition;
  return [...columns].some((column) => {
    if (mentionsColumn(text, column)) return true;
    return identifierSpellings(column).some((name) =>
      ['new.', 'old.'].some((row) => wordAt(text.toLowerCase(), `${row}${name.toLowerCase()}`)),
    );
  });
}

/** Whether `word` occurs with no identifier character right before or after it. */
function wordAt(text: string, word: string): boolean {
  const identifier = /[a-z0-9_$"]/;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const before = text[at - 1];
    const after = text[at + word.length];
    if ((before === undefined || !identifier.test(before)) && (after === undefined || !identifier.test(after)))
      return true;
  }
  return false;
}

function withRegeneratedColumns(
  tables: TablesComparison,
  sides: { current: readonly TableModel[]; target: readonly TableModel[] },
  retyped: Map<string, Set<string>>,
): TablesComparison {
  const current = new Map(sides.current.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const target = new Map(sides.target.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const changes = tables.changes.map((change): TableChanges => {
    const key = qualifiedKey(change.schema, change.name);
    const before = current.get(key);
    const after = target.get(key);
    const columns = retyped.get(key);
    if (before === undefined || after === undefined || columns === undefined) return change;
    return regenerate(change, before, after, columns);
  });
  return { ...tables, changes };
}

/** The generated columns of `before` using `columns` that `after` keeps generated, dropped and added again with what is on them. */
function regenerate(
  change: TableChanges,
  before: TableModel,
  after: TableModel,
  columns: ReadonlySet<string>,
): TableChanges {
  const handled = new Set([...change.dropColumns, ...change.addColumns].map((c) => c.name));
  const targetColumns = new Map(after.columns.map((c) => [c.name, c]));
  const regenerated = before.columns.filter((c) => {
    const next = targetColumns.get(c.name);
    if (c.generated === undefined || next?.generated === undefined || handled.has(c.name) || columns.has(c.name))
      return false;
    return [...columns].some((column) => mentionsColumn(c.generated as string, column));
  });
  if (regenerated.length === 0) return change;
  const names = new Set(regenerated.map((c) => c.name));
  const order = (list: ColumnModel[], model: TableModel): ColumnModel[] =>
    model.columns.filter((c) => list.some((o) => o.name === c.name)).map(orderedColumn);
  const result: TableChanges = {
    ...change,
    dropColumns: order([...change.dropColumns, ...regenerated], before).reverse(),
    addColumns: order(
      [...change.addColumns, ...regenerated.map((c) => targetColumns.get(c.name) as ColumnModel)],
      after,
    ),
    alterColumns: change.alterColumns.filter((op) => !names.has(op.column)),
  };
  renewOn(result, before, after, names);
  return result;
}

/** Drops and adds again the constraints and indexes of the table that use `columns` (those the target keeps, in its form). */
export function renewOn(
  change: TableChanges,
  before: TableModel,
  after: TableModel,
  columns: ReadonlySet<string>,
): void {
  const targetConstraints = new Map(tableConstraints(after).map((c) => [c.name, c]));
  for (const constraint of tableConstraints(before)) {
    if (constraintUsesColumns(constraint, columns))
      renewConstraint(change, constraint, targetConstraints.get(constraint.name));
  }
  const targetIndexes = new Map(after.indexes.map((index) => [index.name, index]));
  for (const index of before.indexes) {
    if (indexUsesColumns(index, columns)) renewIndex(change, index, targetIndexes.get(index.name));
  }
}

/** Adds `item` to a list sorted by name unless one of that name is there. */
function addByName<T extends { name: string }>(list: T[], item: T): T[] {
  return list.some((other) => other.name === item.name) ? list : sortByName([...list, item]);
}

function renewConstraint(change: TableChanges, before: ConstraintModel, after: ConstraintModel | undefined): void {
  if (isForeignKey(before)) change.dropForeignKeys = addByName(change.dropForeignKeys, before);
  else change.dropConstraints = addByName(change.dropConstraints, before);
  if (after === undefined) return;
  if (isForeignKey(after)) change.addForeignKeys = addByName(change.addForeignKeys, after);
  else change.addConstraints = addByName(change.addConstraints, after);
}

function renewIndex(change: TableChanges, before: IndexModel, after: IndexModel | undefined): void {
  change.dropIndexes = addByName(change.dropIndexes, before);
  if (after !== undefined) change.createIndexes = addByName(change.createIndexes, after);
}
