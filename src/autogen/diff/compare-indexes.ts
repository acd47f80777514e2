import type { IndexModel, TableModel } from '../../schema/model.js';
import type { UniqueKeyRef } from './compare-constraints.js';
import { orderedIndex, sameValue, sortByName } from './compare-values.js';

export interface IndexesComparison {
  /** Indexes only the current side has, or whose definition changed; sorted by name. */
  drop: IndexModel[];
  /** Indexes only the target has, or whose definition changed; sorted by name. */
  add: IndexModel[];
}

/**
 * Compares indexes by name; a changed definition under the same name is a
 * drop and an add, and so is an unchanged index for which `renew` holds.
 * With `storageInPlace`, storage parameters and key statistics targets alone
 * are no change here: the caller sets them in place (a table's indexes,
 * compare-table-features.ts).
 */
export function compareIndexes(
  current: readonly IndexModel[],
  target: readonly IndexModel[],
  renew: (index: IndexModel) => boolean = () => false,
  storageInPlace = false,
): IndexesComparison {
  // Compared as they are (sameValue ignores key order); only what is dropped or added is copied in order.
  const before = new Map(sortByName(current).map((index) => [index.name, index]));
  const after = new Map(sortByName(target).map((index) => [index.name, index]));
  const compared = (index: IndexModel | undefined) =>
    storageInPlace && index !== undefined ? withoutStorage(index) : index;
  const changed = (index: IndexModel, other: IndexModel | undefined): boolean =>
    !sameValue(compared(index), compared(other)) || (other !== undefined && renew(other));
  return {
    // An invalid index is dropped and built again; the downgrade builds it valid (Postgres cannot make it invalid).
    drop: [...before.values()]
      .filter((index) => changed(index, after.get(index.name)) || renew(index))
      .map((index) => withoutInvalid(orderedIndex(index))),
    add: [...after.values()].filter((index) => changed(index, before.get(index.name))).map(orderedIndex),
  };
}

/** Whether a table's indexes take their storage parameters in place (`ALTER INDEX ... SET`): a partitioned table's do not. */
export function storageInPlace(table: TableModel): boolean {
  return table.partitionBy === undefined;
}

/** The index without what is set in place (`storageInPlace`): its storage parameters and its keys' statistics targets. */
export function withoutStorage(index: IndexModel): IndexModel {
  const { with: _with, ...rest } = index;
  if (!index.columns.some((key) => key.statistics !== undefined)) return rest;
  return {
    ...rest,
    columns: index.columns.map((key) => {
      const { statistics: _statistics, ...plain } = key;
      return plain;
    }),
  };
}

function withoutInvalid(index: IndexModel): IndexModel {
  const { invalid: _invalid, ...valid } = index;
  return valid;
}

/** The unique key a non-partial unique index on plain columns provides, or null. */
export function indexKey(schema: string, table: string, index: IndexModel): UniqueKeyRef | null {
  if (!index.unique || index.where !== null) return null;
  const columns: string[] = [];
  for (const part of index.columns) {
    if (!('column' in part)) return null;
    columns.push(part.column);
  }
  return { schema, table, columns };
}
