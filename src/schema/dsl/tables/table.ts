import type { GrantEntry } from '../objects/grant.js';
import type { Column, ColumnDefault, ColumnsShape, OutsideColumn } from '../columns/column.js';
import type {
  CheckDef,
  ExclusionDef,
  ForeignKeyOptions,
  IndexDef,
  StorageParametersOption,
  UniqueDef,
} from './constraints.js';
import type { PolicyDef, RowLevelSecurityOption } from './security.js';
import type { SqlExpr } from '../sql.js';
import type { RenamedFrom } from '../../renames.js';

export interface PrimaryKeyOption<TColumn extends string = string> {
  columns: readonly TColumn[];
  name?: string;
  /** Its name before a rename: autogenerate renames it instead of dropping and creating it (see `renamedFrom`). */
  renamedFrom?: string;
  deferrable?: boolean;
  /** `DEFERRABLE INITIALLY DEFERRED`. */
  initiallyDeferred?: boolean;
  /** Columns stored in the key's index without being keys: `INCLUDE (...)`. */
  include?: readonly string[];
  /** The last column `WITHOUT OVERLAPS` (PostgreSQL 18): a temporal key over a range or multirange. */
  withoutOverlaps?: boolean;
  /** Storage parameters of the key's index: `{ fillfactor: 90 }` (`WITH (...)`). */
  with?: StorageParametersOption;
}

/** The third argument of `metadata.table()`. */
export interface TableOptions<TColumn extends string = string, TPk extends TColumn = TColumn> extends RenamedFrom {
  /** Defaults to the metadata's schema, else `public`. */
  schema?: string;
  /** A table-level (composite) primary key, instead of a column's `.primaryKey()`. */
  primaryKey?: PrimaryKeyOption<TPk> & { include?: readonly TColumn[] };
  uniques?: readonly UniqueDef<TColumn>[];
  checks?: readonly CheckDef[];
  foreignKeys?: readonly ForeignKeyDef<TColumn>[];
  indexes?: readonly IndexDef<TColumn>[];
  /** Exclusion constraints, `exclude(sql\`USING gist (...)\`, { name })`. */
  exclusions?: readonly ExclusionDef[];
  /** `{ enabled: true }` enables row-level security; `forced: true` forces it on the table's owner too. */
  rowLevelSecurity?: RowLevelSecurityOption;
  /** Row-level security policies: `policy('name', { for, to, using, withCheck })`. */
  policies?: readonly PolicyDef[];
  /** Makes the table partitioned: `` sql`RANGE (created_at)` ``, `LIST (...)`, `HASH (...)`. */
  partitionBy?: SqlExpr;
  /** Set by `metadata.partition()`: the parent and the bound. */
  partitionOf?: PartitionOfOption;
  /**
   * `INHERITS (...)`: the tables this one inherits from, declared with
   * `metadata.table()`, in order. It has their columns and checks (but for
   * `NO INHERIT` ones) without declaring them: list only its own.
   */
  inherits?: readonly AnyTable[];
  /** `COMMENT ON TABLE ... IS comment`. */
  comment?: string;
  /**
   * Privileges on the table and its columns: `grant(['select'], 'anon')`,
   * `grant(['update'], 'authenticated', { columns: ['name'] })`; compared when
   * the `privileges` setting manages them.
   */
  grants?: readonly GrantEntry<TColumn>[];
  /** The role that owns it (`ALTER ... OWNER TO`); compared when the `owners` setting is on. Left out, the role the migrations run as. */
  owner?: string;
  /** `CREATE UNLOGGED TABLE`: faster writes, not crash-safe (emptied after a crash) nor replicated. */
  unlogged?: boolean;
  /** Storage parameters: `{ fillfactor: 70, 'toast.autovacuum_enabled': false }` (`WITH (...)`). */
  with?: StorageParametersOption;
  /**
   * `REPLICA IDENTITY`: what logical replication writes of an old row:
   * `'default'` (the primary key; the same as leaving it out), `'full'`,
   * `'nothing'`, or `{ index: 'name' }`, one of the table's unique indexes.
   */
  replicaIdentity?: 'default' | 'full' | 'nothing' | { readonly index: string };
  /** `CLUSTER ON`: the index (or primary or unique key, by name) `CLUSTER` orders the table by when it names none. */
  clusterOn?: string;
}

/** Columns of a table, bound to it: `users.columns.email`. */
export type BoundColumns<TColumns extends ColumnsShape> = { readonly [K in keyof TColumns]: Column<TColumns[K]> };

/** A table declared with `metadata.table()`. */
export interface Table<
  TName extends string = string,
  TColumns extends ColumnsShape = ColumnsShape,
  TPk extends string = string,
  TInherited extends string = string,
> {
  readonly kind: 'table';
  readonly name: TName;
  readonly schema: string;
  readonly columns: BoundColumns<TColumns>;
  /** The options as given, with `schema` resolved. */
  readonly options: TableOptions;
  /** Type-level only: the columns of a table-level primary key. */
  readonly '~primaryKey'?: TPk;
  /** Type-level only: the names of the columns it has from the tables it inherits from (`inherits`). */
  readonly '~inherited'?: TInherited;
}

/** The names of the columns a table gives the tables that inherit from it: its own and those it inherits. */
export type InheritedColumnNames<T extends AnyTable> =
  T extends Table<string, infer C, string, infer I> ? (keyof C & string) | I : never;

export type AnyTable = Table<string, ColumnsShape, string>;

/**
 * A table the model leaves to others, in a schema it does not compare
 * (`auth.users`, which a platform owns): a foreign key may refer to it
 * (`outsideTable()`); the model neither creates nor compares it.
 */
export interface OutsideTable {
  readonly kind: 'outsideTable';
  readonly schema: string;
  readonly name: string;
  /** One of its columns, for a column's reference: `uuid().references(() => outsideTable('auth', 'users').column('id'))`. */
  column(name: string): OutsideColumn;
}

/** A table outside the model, for a foreign key to refer to: `foreignKey(['user_id'], () => outsideTable('auth', 'users'), ['id'])`. */
export function outsideTable(schema: string, name: string): OutsideTable {
  const table: OutsideTable = {
    kind: 'outsideTable',
    schema,
    name,
    column: (column) => ({ kind: 'outsideColumn', schema, table: name, name: column }),
  };
  return table;
}

export interface ForeignKeyDef<TColumn extends string = string> {
  readonly kind: 'foreignKey';
  readonly columns: readonly TColumn[];
  readonly target: () => AnyTable | OutsideTable;
  readonly refColumns: readonly string[];
  readonly options: ForeignKeyOptions;
}

/** Column names of a table type; any string for an untyped table. */
export type ColumnNameOf<T extends AnyTable> = keyof T['columns'] & string;

export function foreignKey<const TColumn extends string, TTarget extends AnyTable>(
  columns: readonly TColumn[],
  target: () => TTarget,
  refColumns: readonly InheritedColumnNames<TTarget>[],
  options?: ForeignKeyOptions,
): ForeignKeyDef<TColumn>;
export function foreignKey<const TColumn extends string>(
  columns: readonly TColumn[],
  target: () => OutsideTable,
  refColumns: readonly string[],
  options?: ForeignKeyOptions,
): ForeignKeyDef<TColumn>;
export function foreignKey<const TColumn extends string>(
  columns: readonly TColumn[],
  target: () => AnyTable | OutsideTable,
  refColumns: readonly string[],
  options: ForeignKeyOptions = {},
): ForeignKeyDef<TColumn> {
  return { kind: 'foreignKey', columns: [...columns], target, refColumns: [...refColumns], options: { ...options } };
}

/** What `metadata.partition()` records on the partition: its parent, bound and own column options. */
export interface PartitionOfOption {
  readonly table: AnyTable;
  /** `FOR VALUES FROM (...) TO (...)`, `FOR VALUES IN (...)`, `FOR VALUES WITH (...)` or `DEFAULT`. */
  readonly bound: SqlExpr;
  /** The `columns` option of `metadata.partition()`. */
  readonly columns?: { readonly [column: string]: PartitionColumnOption | undefined };
  /** The `indexNames` option of `metadata.partition()`. */
  readonly indexNames?: { readonly [parentIndex: string]: string };
  /** The `indexStorage` option of `metadata.partition()`. */
  readonly indexStorage?: { readonly [parentIndex: string]: StorageParametersOption };
}

/** A partition's own options for one of its parent's columns. */
export interface PartitionColumnOption {
  /** The partition's own default, or null for none where the parent has one. */
  default?: ColumnDefault;
  /** NOT NULL on this partition, where the parent's column is nullable. */
  notNull?: true;
  /**
   * The name of this partition's NOT NULL constraint on the column (PostgreSQL
   * 18), where it is not the parent's constraint's name (or, for the
   * partition's own NOT NULL, `<partition>_<column>_not_null`).
   */
  notNullName?: string;
}

/** The names of the columns a table has from the tables it inherits from, theirs first, each once. */
export function inheritedColumnNames(table: AnyTable, seen: Set<AnyTable> = new Set([table])): string[] {
  const names = new Set<string>();
  for (const parent of table.options.inherits ?? []) {
    if (seen.has(parent)) continue;
    seen.add(parent);
    for (const name of [...inheritedColumnNames(parent, seen), ...Object.keys(parent.columns)]) names.add(name);
  }
  return [...names];
}

export function createTable<TName extends string, TColumns extends ColumnsShape, TPk extends string>(
  name: TName,
  schema: string,
  columns: TColumns,
  options: TableOptions,
): Table<TName, TColumns, TPk> {
  const ref = { schema, name };
  const bound: Record<string, Column> = {};
  for (const [key, builder] of Object.entries(columns)) {
    const column = Object.freeze({ kind: 'column' as const, name: key, table: ref, builder });
    Object.defineProperty(bound, key, { value: column, enumerable: true });
  }
  const table: Table<TName, TColumns, TPk> = {
    kind: 'table',
    name,
    schema,
    columns: Object.freeze(bound) as BoundColumns<TColumns>,
    options: { ...options, schema },
  };
  return Object.freeze(table);
}
