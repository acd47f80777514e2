import type { ColumnModel, ConstraintModel, IndexModel, SchemaModel, TableModel } from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import { columnIds, partId, tableColumnIds } from '../../schema/object-id.js';
import { isForeignKey, tableConstraints } from '../diff/compare-constraints.js';
import { modelIndex, type Dependents } from '../../schema/model-index.js';
import type { ObjectSteps } from '../diff/objects/object-steps.js';
import type { TableFeaturesComparison } from '../diff/compare-table-features.js';
import { retypedColumns, type TableChanges, type TablesComparison } from '../diff/compare-tables.js';
import { orderedColumn, sortByName } from '../diff/compare-values.js';
import { withRecreatedPolicies, withRecreatedTriggers } from './recreated-policies-triggers.js';
import { withPartitionColumns } from './with-partition-columns.js';

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
  const used = columnIds(withPartitionColumns(retyped, sides.current.tables));
  const dependents = modelIndex(sides.current);
  return {
    tables: withRegeneratedColumns(parts.tables, sides.tables, retyped, dependents),
    features: withRecreatedPolicies(
      parts.features,
      { current: sides.current.tables, target: sides.target.tables },
      (policy, table) => dependents.usesAny(partId('policy', table, policy.name), used),
      'retypedPolicies',
    ),
    objects: withRecreatedTriggers(
      parts.objects,
      sides,
      (trigger) =>
        dependents.usesAny(partId('trigger', { schema: trigger.schema, name: trigger.table }, trigger.name), used),
      'retypedTriggers',
    ),
  };
}

function withRegeneratedColumns(
  tables: TablesComparison,
  sides: { current: readonly TableModel[]; target: readonly TableModel[] },
  retyped: Map<string, Set<string>>,
  dependents: Dependents,
): TablesComparison {
  const current = new Map(sides.current.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const target = new Map(sides.target.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const changes = tables.changes.map((change): TableChanges => {
    const key = qualifiedKey(change.schema, change.name);
    const before = current.get(key);
    const after = target.get(key);
    const columns = retyped.get(key);
    if (before === undefined || after === undefined || columns === undefined) return change;
    return regenerate(change, { before, after, dependents }, columns);
  });
  return { ...tables, changes };
}

/** The generated columns of `before` using `columns` that `after` keeps generated, dropped and added again with what is on them. */
function regenerate(change: TableChanges, sides: RenewSides, columns: ReadonlySet<string>): TableChanges {
  const { before, after, dependents } = sides;
  const handled = new Set([...change.dropColumns, ...change.addColumns].map((c) => c.name));
  const targetColumns = new Map(after.columns.map((c) => [c.name, c]));
  const used = tableColumnIds(before, columns);
  const regenerated = before.columns.filter((c) => {
    const next = targetColumns.get(c.name);
    if (c.generated === undefined || next?.generated === undefined || handled.has(c.name) || columns.has(c.name))
      return false;
    return dependents.usesAny(partId('column', before, c.name), used);
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
  renewOn(result, sides, names);
  return result;
}

/** A table on both sides, with what uses what on the current one. */
interface RenewSides {
  before: TableModel;
  after: TableModel;
  dependents: Dependents;
}

/** Drops and adds again the constraints and indexes of the table that use `columns` (those the target keeps, in its form). */
function renewOn(change: TableChanges, sides: RenewSides, columns: ReadonlySet<string>): void {
  const { before, after, dependents } = sides;
  const used = tableColumnIds(before, columns);
  const targetConstraints = new Map(tableConstraints(after).map((c) => [c.name, c]));
  for (const constraint of tableConstraints(before)) {
    if (dependents.usesAny(partId('constraint', before, constraint.name), used))
      renewConstraint(change, constraint, targetConstraints.get(constraint.name));
  }
  const targetIndexes = new Map(after.indexes.map((index) => [index.name, index]));
  for (const index of before.indexes) {
    if (dependents.usesAny(partId('index', before, index.name), used))
      renewIndex(change, index, targetIndexes.get(index.name));
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
