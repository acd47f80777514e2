import type { AnyColumnBuilder, ColumnsShape } from './column.js';
import type { SqlExpr } from './sql.js';
import type { AnyTable, Table, TableOptions } from './table.js';

/** What `metadata.partition()` records on the partition: its parent and bound. */
export interface PartitionOfOption {
  readonly table: AnyTable;
  /** `FOR VALUES FROM (...) TO (...)`, `FOR VALUES IN (...)`, `FOR VALUES WITH (...)` or `DEFAULT`. */
  readonly bound: SqlExpr;
}

/** The column shape and table-level primary key of a table type. */
export type ColumnsOfTable<T extends AnyTable> = T extends Table<string, infer C, string> ? C : never;
export type PrimaryKeyOfTable<T extends AnyTable> = T extends Table<string, ColumnsShape, infer Pk> ? Pk : never;

/** The fourth argument of `metadata.partition()`: a table's options, less what a partition takes from its parent. */
export type PartitionOptions<TColumn extends string = string> = Omit<TableOptions<TColumn>, 'partitionOf' | 'primaryKey'> & {
  /** A primary key of the partition's own, when the parent has none. */
  primaryKey?: TableOptions<TColumn>['primaryKey'];
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
    columns[key] = Object.assign(Object.create(Object.getPrototypeOf(builder) as object) as AnyColumnBuilder, builder, { spec });
  }
  return columns;
}
