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
  ForeignKeyAttributes,
  GeneratedKind,
  GeneratedOptions,
  IdentityKind,
  IdentityOptions,
  JsonDefault,
  OutsideColumn,
  ReferenceOptions,
  ReferentialActionOption,
} from './columns/column.js';
export * from './columns/column-types.js';
export type { CollationDef, CollationOptions, CollationRef } from './objects/collation.js';
export type { RuleDef, RuleOptions } from './objects/rule.js';
export type { StatisticsDef, StatisticsOptions } from './objects/statistics.js';
export type { PublicationDef, PublicationOptions, PublicationTableOption } from './objects/publication.js';
export type { CastDef, CastOptions } from './objects/cast.js';
export type {
  TextSearchConfigurationDef,
  TextSearchConfigurationOptions,
  TextSearchDictionaryDef,
  TextSearchDictionaryOptions,
  TextSearchDictionaryRef,
} from './objects/text-search.js';
export type { OperatorClassDef, OperatorClassOptions, OperatorDef, OperatorOptions } from './objects/operator.js';
export type {
  ForeignDataWrapperDef,
  ForeignDataWrapperOptions,
  ForeignOptionValues,
  ForeignServerDef,
  ForeignServerOptions,
  ForeignTableDef,
  ForeignTableOptions,
} from './objects/foreign.js';
export * from './tables/constraints.js';
export { col, desc, type IndexColumnDef, type IndexKeyNames, type IndexKeyOptions } from './tables/index-columns.js';
export type { CompositeAttribute, CompositeType, CompositeTypeOptions } from './objects/composite.js';
export type { RangeType, RangeTypeOptions } from './objects/range.js';
export type { EventTriggerDef, EventTriggerOptions } from './objects/event-trigger.js';
export type { EnumOptions, EnumType } from './columns/enum.js';
export { defineMetadata, isMetadata, type Metadata, type MetadataOptions } from './metadata.js';
export type { ObjectMethods } from './objects/object-methods.js';
export type {
  CommentDef,
  CommentOn,
  DomainData,
  DomainDefault,
  DomainOptions,
  DomainType,
  ExtensionDef,
  ObjectDefs,
  RoutineDef,
  RoutineOptions,
  SequenceDef,
  SequenceNumber,
  SequenceOptions,
  TriggerDef,
  TriggerOptions,
  ViewDef,
  ViewOptions,
} from './objects/objects.js';
export type { InsertOf, RowOf } from './columns/row-types.js';
export {
  policy,
  type PolicyCommandOption,
  type PolicyDef,
  type PolicyOptions,
  type RowLevelSecurityOption,
} from './tables/security.js';
export {
  grant,
  revoke,
  type DefaultPrivilegesDef,
  type DefaultPrivilegesOn,
  type DefaultPrivilegesScope,
  type GrantDef,
  type GrantEntry,
  type GrantOn,
  type GrantOptions,
  type GrantsDef,
  type OwnerOn,
  type PrivilegeName,
  type RevokeDef,
} from './objects/grant.js';
export type { ColumnsOfTable, PartitionOptions, PrimaryKeyOfTable } from './tables/partition.js';
export { isSqlExpr, sql, type SqlExpr, type SqlInterpolation } from './sql.js';
export type { AnyTable, BoundColumns, PrimaryKeyOption, Table, TableOptions } from './tables/table.js';
export {
  foreignKey,
  outsideTable,
  type ColumnNameOf,
  type ForeignKeyDef,
  type OutsideTable,
  type PartitionColumnOption,
  type PartitionOfOption,
} from './tables/table.js';
