import type { ForeignKeyAttributes, ReferentialActionOption } from '../columns/column.js';
import type { IndexColumnDef, IndexKeyNames } from './index-columns.js';
import { isSqlExpr, type SqlExpr } from '../sql.js';
import { invalidModel } from '../invalid-model.js';

/**
 * Table-level constraints and indexes, as plain data; a foreign key, which
 * names another table, is declared beside the table type (`table.ts`).
 */

/** Deferral of a primary key, unique or foreign key. */
export interface DeferrableOptions {
  deferrable?: boolean;
  /** `DEFERRABLE INITIALLY DEFERRED`. */
  initiallyDeferred?: boolean;
}

export interface UniqueOptions<TInclude extends string = string> extends DeferrableOptions {
  name?: string;
  /** Its name before a rename: autogenerate renames it instead of dropping and creating it (see `renamedFrom`). */
  renamedFrom?: string;
  /** Columns stored in the constraint's index without being keys: `INCLUDE (...)`. */
  include?: readonly TInclude[];
  /** `UNIQUE NULLS NOT DISTINCT` (Postgres 15+): rows with nulls in the same places collide. */
  nullsNotDistinct?: boolean;
  /** The last column `WITHOUT OVERLAPS` (PostgreSQL 18): a range or multirange whose values may not overlap. */
  withoutOverlaps?: boolean;
  /** Storage parameters of the constraint's index: `{ fillfactor: 90 }` (`WITH (...)`). */
  with?: StorageParametersOption;
}

export interface UniqueDef<TColumn extends string = string> {
  readonly kind: 'unique';
  readonly columns: readonly TColumn[];
  readonly name: string | undefined;
  readonly options?: UniqueOptions;
}

export interface CheckOptions {
  name?: string;
  /** Its name before a rename: autogenerate renames it instead of dropping and creating it (see `renamedFrom`). */
  renamedFrom?: string;
  /** Added `NOT VALID`: existing rows are not checked. */
  notValid?: boolean;
  /** `NO INHERIT`: not passed on to inheriting tables. */
  noInherit?: boolean;
  /** `NOT ENFORCED` (PostgreSQL 18): declared, never checked. */
  notEnforced?: boolean;
}

export interface CheckDef {
  readonly kind: 'check';
  readonly expression: SqlExpr;
  readonly name: string | undefined;
  readonly options?: CheckOptions;
}

/** An exclusion constraint: `EXCLUDE USING gist (during WITH &&)`. */
export interface ExclusionDef {
  readonly kind: 'exclusion';
  /** What follows `EXCLUDE`, e.g. `USING gist (room WITH =, during WITH &&) WHERE (active)`. */
  readonly definition: SqlExpr;
  readonly name: string;
}

export interface ForeignKeyOptions extends ForeignKeyAttributes {
  onDelete?: ReferentialActionOption;
  onUpdate?: ReferentialActionOption;
  name?: string;
  /** Its name before a rename: autogenerate renames it instead of dropping and creating it (see `renamedFrom`). */
  renamedFrom?: string;
  /** The last column on each side `PERIOD` (PostgreSQL 18): references a key declared `withoutOverlaps`. */
  period?: boolean;
}

export interface IndexOptions<TColumn extends string = string> {
  unique?: boolean;
  name?: string;
  /** Its name before a rename: autogenerate renames it instead of dropping and creating it (see `renamedFrom`). */
  renamedFrom?: string;
  /** Partial index predicate. */
  where?: SqlExpr;
  /** Access method; `btree` when not given. */
  method?: string;
  /** Columns stored in the index without being keys: `INCLUDE (...)`. */
  include?: readonly TColumn[];
  /** `NULLS NOT DISTINCT` (Postgres 15+), for unique indexes. */
  nullsNotDistinct?: boolean;
  /** Storage parameters: `{ fillfactor: 90 }`, `{ fastupdate: false }` (`WITH (...)`). */
  with?: StorageParametersOption;
}

/** Storage parameters as a model declares them: a value is written as Postgres reads it. */
export type StorageParametersOption = Readonly<Record<string, string | number | boolean>>;

export interface IndexDef<TColumn extends string = string> {
  readonly kind: 'index';
  /** Column names, expressions such as `` sql`lower(email)` ``, or keys with options (`col()`, `desc()`). */
  readonly columns: readonly (TColumn | SqlExpr | IndexColumnDef<TColumn>)[];
  readonly options: IndexOptions<TColumn>;
}

export function unique<const TColumn extends string, const TInclude extends string = never>(
  columns: readonly TColumn[],
  options: UniqueOptions<TInclude> = {},
): UniqueDef<TColumn | TInclude> {
  return { kind: 'unique', columns: [...columns], name: options.name, options: { ...options } };
}

export function check(expression: SqlExpr, options: CheckOptions = {}): CheckDef {
  if (!isSqlExpr(expression)) {
    throw invalidModel(
      'check()',
      "takes the expression first, as sql`...`, then { name } (e.g. check(sql`price > 0`, { name: 'price_positive' }))",
    );
  }
  return { kind: 'check', expression, name: options.name, options: { ...options } };
}

/**
 * An exclusion constraint; `definition` is what follows `EXCLUDE`
 * (`` sql`USING gist (during WITH &&)` ``). Its name is required.
 */
export function exclude(definition: SqlExpr, options: { name: string }): ExclusionDef {
  if (!isSqlExpr(definition)) throw invalidModel('exclude()', 'takes the definition first, as sql`...`, then { name }');
  return { kind: 'exclusion', definition, name: options.name };
}

export function index<
  const TColumns extends readonly (string | SqlExpr | IndexColumnDef<string>)[],
  const TInclude extends string = never,
>(columns: TColumns, options: IndexOptions<TInclude> = {}): IndexDef<IndexKeyNames<TColumns[number]> | TInclude> {
  const copy = [...columns] as IndexDef<IndexKeyNames<TColumns[number]> | TInclude>['columns'];
  return { kind: 'index', columns: copy, options: { ...options } };
}
