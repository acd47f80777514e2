import type { Operation, OperationOf } from '../../ops/operation.js';
import type { ColumnChange } from '../../ops/families/columns.js';
import type { Writable } from '../../util/writable.js';
import type { ColumnModel, TableModel } from '../../schema/model.js';
import { PartitionColumnPlanner, sameTree, type Attribute } from '../diff/compare-partition-columns.js';
import { fixedDefault, tableIndex, type TableIndex } from '../../schema/model-index.js';
import { sameValue } from '../diff/compare-values.js';
import { qualifiedKey } from '../../schema/model.js';

/**
 * A parent's `SET/DROP DEFAULT` and `SET/DROP NOT NULL` reach its
 * partitions, so a partition's own value is set after its parent's change
 * (compare-partition-columns.ts). The downgrade runs the steps reversed: the
 * partition's step first, then the parent's, which would overwrite the
 * partition's own value. So for each partition whose value the reverse of
 * its parents' change would overwrite, one more `alterColumn` runs before the
 * table changes: going up, it sets the value the parents' change overwrites
 * anyway; its reverse, run after the parents' reversed change, sets the
 * partition's own value back. Computed as the comparison the other way
 * round (target -> current) sees the partition after its parents' change.
 * `handledDefaults` (`qualifiedKey(qualifiedKey(schema, table), column)`) are
 * defaults that another step sets again itself (an enum replacement).
 * The scheduler runs them deepest partitions first, so that the reversed
 * steps set parents first (`order/order.ts`).
 */
export function partitionRestoreSteps(
  current: readonly TableModel[],
  target: readonly TableModel[],
  handledDefaults: ReadonlySet<string> = new Set(),
): Operation[] {
  const sides = { current: tableIndex(current), target: tableIndex(target) };
  const back = new PartitionColumnPlanner({ current: sides.target, target: sides.current });
  const partitions = current.filter((table) => {
    const next = sides.target.get(qualifiedKey(table.schema, table.name));
    return (
      table.partitionOf !== undefined &&
      next?.partitionOf !== undefined &&
      sameValue(table.partitionOf, next.partitionOf)
    );
  });
  const steps: Operation[] = [];
  for (const table of partitions) {
    const next = sides.target.get(qualifiedKey(table.schema, table.name))!;
    if (sameTree(sides, table, next)) continue;
    const kept = new Set(sides.target.effectiveColumns(next).map((c) => c.name));
    for (const column of sides.current.effectiveColumns(table)) {
      if (!kept.has(column.name)) {
        const step = droppedColumnStep(sides.current, table, column);
        if (step !== null) steps.push(step);
        continue;
      }
      const handled = handledDefaults.has(qualifiedKey(qualifiedKey(table.schema, table.name), column.name));
      const attributes = (['default', 'notNull'] as const).filter(
        (a) => !(a === 'default' && (fixedDefault(column) || handled)),
      );
      const step = restoreStep(back, table, column.name, attributes);
      if (step !== null) steps.push(step);
    }
  }
  return steps;
}

/**
 * The step for a column its table drops (with the column of every partition
 * below): the downgrade adds it back on the table that declares it, and
 * every partition takes that table's DEFAULT and NOT NULL. A partition whose
 * own values differ from its parent's gets them back by the reverse of this
 * step, which goes up to the parent's values; a deeper partition's step runs
 * first, so its reverse runs after its parent's.
 */
function droppedColumnStep(
  current: TableIndex,
  table: TableModel,
  column: ColumnModel,
): OperationOf<'alterColumn'> | null {
  const parent = current.parentOf(table);
  const given = parent === undefined ? undefined : current.effectiveColumns(parent).find((c) => c.name === column.name);
  if (given === undefined) return null;
  const to: Writable<ColumnChange> = {};
  const from: Writable<ColumnChange> = {};
  if (!fixedDefault(column) && column.default !== given.default) {
    to.default = given.default;
    from.default = column.default;
  }
  if (column.nullable !== given.nullable) {
    to.nullable = given.nullable;
    from.nullable = column.nullable;
  }
  if (Object.keys(to).length === 0) return null;
  return { kind: 'alterColumn', schema: table.schema, table: table.name, column: column.name, to, from };
}

/** The step for one column of a partition, or null when its parents' reversed change leaves its own values alone. */
function restoreStep(
  back: PartitionColumnPlanner,
  table: TableModel,
  column: string,
  attributes: readonly Attribute[],
): OperationOf<'alterColumn'> | null {
  const to: Writable<ColumnChange> = {};
  const from: Writable<ColumnChange> = {};
  for (const attribute of attributes) {
    if (!back.isChanged(table, column, attribute) || !back.parentChanges(table, column, attribute)) continue;
    const overwritten = back.valueBefore(table, column, attribute);
    const own = back.valueAfter(table, column, attribute);
    if (overwritten === undefined || own === undefined) continue;
    if (attribute === 'default') {
      to.default = typeof overwritten.value === 'string' ? overwritten.value : null;
      from.default = typeof own.value === 'string' ? own.value : null;
    } else {
      to.nullable = overwritten.value !== true;
      from.nullable = own.value !== true;
    }
  }
  if (Object.keys(to).length === 0) return null;
  return { kind: 'alterColumn', schema: table.schema, table: table.name, column, to, from };
}
