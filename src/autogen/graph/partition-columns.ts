import type { TableModel } from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import { tableIndex } from '../../schema/model-index.js';

/**
 * `columns` (sets of column names by table, `qualifiedKey`) with every
 * partition of a listed table, at any depth, listed too: a partition has its
 * parent's columns, and a type change or a dropped column on the parent
 * reaches them, so what uses them through a partition (a view reading the
 * partition, a policy or trigger on it) is concerned as well. `tables` is the
 * side whose partitions count (the current one: what exists while the change
 * runs).
 */
export function withPartitionColumns(
  columns: ReadonlyMap<string, ReadonlySet<string>>,
  tables: readonly TableModel[],
): Map<string, Set<string>> {
  const result = new Map([...columns].map(([key, names]) => [key, new Set(names)]));
  if (columns.size === 0) return result;
  const index = tableIndex(tables);
  for (const table of tables) {
    const key = qualifiedKey(table.schema, table.name);
    for (const parentKey of index.ancestorKeys(table)) {
      const inherited = columns.get(parentKey);
      if (inherited === undefined) continue;
      const own = result.get(key) ?? new Set<string>();
      for (const name of inherited) own.add(name);
      result.set(key, own);
    }
  }
  return result;
}

/** Sets of column names by table (`qualifiedKey`), several maps in one: a table's names from each. */
export function mergedColumns(maps: readonly ReadonlyMap<string, ReadonlySet<string>>[]): Map<string, Set<string>> {
  const merged = new Map<string, Set<string>>();
  for (const map of maps)
    for (const [table, names] of map) {
      const own = merged.get(table) ?? new Set<string>();
      for (const name of names) own.add(name);
      merged.set(table, own);
    }
  return merged;
}
