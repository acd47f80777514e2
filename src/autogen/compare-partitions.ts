import type { ColumnModel, TableModel } from '../schema/model.js';
import {
  effectiveColumns,
  PartitionColumnPlanner,
  partitionColumnsForComparison,
  type PartitionSides,
} from './compare-partition-columns.js';
import { objectKey, sameValue } from './compare-values.js';

/**
 * The tables as the table comparison sees them. Policies are compared apart
 * (see compare-table-features.ts), so they are left out here. A table that
 * becomes a partition, or stops being one, is attached or detached: its
 * columns, and the keys and indexes that match its parent's (which Postgres
 * attaches to or detaches from the parent's), are not changed one by one.
 * A partition's columns are those whose DEFAULT or NOT NULL changes (see
 * compare-partition-columns.ts), so they are altered, never added or dropped.
 */
export function tablesForComparison(
  current: readonly TableModel[],
  target: readonly TableModel[],
): { current: TableModel[]; target: TableModel[] } {
  const sides = { current: new Map(current.map((t) => [keyOf(t), t])), target: new Map(target.map((t) => [keyOf(t), t])) };
  const columns = partitionColumns(sides);
  const currentOut = current.map((table) => {
    const next = sides.target.get(keyOf(table));
    if (next === undefined) return withoutPolicies(table);
    const compared = columns.get(keyOf(table));
    if (table.partitionOf === undefined && next.partitionOf !== undefined) {
      // Attached at the end: what the parent gives it is not the table's own.
      const parent = sides.target.get(parentKey(next));
      return withoutPolicies({ ...withoutInherited(table, parent), columns: compared?.current ?? [] });
    }
    if (table.partitionOf !== undefined && next.partitionOf === undefined) {
      // Detached first: it then has its parent's columns, with its own defaults and NOT NULL, as its own.
      return withoutPolicies({ ...table, columns: structuredClone(effectiveColumns(sides.current, table)) });
    }
    return withoutPolicies(compared === undefined ? table : { ...table, columns: compared.current });
  });
  const targetOut = target.map((table) => {
    const previous = sides.current.get(keyOf(table));
    if (previous?.partitionOf !== undefined && table.partitionOf === undefined) {
      // Detaching keeps the keys and indexes it had from its parent.
      return withoutPolicies(withoutInherited(table, sides.current.get(parentKey(previous))));
    }
    const compared = columns.get(keyOf(table));
    return withoutPolicies(compared === undefined ? table : { ...table, columns: compared.target });
  });
  return { current: currentOut, target: targetOut };
}

/** The columns to compare of each table that is a partition on the target side and exists on both. */
function partitionColumns(sides: PartitionSides): Map<string, { current: ColumnModel[]; target: ColumnModel[] }> {
  const planner = new PartitionColumnPlanner(sides);
  const columns = new Map<string, { current: ColumnModel[]; target: ColumnModel[] }>();
  for (const table of sides.target.values()) {
    const previous = sides.current.get(keyOf(table));
    if (previous === undefined || table.partitionOf === undefined) continue;
    columns.set(keyOf(table), partitionColumnsForComparison(planner, sides, previous, table));
  }
  return columns;
}

/** The table without its policies, which are compared apart. */
export function withoutPolicies(table: TableModel): TableModel {
  const { policies: _policies, ...rest } = table;
  return rest;
}

/** The table without the keys and indexes that match one of the parent's, names aside. */
function withoutInherited(table: TableModel, parent: TableModel | undefined): TableModel {
  if (parent === undefined) return table;
  const matches = <T extends { name: string }>(item: T, candidates: readonly T[]): boolean =>
    candidates.some((candidate) => sameValue({ ...item, name: '' }, { ...candidate, name: '' }));
  return {
    ...table,
    primaryKey: table.primaryKey !== null && parent.primaryKey !== null && matches(table.primaryKey, [parent.primaryKey]) ? null : table.primaryKey,
    uniques: table.uniques.filter((u) => !matches(u, parent.uniques)),
    foreignKeys: table.foreignKeys.filter((fk) => !matches(fk, parent.foreignKeys)),
    indexes: table.indexes.filter((index) => !matches(index, parent.indexes)),
  };
}

function keyOf(table: TableModel): string {
  return objectKey(table.schema, table.name);
}

function parentKey(table: TableModel): string {
  const parent = table.partitionOf;
  return parent === undefined ? '' : objectKey(parent.schema, parent.table);
}
