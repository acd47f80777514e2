import type { ColumnModel, TableModel } from '../../schema/model.js';
import {
  PartitionColumnPlanner,
  partitionColumnsForComparison,
  sameTree,
  type PartitionSides,
} from '../diff/compare-partition-columns.js';
import { tableIndex } from '../../schema/model-index.js';
import { sameValue } from '../diff/compare-values.js';
import { qualifiedKey, withoutPolicies } from '../../schema/model.js';
import { withPartitionClones } from '../diff/partition-clones.js';

/**
 * The tables as the table comparison sees them. Policies are compared apart
 * (see compare-table-features.ts), so they are left out here. A table that
 * stops being a partition (or changes parent or bound) is detached before
 * every other change and keeps, as its own, the keys, checks and indexes
 * Postgres cloned from its parent; one that becomes a partition is attached
 * after them and must have, right before, exactly its parent's columns and
 * the clones it will get, which Postgres adopts (see diff/partition-clones.ts).
 * So what the model lacks is dropped after a detach, and what a partition
 * gets is added before an attach.
 * A partition's columns are those whose DEFAULT or NOT NULL changes (see
 * compare-partition-columns.ts), so they are altered, never added or dropped.
 */
export function tablesForComparison(
  current: readonly TableModel[],
  target: readonly TableModel[],
): { current: TableModel[]; target: TableModel[] } {
  const sides = { current: tableIndex(current), target: tableIndex(target) };
  const columns = partitionColumns(sides);
  const currentOut = current.map((table) => {
    const next = sides.target.get(keyOf(table));
    if (next === undefined) return withoutPolicies(table);
    const compared = columns.get(keyOf(table));
    if (samePartition(table, next))
      return withoutPolicies(compared === undefined ? table : { ...table, columns: compared.current });
    // Detached first: it then has its parent's columns (with its own defaults and NOT NULL) and clones as its own.
    const detached = withPartitionClones(sides.current, table, sides.current.parentOf(table));
    const own =
      table.partitionOf === undefined ? table.columns : structuredClone([...sides.current.effectiveColumns(table)]);
    return withoutPolicies({ ...detached, columns: compared?.current ?? own });
  });
  const targetOut = target.map((table) => {
    const previous = sides.current.get(keyOf(table));
    const compared = columns.get(keyOf(table));
    if (previous === undefined || samePartition(previous, table)) {
      return withoutPolicies(compared === undefined ? table : { ...table, columns: compared.target });
    }
    // Attached last: right before, it must have the columns and the clones its parent will give it.
    const attached = withPartitionClones(sides.target, table, sides.target.parentOf(table));
    return withoutPolicies({ ...attached, columns: compared?.target ?? table.columns });
  });
  return { current: currentOut, target: targetOut };
}

/** The columns to compare of each table that is a partition on the target side and exists on both. */
function partitionColumns(
  sides: PartitionSides,
): Map<string, { current: readonly ColumnModel[]; target: readonly ColumnModel[] }> {
  const planner = new PartitionColumnPlanner(sides);
  const columns = new Map<string, { current: readonly ColumnModel[]; target: readonly ColumnModel[] }>();
  for (const table of sides.target.tables) {
    const previous = sides.current.get(keyOf(table));
    if (previous === undefined || table.partitionOf === undefined) continue;
    columns.set(
      keyOf(table),
      sameTree(sides, previous, table) ? NONE : partitionColumnsForComparison(planner, sides, previous, table),
    );
  }
  return columns;
}

const NONE = { current: [], target: [] } as const;

function samePartition(a: TableModel, b: TableModel): boolean {
  return sameValue(a.partitionOf ?? null, b.partitionOf ?? null);
}

function keyOf(table: TableModel): string {
  return qualifiedKey(table.schema, table.name);
}
