import type { ColumnModel, ConstraintModel, IndexModel, SchemaModel, TableModel } from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import { columnIds, idKind, partId, type ObjectId } from '../../schema/object-id.js';
import { isForeignKey, tableConstraints } from '../diff/compare-constraints.js';
import { modelIndex } from '../../schema/model-index.js';
import { blockedClosure, changed } from '../graph/closure.js';
import type { Step } from '../steps.js';
import { retypedColumns, type TableChanges, type TablesComparison } from '../diff/compare-tables.js';
import { orderedColumn, sortByName } from '../diff/compare-values.js';
import { withRecreatedPolicies, withRecreatedTriggers } from './recreated-policies-triggers.js';
import { withPartitionColumns } from '../graph/partition-columns.js';

/**
 * Postgres refuses to change the type of a column that a generated column,
 * a policy or a trigger uses, and to drop one that anything uses (`blocks`
 * in graph/closure.ts). So around a type change, or a column the comparison drops
 * and adds again (a generation expression changed), what is in the way
 * (`blockedClosure`) moves: the generated columns using a retyped column are
 * dropped and added again (their values are computed; they come back at the
 * end of the table), with the constraints and indexes on them; the policies
 * and triggers using any of these columns are dropped first and created last.
 * (The constraints and indexes on a column dropped and added again are the
 * table comparison's.) Views using them are the view comparison's (they read
 * a retyped table). A retyped column of a partitioned table is retyped on
 * every partition below it, so the policies and triggers of the partitions
 * count too.
 */

export interface RetypedParts {
  tables: TablesComparison;
  features: readonly Step[];
  objects: readonly Step[];
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
  const readded = readdedColumns(parts.tables.changes);
  if (retyped.size === 0 && readded.size === 0) return parts;
  // A partition's columns are its parent's: what uses them on a partition is in the way too.
  const columns = (names: Map<string, Set<string>>): Set<ObjectId> =>
    columnIds(withPartitionColumns(names, sides.current.tables));
  const tables = changedTables(parts.tables, sides.tables);
  const regenerable = regenerableColumns(tables, retyped);
  const blocked = blockedClosure(
    modelIndex(sides.current),
    [...changed(columns(retyped), 'retype'), ...changed(columns(readded), 'drop')],
    (id) => idKind(id) !== 'column' || regenerable.has(id),
  );
  return {
    tables: { ...parts.tables, changes: tables.map((table) => regenerate(table, blocked)) },
    features: withRecreatedPolicies(
      parts.features,
      { current: sides.current.tables, target: sides.target.tables },
      (policy, table) => blocked.has(partId('policy', table, policy.name)),
      'retypedPolicies',
    ),
    objects: withRecreatedTriggers(
      parts.objects,
      sides,
      (trigger) => blocked.has(partId('trigger', { schema: trigger.schema, name: trigger.table }, trigger.name)),
      'retypedTriggers',
    ),
  };
}

/** The columns each table's comparison drops and adds again, by `qualifiedKey`. */
function readdedColumns(changes: readonly TableChanges[]): Map<string, Set<string>> {
  const readded = new Map<string, Set<string>>();
  for (const change of changes) {
    const added = new Set(change.addColumns.map((c) => c.name));
    const names = change.dropColumns.filter((c) => added.has(c.name)).map((c) => c.name);
    if (names.length > 0) readded.set(qualifiedKey(change.schema, change.name), new Set(names));
  }
  return readded;
}

/** A table's changes with the table on both sides (absent where a side lacks it). */
interface ChangedTable {
  change: TableChanges;
  before?: TableModel;
  after?: TableModel;
}

/** Each change with its table on both sides. */
function changedTables(
  tables: TablesComparison,
  sides: { current: readonly TableModel[]; target: readonly TableModel[] },
): ChangedTable[] {
  const current = new Map(sides.current.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const target = new Map(sides.target.map((t) => [qualifiedKey(t.schema, t.name), t]));
  return tables.changes.map((change) => {
    const key = qualifiedKey(change.schema, change.name);
    return { change, before: current.get(key), after: target.get(key) };
  });
}

/**
 * The generated columns that can be dropped and added again around a retype
 * on their table: generated on both sides, not dropped or added by the
 * comparison, not retyped themselves.
 */
function regenerableColumns(
  tables: readonly ChangedTable[],
  retyped: ReadonlyMap<string, ReadonlySet<string>>,
): Set<ObjectId> {
  const ids = new Set<ObjectId>();
  for (const { change, before, after } of tables) {
    const columns = retyped.get(qualifiedKey(change.schema, change.name));
    if (before === undefined || after === undefined || columns === undefined) continue;
    const handled = new Set([...change.dropColumns, ...change.addColumns].map((c) => c.name));
    const generated = new Set(after.columns.filter((c) => c.generated !== undefined).map((c) => c.name));
    for (const c of before.columns) {
      if (c.generated !== undefined && generated.has(c.name) && !handled.has(c.name) && !columns.has(c.name))
        ids.add(partId('column', before, c.name));
    }
  }
  return ids;
}

/** The change with the generated columns of `before` in the way dropped and added again, with what is on them. */
function regenerate({ change, before, after }: ChangedTable, blocked: ReadonlySet<ObjectId>): TableChanges {
  if (before === undefined || after === undefined) return change;
  const targetColumns = new Map(after.columns.map((c) => [c.name, c]));
  const regenerated = before.columns.filter((c) => blocked.has(partId('column', before, c.name)));
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
  renewOn(result, { before, after, blocked });
  return result;
}

/** A table on both sides, with what is in the way of the changes. */
interface RenewSides {
  before: TableModel;
  after: TableModel;
  blocked: ReadonlySet<ObjectId>;
}

/** Drops and adds again the constraints and indexes of the table in the way (those the target keeps, in its form). */
function renewOn(change: TableChanges, sides: RenewSides): void {
  const { before, after, blocked } = sides;
  const targetConstraints = new Map(tableConstraints(after).map((c) => [c.name, c]));
  for (const constraint of tableConstraints(before)) {
    if (blocked.has(partId('constraint', before, constraint.name)))
      renewConstraint(change, constraint, targetConstraints.get(constraint.name));
  }
  const targetIndexes = new Map(after.indexes.map((index) => [index.name, index]));
  for (const index of before.indexes) {
    if (blocked.has(partId('index', before, index.name))) renewIndex(change, index, targetIndexes.get(index.name));
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
