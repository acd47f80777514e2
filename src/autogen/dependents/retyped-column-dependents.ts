import type { ColumnModel, SchemaModel, TableModel } from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import { columnIds, idKind, partId, type ObjectId } from '../../schema/object-id.js';
import { tableConstraints } from '../diff/compare-constraints.js';
import { modelIndex } from '../../schema/model-index.js';
import { blockedClosure, changed } from '../graph/closure.js';
import type { Step } from '../steps.js';
import {
  addColumnStep,
  addConstraintStep,
  columnsOf,
  createIndexStep,
  dropColumnStep,
  dropConstraintStep,
  dropIndexStep,
  retypedColumns,
  tableOfStep,
  withStepsOnce,
  type TablesComparison,
  type TableStep,
} from '../diff/compare-tables.js';
import { orderedColumn } from '../diff/compare-values.js';
import { RULE_PARTS, TRIGGER_PARTS, withRecreatedParts, withRecreatedPolicies } from './recreated-table-parts.js';
import { withPartitionColumns } from '../graph/partition-columns.js';

/**
 * Postgres refuses to change the type of a column that a generated column,
 * a policy or a trigger uses, and to drop one that anything uses (`blocks`
 * in graph/closure.ts). So around a type change, or a column the comparison drops
 * and adds again (a generation expression changed), what is in the way
 * (`blockedClosure`) moves: the generated columns using a retyped column are
 * dropped and added again (their values are computed; they come back at the
 * end of the table), with the constraints and indexes on them; the policies,
 * triggers and rules using any of these columns are dropped first and created last.
 * (The constraints and indexes on a column dropped and added again are the
 * table comparison's.) Views using them are the view comparison's (they read
 * a retyped table). A retyped column of a partitioned table is retyped on
 * every partition below it, so the policies, triggers and rules of the
 * partitions count too.
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
  const steps = parts.tables.changes;
  const retyped = retypedColumns(steps);
  const readded = readdedColumns(steps);
  if (retyped.size === 0 && readded.size === 0) return parts;
  // A partition's columns are its parent's: what uses them on a partition is in the way too.
  const columns = (names: Map<string, Set<string>>): Set<ObjectId> =>
    columnIds(withPartitionColumns(names, sides.current.tables));
  const tables = changedTables(steps, sides.tables);
  const regenerable = regenerableColumns(tables, retyped, steps);
  const blocked = blockedClosure(
    modelIndex(sides.current),
    [...changed(columns(retyped), 'retype'), ...changed(columns(readded), 'drop')],
    (id) => idKind(id) !== 'column' || regenerable.has(id),
  );
  return {
    tables: { ...parts.tables, changes: regenerated(steps, tables, blocked) },
    features: withRecreatedPolicies(
      parts.features,
      { current: sides.current.tables, target: sides.target.tables },
      (policy, table) => blocked.has(partId('policy', table, policy.name)),
      'retypedPolicies',
    ),
    objects: withRecreatedParts(
      RULE_PARTS,
      withRecreatedParts(
        TRIGGER_PARTS,
        parts.objects,
        sides,
        (trigger) => blocked.has(partId('trigger', { schema: trigger.schema, name: trigger.table }, trigger.name)),
        'retypedTriggers',
      ),
      sides,
      (rule) => blocked.has(partId('rule', { schema: rule.schema, name: rule.table }, rule.name)),
      'retypedRules',
    ),
  };
}

/** The columns each table's comparison drops and adds again, by `qualifiedKey`. */
function readdedColumns(steps: readonly TableStep[]): Map<string, Set<string>> {
  const added = columnsOf(steps, (op) => op.kind === 'addColumn');
  const readded = new Map<string, Set<string>>();
  for (const [key, dropped] of columnsOf(steps, (op) => op.kind === 'dropColumn')) {
    const names = [...dropped].filter((name) => added.get(key)?.has(name) === true);
    if (names.length > 0) readded.set(key, new Set(names));
  }
  return readded;
}

/** A table the steps change, on both sides (absent where a side lacks it). */
interface ChangedTable {
  key: string;
  before?: TableModel;
  after?: TableModel;
}

/** Each table the steps change, with its two sides. */
function changedTables(
  steps: readonly TableStep[],
  sides: { current: readonly TableModel[]; target: readonly TableModel[] },
): ChangedTable[] {
  const current = new Map(sides.current.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const target = new Map(sides.target.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const keys = new Set(steps.map(tableOfStep));
  return [...keys].map((key) => ({ key, before: current.get(key), after: target.get(key) }));
}

/**
 * The generated columns that can be dropped and added again around a retype
 * on their table: generated on both sides, not dropped or added by the
 * comparison, not retyped themselves.
 */
function regenerableColumns(
  tables: readonly ChangedTable[],
  retyped: ReadonlyMap<string, ReadonlySet<string>>,
  steps: readonly TableStep[],
): Set<ObjectId> {
  const handledBy = columnsOf(steps, (op) => op.kind === 'dropColumn' || op.kind === 'addColumn');
  const ids = new Set<ObjectId>();
  for (const { key, before, after } of tables) {
    const columns = retyped.get(key);
    if (before === undefined || after === undefined || columns === undefined) continue;
    const handled = handledBy.get(key) ?? new Set<string>();
    const generated = new Set(after.columns.filter((c) => c.generated !== undefined).map((c) => c.name));
    for (const c of before.columns) {
      if (c.generated !== undefined && generated.has(c.name) && !handled.has(c.name) && !columns.has(c.name))
        ids.add(partId('column', before, c.name));
    }
  }
  return ids;
}

/**
 * The steps with the generated columns in the way dropped and added again,
 * and what is on them.
 */
function regenerated(
  steps: readonly TableStep[],
  tables: readonly ChangedTable[],
  blocked: ReadonlySet<ObjectId>,
): TableStep[] {
  const columns = new Map<string, Set<string>>();
  for (const { key, before, after } of tables) {
    if (before === undefined || after === undefined) continue;
    const names = before.columns.filter((c) => blocked.has(partId('column', before, c.name))).map((c) => c.name);
    if (names.length > 0) columns.set(key, new Set(names));
  }
  if (columns.size === 0) return [...steps];
  const dropped = columnsOf(steps, (op) => op.kind === 'dropColumn');
  const added = columnsOf(steps, (op) => op.kind === 'addColumn');
  // The table's column steps are made again from its sides, with the regenerated columns among them.
  const kept = steps.filter((step) => {
    const names = columns.get(tableOfStep(step));
    const { op } = step;
    if (names === undefined) return true;
    return op.kind !== 'dropColumn' && op.kind !== 'addColumn' && !(op.kind === 'alterColumn' && names.has(op.column));
  });
  const renewed: TableStep[] = [];
  for (const { key, before, after } of tables) {
    const names = columns.get(key);
    if (before === undefined || after === undefined || names === undefined) continue;
    const { schema, name: table } = before;
    const drops = new Set([...(dropped.get(key) ?? []), ...names]);
    const adds = new Set([...(added.get(key) ?? []), ...names]);
    const inOrder = (model: TableModel, wanted: ReadonlySet<string>): ColumnModel[] =>
      model.columns.filter((c) => wanted.has(c.name)).map(orderedColumn);
    kept.push(
      ...inOrder(before, drops).map((c) => dropColumnStep(schema, table, c)),
      ...inOrder(after, adds).map((c) => addColumnStep(schema, table, c)),
    );
    renewed.push(...renewOn({ before, after, blocked }));
  }
  return withStepsOnce(kept, renewed);
}

/** A table on both sides, with what is in the way of the changes. */
interface RenewSides {
  before: TableModel;
  after: TableModel;
  blocked: ReadonlySet<ObjectId>;
}

/** Drops and adds again the constraints and indexes of the table in the way (those the target keeps, in its form). */
function renewOn(sides: RenewSides): TableStep[] {
  const { before, after, blocked } = sides;
  const { schema, name: table } = before;
  const steps: TableStep[] = [];
  const targetConstraints = new Map(tableConstraints(after).map((c) => [c.name, c]));
  for (const constraint of tableConstraints(before)) {
    if (!blocked.has(partId('constraint', before, constraint.name))) continue;
    steps.push(dropConstraintStep(schema, table, constraint));
    const next = targetConstraints.get(constraint.name);
    if (next !== undefined) steps.push(addConstraintStep(schema, table, next));
  }
  const targetIndexes = new Map(after.indexes.map((index) => [index.name, index]));
  for (const index of before.indexes) {
    if (!blocked.has(partId('index', before, index.name))) continue;
    steps.push(dropIndexStep(schema, table, index));
    const next = targetIndexes.get(index.name);
    if (next !== undefined) steps.push(createIndexStep(schema, table, next));
  }
  return steps;
}
