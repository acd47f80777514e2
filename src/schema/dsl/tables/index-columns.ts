import type { CollationRef } from '../objects/collation.js';
import type { SqlExpr } from '../sql.js';

/**
 * One key of an index with its own options, for `index([...])`:
 * `col('name', { opclass: 'text_pattern_ops' })`, `desc('created_at')`,
 * `col(sql\`lower(email)\`, { collate: 'C' })`. A plain string or `sql`
 * expression in the list is a key with every option at its default.
 */
export interface IndexKeyOptions {
  /** `asc` is the default. */
  order?: 'asc' | 'desc';
  /** Where nulls sort; by default last when ascending, first when descending. */
  nulls?: 'first' | 'last';
  /** An operator class, e.g. `text_pattern_ops`, `jsonb_path_ops`. */
  opclass?: string;
  /** A collation name or a declared collation, as for a column's `.collate()`. */
  collate?: CollationRef;
  /** An expression key's statistics target, as for a column's `.statistics()`. */
  statistics?: number;
}

export interface IndexColumnDef<TColumn extends string = string> {
  readonly kind: 'indexColumn';
  /** A column name, or an expression. */
  readonly target: TColumn | SqlExpr;
  readonly options: IndexKeyOptions;
}

/** A key of an index with options. */
export function col(target: SqlExpr, options?: IndexKeyOptions): IndexColumnDef<never>;
export function col<const TColumn extends string>(target: TColumn, options?: IndexKeyOptions): IndexColumnDef<TColumn>;
export function col(target: string | SqlExpr, options: IndexKeyOptions = {}): IndexColumnDef {
  return { kind: 'indexColumn', target, options: { ...options } };
}

/** A descending key: `desc('created_at')` is `col('created_at', { order: 'desc' })`. */
export function desc(target: SqlExpr, options?: Omit<IndexKeyOptions, 'order'>): IndexColumnDef<never>;
export function desc<const TColumn extends string>(
  target: TColumn,
  options?: Omit<IndexKeyOptions, 'order'>,
): IndexColumnDef<TColumn>;
export function desc(target: string | SqlExpr, options: Omit<IndexKeyOptions, 'order'> = {}): IndexColumnDef {
  return { kind: 'indexColumn', target, options: { ...options, order: 'desc' } };
}

export function isIndexColumnDef(value: unknown): value is IndexColumnDef {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'indexColumn';
}

/** The column names an index key list names, for type checks against the table. */
export type IndexKeyNames<T> = T extends string ? T : T extends IndexColumnDef<infer C> ? C : never;
