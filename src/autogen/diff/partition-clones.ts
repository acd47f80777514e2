import type { IndexColumnModel, TableModel } from '../../schema/model.js';
import { indexNameParts, nameFromParts, primaryKeyNameParts, uniqueNameParts } from '../../schema/naming.js';
import type { TableIndex } from '../../schema/model-index.js';

/**
 * What a partition has from its parent, which its model leaves to the parent:
 * Postgres clones the parent's primary key, unique constraints, foreign keys,
 * checks and indexes onto each partition (for a partition of a partition,
 * what its parent has from its own parent too). Detaching a partition leaves
 * the clones on the table as its own; attaching a table adopts the ones it
 * already has (keys and indexes matching the parent's, checks of the same
 * name) and creates the others.
 *
 * Each clone carries the name Postgres gives it on the partition:
 * `<partition>_pkey`, `<partition>_<columns>_key` and `<partition>_<columns>_idx`
 * (the index's name from the partition's `indexNames` where the model gives
 * one), and the parent's own name for foreign keys and checks; an index
 * has its parent's storage parameters unless the partition's `indexStorage`
 * gives its own.
 */
export type PartitionClones = Pick<TableModel, 'primaryKey' | 'uniques' | 'foreignKeys' | 'checks' | 'indexes'>;

/** The clones `table` gets as a partition of `parent` (both from the same side). */
export function partitionClones(tables: TableIndex, table: TableModel, parent: TableModel): PartitionClones {
  return clonesOf(table, ownAndCloned(tables, parent));
}

/** `from` (a parent's keys, checks and indexes) as Postgres clones them onto `table`. */
function clonesOf(table: TableModel, from: PartitionClones): PartitionClones {
  const names = new Map((table.indexNames ?? []).map((entry) => [entry.parentIndex, entry.name]));
  const storage = new Map((table.indexStorage ?? []).map((entry) => [entry.parentIndex, entry.with]));
  const withInclude = (columns: readonly string[], include: readonly string[] | undefined): string[] => [
    ...columns,
    ...(include ?? []),
  ];
  return {
    primaryKey:
      from.primaryKey === null ? null : { ...from.primaryKey, name: nameFromParts(primaryKeyNameParts(table.name)) },
    uniques: from.uniques.map((u) => ({
      ...u,
      name: nameFromParts(uniqueNameParts(table.name, withInclude(u.columns, u.include))),
    })),
    foreignKeys: from.foreignKeys.map((fk) => ({ ...fk })),
    checks: from.checks.filter((c) => c.noInherit !== true).map((c) => ({ ...c })),
    indexes: from.indexes.map((index) => {
      const columns: IndexColumnModel[] = [...index.columns, ...(index.include ?? []).map((column) => ({ column }))];
      const { with: parentStorage, ...rest } = index;
      const own = storage.get(index.name) ?? parentStorage;
      return {
        ...rest,
        name: names.get(index.name) ?? nameFromParts(indexNameParts(table.name, columns)),
        ...(own !== undefined && Object.keys(own).length > 0 ? { with: own } : {}),
      };
    }),
  };
}

/**
 * The table as it is after detaching it from `parent` or before attaching it
 * to `parent` (from the side the parent is on): its own keys, checks and
 * indexes with the clones added. The table itself when `parent` is undefined.
 */
export function withPartitionClones(tables: TableIndex, table: TableModel, parent: TableModel | undefined): TableModel {
  return parent === undefined ? table : { ...table, ...merged(table, partitionClones(tables, table, parent)) };
}

/** A table's own keys, checks and indexes, with those it has from its own parent. */
function ownAndCloned(tables: TableIndex, table: TableModel): PartitionClones {
  const above = tables.ancestorKeys(table).flatMap((key) => tables.get(key) ?? []);
  // From the top of the tree down, each table gets what the one above has, cloned.
  return [table, ...above].reduceRight<PartitionClones | undefined>(
    (inherited, at) => (inherited === undefined ? at : merged(at, clonesOf(at, inherited))),
    undefined,
  )!;
}

function merged(own: PartitionClones, inherited: PartitionClones): PartitionClones {
  return {
    primaryKey: own.primaryKey ?? inherited.primaryKey,
    uniques: [...own.uniques, ...inherited.uniques],
    foreignKeys: [...own.foreignKeys, ...inherited.foreignKeys],
    checks: [...own.checks, ...inherited.checks],
    indexes: [...own.indexes, ...inherited.indexes],
  };
}
