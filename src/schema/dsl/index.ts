export type {
  AnyColumn,
  AnyColumnBuilder,
  Column,
  ColumnBuilder,
  ColumnDefault,
  ColumnReferenceSpec,
  ColumnSpec,
  ColumnsShape,
  ColumnTypeInfo,
  ColumnTypeSpec,
  DefaultFor,
  EnumRef,
  GeneratedKind,
  IdentityKind,
  JsonDefault,
  ReferenceOptions,
  ReferentialActionOption,
} from './column.js';
export * from './column-types.js';
export * from './constraints.js';
export type { EnumOptions, EnumType } from './enum.js';
export { defineMetadata, isMetadata, type Metadata, type MetadataOptions } from './metadata.js';
export type { InsertOf, RowOf } from './row-types.js';
export { isSqlExpr, sql, type SqlExpr, type SqlInterpolation } from './sql.js';
export type { AnyTable, BoundColumns, PrimaryKeyOption, Table, TableOptions } from './table.js';
