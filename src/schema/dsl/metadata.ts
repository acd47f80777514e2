import type { NamingConvention } from '../naming.js';
import type { ColumnsShape } from './columns/column.js';
import { createEnumType, type EnumOptions, type EnumType } from './columns/enum.js';
import { objectMethods, type ObjectMethods } from './objects/object-methods.js';
import { emptyObjectDefs, type ObjectDefs } from './objects/objects.js';
import {
  createTable,
  type AnyTable,
  type InheritedColumnNames,
  type Table,
  type TableOptions,
} from './tables/table.js';
import {
  partitionColumns,
  type ColumnsOfTable,
  type PartitionOptions,
  type PrimaryKeyOfTable,
} from './tables/partition.js';
import { sql, type SqlExpr } from './sql.js';

export interface MetadataOptions {
  /** SQLAlchemy-style templates for constraint and index names, per kind. */
  namingConvention?: NamingConvention;
  /** Default schema for tables and enums; `public` when not given. */
  schema?: string;
  /** Extra schemas the model owns even when nothing lives in them. */
  schemas?: readonly string[];
  /** Schemas renamed: `{ new_name: 'old_name' }` (see `renamedFrom`). */
  renamedSchemas?: Readonly<Record<string, string>>;
}

/** The collection of tables and enums one models.ts declares. */
export interface Metadata extends ObjectMethods {
  readonly kind: 'metadata';
  /** Extensions, sequences, domains, views, routines, triggers and comments, in declaration order. */
  readonly objects: ObjectDefs;
  readonly namingConvention: NamingConvention;
  readonly schema: string;
  readonly schemas: readonly string[];
  /** Schemas renamed, new name to old (`MetadataOptions.renamedSchemas`). */
  readonly renamedSchemas: Readonly<Record<string, string>>;
  /** Tables in declaration order. */
  readonly tables: readonly Table[];
  /** Enums in declaration order. */
  readonly enums: readonly EnumType[];
  table<
    TName extends string,
    TColumns extends ColumnsShape,
    const TPk extends (keyof TColumns & string) | InheritedColumnNames<TParents[number]> = never,
    const TParents extends readonly AnyTable[] = [],
  >(
    name: TName,
    columns: TColumns,
    options?: TableOptions<
      (keyof NoInfer<TColumns> & string) | InheritedColumnNames<NoInfer<TParents>[number]>,
      TPk
    > & {
      inherits?: TParents;
    },
  ): Table<TName, TColumns, TPk, InheritedColumnNames<TParents[number]>>;
  enum<const TValues extends readonly string[]>(
    name: string,
    values: TValues,
    options?: EnumOptions<TValues[number]>,
  ): EnumType<TValues>;
  /**
   * A partition of a partitioned table (`CREATE TABLE name PARTITION OF parent
   * FOR VALUES ...`): it has its parent's columns, and declares only its own
   * keys, checks and indexes, in `columns` the defaults and NOT NULL its
   * columns have and the parent's lack, and in `indexNames` the names of the
   * indexes it has from its parent's where Postgres would choose others (in `indexStorage` their storage parameters where they are not the parent's index's). `bound` is `` sql`FOR VALUES FROM (...) TO (...)` ``,
   * `FOR VALUES IN (...)`, `FOR VALUES WITH (modulus m, remainder r)` or `DEFAULT`.
   */
  partition<TName extends string, TParent extends Table<string, ColumnsShape, string>>(
    name: TName,
    parent: TParent,
    bound: SqlExpr | string,
    options?: PartitionOptions<keyof ColumnsOfTable<TParent> & string>,
  ): Table<TName, ColumnsOfTable<TParent>, PrimaryKeyOfTable<TParent>>;
}

/** Global, so a models.ts that loaded another copy of the library is still recognized. */
const METADATA_BRAND = Symbol.for('athanor.metadata');

/** True for the object `defineMetadata()` returns. */
export function isMetadata(value: unknown): value is Metadata {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[METADATA_BRAND] === true;
}

export function defineMetadata(options: MetadataOptions = {}): Metadata {
  const tables: Table[] = [];
  const enums: EnumType[] = [];
  const objects = emptyObjectDefs();
  const schema = options.schema ?? 'public';
  const metadata: Metadata = {
    kind: 'metadata',
    namingConvention: Object.freeze({ ...options.namingConvention }),
    schema,
    schemas: Object.freeze([...(options.schemas ?? [])]),
    renamedSchemas: Object.freeze({ ...options.renamedSchemas }),
    tables,
    enums,
    objects,
    ...objectMethods(schema, objects),
    table<TName extends string, TColumns extends ColumnsShape, TPk extends string = never>(
      name: TName,
      columns: TColumns,
      tableOptions: TableOptions<string, TPk> = {},
    ): Table<TName, TColumns, TPk, never> {
      const table = createTable<TName, TColumns, TPk>(
        name,
        tableOptions.schema ?? schema,
        columns,
        tableOptions as TableOptions,
      );
      tables.push(table as unknown as Table);
      return table as Table<TName, TColumns, TPk, never>;
    },
    enum(name, values, enumOptions = {}) {
      const enumType = createEnumType(
        name,
        values,
        enumOptions.schema ?? schema,
        enumOptions.comment,
        enumOptions.renamedFrom,
        enumOptions.grants,
        enumOptions.renamedValues,
      );
      enums.push(enumType);
      return enumType;
    },
    partition(name, parent, bound, partitionOptions = {}) {
      const { columns, indexNames, indexStorage, ...options } = partitionOptions;
      const partitionOf = {
        table: parent as AnyTable,
        bound: typeof bound === 'string' ? sql(bound) : bound,
        ...(columns === undefined ? {} : { columns: { ...columns } }),
        ...(indexNames === undefined ? {} : { indexNames: { ...indexNames } }),
        ...(indexStorage === undefined ? {} : { indexStorage: { ...indexStorage } }),
      };
      const tableOptions = { ...options, partitionOf } as TableOptions;
      const table = createTable(name, options.schema ?? schema, partitionColumns(parent as AnyTable), tableOptions);
      tables.push(table as unknown as Table);
      return table as never;
    },
  };
  Object.defineProperty(metadata, METADATA_BRAND, { value: true });
  return metadata;
}
