import type { AnyTable } from './table.js';
import type { ReferentialActionOption } from './column.js';
import type { SqlExpr } from './sql.js';

/** Table-level constraints and indexes, as plain data. */

export interface UniqueDef<TColumn extends string = string> {
  readonly kind: 'unique';
  readonly columns: readonly TColumn[];
  readonly name: string | undefined;
}

export interface CheckDef {
  readonly kind: 'check';
  readonly expression: SqlExpr;
  readonly name: string | undefined;
}

export interface ForeignKeyOptions {
  onDelete?: ReferentialActionOption;
  onUpdate?: ReferentialActionOption;
  name?: string;
}

export interface ForeignKeyDef<TColumn extends string = string> {
  readonly kind: 'foreignKey';
  readonly columns: readonly TColumn[];
  readonly target: () => AnyTable;
  readonly refColumns: readonly string[];
  readonly options: ForeignKeyOptions;
}

export interface IndexOptions {
  unique?: boolean;
  name?: string;
  /** Partial index predicate. */
  where?: SqlExpr;
  /** Access method; `btree` when not given. */
  method?: string;
}

export interface IndexDef<TColumn extends string = string> {
  readonly kind: 'index';
  /** Column names, or expressions such as `` sql`lower(email)` ``. */
  readonly columns: readonly (TColumn | SqlExpr)[];
  readonly options: IndexOptions;
}

/** Column names of a table type; any string for an untyped table. */
export type ColumnNameOf<T extends AnyTable> = keyof T['columns'] & string;

export function unique<const TColumn extends string>(
  columns: readonly TColumn[],
  options: { name?: string } = {},
): UniqueDef<TColumn> {
  return { kind: 'unique', columns: [...columns], name: options.name };
}

export function check(expression: SqlExpr, options: { name?: string } = {}): CheckDef {
  return { kind: 'check', expression, name: options.name };
}

export function foreignKey<const TColumn extends string, TTarget extends AnyTable>(
  columns: readonly TColumn[],
  target: () => TTarget,
  refColumns: readonly ColumnNameOf<TTarget>[],
  options: ForeignKeyOptions = {},
): ForeignKeyDef<TColumn> {
  return { kind: 'foreignKey', columns: [...columns], target, refColumns: [...refColumns], options: { ...options } };
}

export function index<const TColumns extends readonly (string | SqlExpr)[]>(
  columns: TColumns,
  options: IndexOptions = {},
): IndexDef<Extract<TColumns[number], string>> {
  const copy = [...columns] as (Extract<TColumns[number], string> | SqlExpr)[];
  return { kind: 'index', columns: copy, options: { ...options } };
}
