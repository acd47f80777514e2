import type { ReferentialAction } from '../../model.js';
import type { CollationRef } from '../objects/collation.js';
import type { SqlExpr } from '../sql.js';

/**
 * How a column fills itself: not at all, from an owned sequence, as an
 * identity, or computed from other columns, when written
 * (`GENERATED ALWAYS AS (...) STORED`) or when read (`... VIRTUAL`).
 */
export type GeneratedKind = 'none' | 'serial' | 'always' | 'byDefault' | 'stored' | 'virtual';

/** Options of `.generatedAs()`. */
export interface GeneratedOptions {
  /** `VIRTUAL` (PostgreSQL 18+): computed when read, nothing stored. Left out, the column is `STORED`. */
  readonly virtual?: boolean;
}

export type IdentityKind = 'always' | 'byDefault';

/** Referential actions, as written in the DSL (`'cascade'`) or in the model (`'CASCADE'`). */
export type ReferentialActionOption = Lowercase<ReferentialAction> | ReferentialAction;

/** Attributes a foreign key may have besides its actions and name. */
export interface ForeignKeyAttributes {
  /** `MATCH FULL`: all columns null, or none. `simple` is the default. */
  match?: 'full' | 'simple';
  deferrable?: boolean;
  /** `DEFERRABLE INITIALLY DEFERRED`. */
  initiallyDeferred?: boolean;
  /** Added `NOT VALID`: existing rows are not checked. */
  notValid?: boolean;
  /** `NOT ENFORCED` (PostgreSQL 18): declared for planners and readers, never checked. */
  notEnforced?: boolean;
  /** With `onDelete: 'set null'` or `'set default'`: the only columns it sets (PostgreSQL 15), `SET NULL (a)`. */
  onDeleteColumns?: readonly string[];
}

export interface ReferenceOptions extends ForeignKeyAttributes {
  onDelete?: ReferentialActionOption;
  onUpdate?: ReferentialActionOption;
  name?: string;
  /** The foreign key's name before a rename (see `renamedFrom`). */
  renamedFrom?: string;
}

/** Options of the sequence behind an identity column; left out, Postgres' defaults apply. */
export interface IdentityOptions {
  start?: number | bigint | string;
  increment?: number | bigint | string;
  min?: number | bigint | string;
  max?: number | bigint | string;
  cache?: number | bigint | string;
  cycle?: boolean;
  /** The sequence's name, in the table's schema; `<table>_<column>_seq` (Postgres' choice) when absent. */
  sequenceName?: string;
}

/** A JSON document as a default for json/jsonb columns. */
export type JsonDefault = { readonly [key: string]: unknown } | readonly unknown[];

/** Every value `.default()` accepts; `null` means no default. */
export type ColumnDefault = string | number | boolean | null | SqlExpr | JsonDefault;

/** Defaults of enum columns are limited to the enum's values. */
export type DefaultFor<TData> = [TData] extends [string]
  ? string extends TData
    ? ColumnDefault
    : TData | SqlExpr | null
  : ColumnDefault;

/** The part of an enum a column needs (see `EnumType`). */
export interface EnumRef {
  readonly kind: 'enum';
  readonly schema: string;
  readonly name: string;
  readonly values: readonly string[];
}

export type ColumnTypeSpec =
  { readonly kind: 'named'; readonly spelling: string } | { readonly kind: 'enum'; readonly enum: EnumRef };

/** A column of a table outside the model (`outsideTable(schema, table).column(name)`), which `.references()` may return. */
export interface OutsideColumn {
  readonly kind: 'outsideColumn';
  readonly schema: string;
  readonly table: string;
  readonly name: string;
}

export interface ColumnReferenceSpec {
  readonly target: () => AnyColumn | OutsideColumn;
  readonly options: ReferenceOptions;
}

/** Everything a column builder has collected; plain data. */
export interface ColumnSpec {
  readonly type: ColumnTypeSpec;
  readonly array: boolean;
  readonly notNull: boolean;
  /** The NOT NULL constraint's name, as given to `.notNull({ name })` (kept by PostgreSQL 18). */
  readonly notNullName?: string | null;
  readonly primaryKey: boolean;
  /** `{ name: undefined }` for `.unique()` without a name. */
  readonly unique: { readonly name: string | undefined } | null;
  /** `null` when no default was given or `.default(null)` removed it. */
  readonly default: Exclude<ColumnDefault, null> | null;
  readonly references: ColumnReferenceSpec | null;
  readonly identity: IdentityKind | null;
  /** Sequence options of the identity; null when none were given. */
  readonly identityOptions?: IdentityOptions | null;
  /** The expression of a generated column. */
  readonly generated?: SqlExpr | null;
  /** A generated column computed when read (`VIRTUAL`), as given to `.generatedAs(expr, { virtual: true })`. */
  readonly generatedVirtual?: boolean | null;
  /** A collation, as given to `.collate()`. */
  readonly collation?: string | null;
  /** `COMMENT ON COLUMN`, as given to `.comment()`. */
  readonly comment?: string | null;
  /** The statistics target, as given to `.statistics()`. */
  readonly statistics?: number | null;
  /** Attribute options, as given to `.options()`. */
  readonly options?: Readonly<Record<string, string | number>> | null;
  /** As given to `.storage()`. */
  readonly storage?: string | null;
  /** As given to `.compression()`. */
  readonly compression?: string | null;
  /** The column's name before a rename, as given to `.renamedFrom()`. */
  readonly renamedFrom?: string | null;
}

/** Compile-time facts about a column, carried only in its type. */
export interface ColumnTypeInfo<
  TData,
  TNotNull extends boolean,
  THasDefault extends boolean,
  TGenerated extends GeneratedKind,
> {
  data: TData;
  notNull: TNotNull;
  hasDefault: THasDefault;
  generated: TGenerated;
}

/** An immutable column builder: every method returns a new builder. */
export interface ColumnBuilder<
  TData = unknown,
  TNotNull extends boolean = boolean,
  THasDefault extends boolean = boolean,
  TGenerated extends GeneratedKind = GeneratedKind,
> {
  readonly kind: 'columnBuilder';
  readonly spec: ColumnSpec;
  /** Type-level only; never set at run time. */
  readonly '~types'?: ColumnTypeInfo<TData, TNotNull, THasDefault, TGenerated>;
  /**
   * NOT NULL. `{ name }` names its constraint where PostgreSQL 18 and later
   * would otherwise call it `<table>_<column>_not_null`; older servers keep no
   * name and ignore it.
   */
  notNull(options?: { name?: string }): ColumnBuilder<TData, true, THasDefault, TGenerated>;
  nullable(): ColumnBuilder<TData, false, THasDefault, TGenerated>;
  primaryKey(): ColumnBuilder<TData, true, THasDefault, TGenerated>;
  unique(name?: string): ColumnBuilder<TData, TNotNull, THasDefault, TGenerated>;
  default<V extends DefaultFor<TData>>(
    value: V,
  ): ColumnBuilder<TData, TNotNull, V extends null ? THasDefault : true, TGenerated>;
  references(target: () => any, options?: ReferenceOptions): ColumnBuilder<TData, TNotNull, THasDefault, TGenerated>;
  identity<K extends IdentityKind>(kind: K, options?: IdentityOptions): ColumnBuilder<TData, true, THasDefault, K>;
  /**
   * `GENERATED ALWAYS AS (expr) STORED`: computed from other columns of the
   * row, never inserted. With `{ virtual: true }`, `... VIRTUAL`
   * (PostgreSQL 18+): computed when read, nothing stored.
   */
  generatedAs<O extends GeneratedOptions = {}>(
    expression: SqlExpr,
    options?: O,
  ): ColumnBuilder<TData, TNotNull, THasDefault, O extends { virtual: true } ? 'virtual' : 'stored'>;
  /**
   * `COLLATE "name"`: a collation name such as `'C'` or `'en_US.utf8'`, quoted
   * as one name; text holding a double quote is SQL as it is (`'public."mine"'`);
   * or a collation the model declares (`metadata.collation()`).
   */
  collate(name: CollationRef): ColumnBuilder<TData, TNotNull, THasDefault, TGenerated>;
  /** `COMMENT ON COLUMN ... IS text`. */
  comment(text: string): ColumnBuilder<TData, TNotNull, THasDefault, TGenerated>;
  /** `ALTER COLUMN ... SET STATISTICS n`: how much `ANALYZE` samples for the planner (0 to 10000). */
  statistics(target: number): ColumnBuilder<TData, TNotNull, THasDefault, TGenerated>;
  /** Attribute options, `ALTER COLUMN ... SET (n_distinct = -0.02)`: `{ n_distinct: -0.02 }`. */
  options(options: Readonly<Record<string, string | number>>): ColumnBuilder<TData, TNotNull, THasDefault, TGenerated>;
  /** `ALTER COLUMN ... SET STORAGE`: `'plain'`, `'external'` (out of line, uncompressed), `'extended'` or `'main'`. */
  storage(storage: 'plain' | 'external' | 'extended' | 'main'): ColumnBuilder<TData, TNotNull, THasDefault, TGenerated>;
  /** `ALTER COLUMN ... SET COMPRESSION` (PostgreSQL 14+): `'pglz'` or `'lz4'`. */
  compression(method: string): ColumnBuilder<TData, TNotNull, THasDefault, TGenerated>;
  /**
   * The column was called `name` before: autogenerate renames it (keeping its
   * values) instead of dropping it and adding this one. Once applied the old
   * name is gone and the hint does nothing, so it can stay.
   */
  renamedFrom(name: string): ColumnBuilder<TData, TNotNull, THasDefault, TGenerated>;
  array(): ColumnBuilder<TData[], TNotNull, THasDefault, TGenerated>;
}

/** The widest builder; `any` because a data type appears both in and out of its methods. */
export type AnyColumnBuilder = ColumnBuilder<any, boolean, boolean, GeneratedKind>;

/** The columns argument of `metadata.table()`. */
export type ColumnsShape = Record<string, AnyColumnBuilder>;

/** A column bound to its table: what `users.columns.email` is. */
export interface Column<TBuilder extends AnyColumnBuilder = AnyColumnBuilder> {
  readonly kind: 'column';
  /** The database column name (the key in the table's columns). */
  readonly name: string;
  readonly table: { readonly schema: string; readonly name: string };
  readonly builder: TBuilder;
}

export type AnyColumn = Column<AnyColumnBuilder>;

class ColumnBuilderImpl implements ColumnBuilder<unknown, boolean, boolean, GeneratedKind> {
  readonly kind = 'columnBuilder' as const;

  constructor(readonly spec: ColumnSpec) {}

  private with(change: Partial<ColumnSpec>): ColumnBuilderImpl {
    return new ColumnBuilderImpl({ ...this.spec, ...change });
  }

  notNull(options?: { name?: string }): ColumnBuilderImpl {
    return this.with({ notNull: true, notNullName: options?.name ?? null });
  }

  nullable(): ColumnBuilderImpl {
    return this.with({ notNull: false, notNullName: null });
  }

  primaryKey(): ColumnBuilderImpl {
    return this.with({ primaryKey: true });
  }

  unique(name?: string): ColumnBuilderImpl {
    return this.with({ unique: { name } });
  }

  default(value: ColumnDefault): ColumnBuilderImpl {
    return this.with({ default: value });
  }

  references(target: () => AnyColumn | OutsideColumn, options: ReferenceOptions = {}): ColumnBuilderImpl {
    return this.with({ references: { target, options: { ...options } } });
  }

  identity(kind: IdentityKind, options?: IdentityOptions): ColumnBuilderImpl {
    return this.with({ identity: kind, identityOptions: options === undefined ? null : { ...options } });
  }

  generatedAs(expression: SqlExpr, options?: GeneratedOptions): ColumnBuilderImpl {
    return this.with({ generated: expression, generatedVirtual: options?.virtual === true });
  }

  comment(text: string): ColumnBuilderImpl {
    return this.with({ comment: text });
  }

  statistics(target: number): ColumnBuilderImpl {
    return this.with({ statistics: target });
  }

  options(options: Readonly<Record<string, string | number>>): ColumnBuilderImpl {
    return this.with({ options: { ...options } });
  }

  storage(storage: 'plain' | 'external' | 'extended' | 'main'): ColumnBuilderImpl {
    return this.with({ storage });
  }

  compression(method: string): ColumnBuilderImpl {
    return this.with({ compression: method });
  }

  renamedFrom(name: string): ColumnBuilderImpl {
    return this.with({ renamedFrom: name });
  }

  collate(name: CollationRef): ColumnBuilderImpl {
    return this.with({ collation: typeof name === 'string' ? name : name.sql });
  }

  array(): ColumnBuilderImpl {
    return this.with({ array: true });
  }
}

/** A fresh builder for a column of the given type. */
export function columnBuilder<TData, TGenerated extends GeneratedKind = 'none'>(
  type: ColumnTypeSpec,
): ColumnBuilder<TData, false, false, TGenerated> {
  const spec: ColumnSpec = {
    type,
    array: false,
    notNull: false,
    primaryKey: false,
    unique: null,
    default: null,
    references: null,
    identity: null,
  };
  return new ColumnBuilderImpl(spec) as unknown as ColumnBuilder<TData, false, false, TGenerated>;
}
