import type { TableModel } from '../schema/model.js';
import { objectKey, sameValue } from './compare-values.js';

/**
 * The tables as the table comparison sees them. Policies are compared apart
 * (see compare-table-features.ts), so they are left out here. A table that
 * becomes a partition, or stops being one, is attached or detached: its
 * columns, and the keys and indexes that match its parent's (which Postgres
 * attaches to or detaches from the parent's), are not changed one by one.
 */
export function tablesForComparison(
  current: readonly TableModel[],
  target: readonly TableModel[],
): { current: TableModel[]; target: TableModel[] } {
  const currentByKey = new Map(current.map((t) => [keyOf(t), t]));
  const targetByKey = new Map(target.map((t) => [keyOf(t), t]));
  const currentOut = current.map((table) => {
    const next = targetByKey.get(keyOf(table));
    if (next === undefined) return withoutPolicies(table);
    if (table.partitionOf === undefined && next.partitionOf !== undefined) {
      // Attached at the end: what the parent gives it is not the table's own.
      const parent = targetByKey.get(parentKey(next));
      return withoutPolicies({ ...withoutInherited(table, parent), columns: [] });
    }
    if (table.partitionOf !== undefined && next.partitionOf === undefined) {
      // Detached first: it then has its parent's columns, as its own.
      const parent = currentByKey.get(parentKey(table));
      return withoutPolicies({ ...table, columns: structuredClone(parent?.columns ?? []) });
    }
    return withoutPolicies(table);
  });
  const targetOut = target.map((table) => {
    const previous = currentByKey.get(keyOf(table));
    if (previous?.partitionOf !== undefined && table.partitionOf === undefined) {
      // Detaching keeps the keys and indexes it had from its parent.
      return withoutPolicies(withoutInherited(table, currentByKey.get(parentKey(previous))));
    }
    return withoutPolicies(table);
  });
  return { current: currentOut, target: targetOut };
}

function withoutPolicies(table: TableModel): TableModel {
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
