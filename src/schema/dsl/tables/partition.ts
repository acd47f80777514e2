import type { AnyColumnBuilder, ColumnsShape } from '../columns/column.js';
import type { StorageParametersOption } from './constraints.js';
import type { AnyTable, PartitionColumnOption, Table, TableOptions } from './table.js';

/** The column shape and table-level primary key of a table type. */
export type ColumnsOfTable<T extends AnyTable> = T extends Table<string, infer C, string> ? C : never;
export type PrimaryKeyOfTable<T extends AnyTable> = T extends Table<string, ColumnsShape, infer Pk> ? Pk : never;

/** The fourth argument of `metadata.partition()`: a table's options, less what a partition takes from its parent. */
export type PartitionOptions<TColumn extends string = string> = Omit<
  TableOptions<TColumn>,
  'partitionOf' | 'primaryKey'
> & {
  /** A primary key of the partition's own, when the parent has none. */
  primaryKey?: TableOptions<TColumn>['primaryKey'];
  /** Column defaults and NOT NULL that this partition has and its parent lacks, by column name. */
  columns?: { readonly [K in TColumn]?: PartitionColumnOption };
  /**
   * Names of this partition's indexes that come from its parent's indexes,
   * by the parent's index name, where they are not the names Postgres gives them.
   */
  indexNames?: { readonly [parentIndex: string]: string };
  /**
   * Storage parameters of this partition's indexes that come from its
   * parent's indexes, by the parent's index name, where they are not the
   * parent's index's (`{}` for none where the parent's index has some).
   */
  indexStorage?: { readonly [parentIndex: string]: StorageParametersOption };
};

/**
 * The parent's column builders without their column-level keys, so that the
 * partition, which inherits its parent's keys, does not declare them again.
 */
export function partitionColumns(parent: AnyTable): ColumnsShape {
  const columns: ColumnsShape = {};
  for (const [key, column] of Object.entries(parent.columns)) {
    const builder = column.builder;
    const spec = { ...builder.spec, primaryKey: false, unique: null, references: null };
    columns[key] = Object.assign(Object.create(Object.getPrototypeOf(builder) as object) as AnyColumnBuilder, builder, {
      spec,
    });
  }
  return columns;
}
