/**
 * The models of foreign data: wrappers (`CREATE FOREIGN DATA WRAPPER`),
 * servers (`CREATE SERVER`) and foreign tables (`CREATE FOREIGN TABLE`).
 * Wrappers and servers belong to the database, not to a schema. A wrapper an
 * extension made (postgres_fdw, file_fdw) is the extension's and is not
 * modeled: the extension is. `model.ts` re-exports these.
 */

/**
 * Generic options (`OPTIONS (key 'value', ...)`), in the order Postgres keeps
 * them (the order they were added in); absent where there are none.
 */
export type ForeignOptions = Readonly<Record<string, string>>;

export interface ForeignDataWrapperModel {
  readonly name: string;
  /** The handler function as `regproc` prints it, schema-qualified (`public.my_handler`); absent for none. */
  readonly handler?: string;
  /** The validator function, likewise; absent for none. */
  readonly validator?: string;
  readonly options?: ForeignOptions;
}

export interface ForeignServerModel {
  readonly name: string;
  /** The foreign data wrapper it uses: an extension's (`postgres_fdw`) or a modeled one. */
  readonly wrapper: string;
  /** `TYPE '...'`; absent for none. */
  readonly type?: string;
  /** `VERSION '...'`; absent for none. */
  readonly version?: string;
  readonly options?: ForeignOptions;
}

export interface ForeignColumnModel {
  readonly name: string;
  /** As `format_type()` prints it. */
  readonly type: string;
  readonly nullable: boolean;
  /** The default expression as `pg_get_expr()` prints it; absent for none. */
  readonly default?: string;
  /** A collation other than the type's own, as a `COLLATE` clause names it; absent otherwise. */
  readonly collation?: string;
  /** The column's own generic options (`column_name`, ...). */
  readonly options?: ForeignOptions;
}

export interface ForeignTableModel {
  readonly schema: string;
  readonly name: string;
  readonly server: string;
  readonly columns: readonly ForeignColumnModel[];
  readonly options?: ForeignOptions;
}

/** Option entries in their order; none for absent options. */
export function optionEntries(options: ForeignOptions | undefined): [string, string][] {
  return Object.entries(options ?? {});
}

/** Whether two option lists hold the same keys and values in the same order. */
export function sameOptions(a: ForeignOptions | undefined, b: ForeignOptions | undefined): boolean {
  const x = optionEntries(a);
  const y = optionEntries(b);
  return x.length === y.length && x.every(([k, v], i) => y[i]![0] === k && y[i]![1] === v);
}
