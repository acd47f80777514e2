import { columnBuilder, type ColumnBuilder } from './column.js';

/**
 * Column constructors. The TypeScript data type is what node-postgres returns
 * by default: int8 and numeric as strings, timestamps and dates as `Date`.
 */

type Plain<TData> = ColumnBuilder<TData, false, false, 'none'>;
type Serial<TData> = ColumnBuilder<TData, false, false, 'serial'>;

function named<TData>(spelling: string): Plain<TData> {
  return columnBuilder<TData>({ kind: 'named', spelling });
}

function serialNamed<TData>(spelling: string): Serial<TData> {
  return columnBuilder<TData, 'serial'>({ kind: 'named', spelling });
}

function withLength(name: string, length: number | undefined): string {
  return length === undefined ? name : `${name}(${length})`;
}

export const smallint = (): Plain<number> => named('smallint');
export const integer = (): Plain<number> => named('integer');
/** int8: node-postgres returns it as a string. */
export const bigint = (): Plain<string> => named('bigint');
export const serial = (): Serial<number> => serialNamed('serial');
export const smallserial = (): Serial<number> => serialNamed('smallserial');
export const bigserial = (): Serial<string> => serialNamed('bigserial');

/** `numeric`, `numeric(p)` (scale 0) or `numeric(p, s)`; returned as a string. */
export function numeric(precision?: number, scale?: number): Plain<string> {
  if (precision === undefined) return named('numeric');
  return named(`numeric(${precision},${scale ?? 0})`);
}

export const real = (): Plain<number> => named('real');
export const doublePrecision = (): Plain<number> => named('double precision');
export const boolean = (): Plain<boolean> => named('boolean');
export const text = (): Plain<string> => named('text');
export const varchar = (length?: number): Plain<string> => named(withLength('varchar', length));
/** `character(n)`; without a length Postgres makes it `character(1)`. */
export const char = (length?: number): Plain<string> => named(withLength('char', length));
export const date = (): Plain<Date> => named('date');
export const time = (precision?: number): Plain<string> => named(withLength('time', precision));
export const timestamp = (precision?: number): Plain<Date> => named(withLength('timestamp', precision));
export const timestamptz = (precision?: number): Plain<Date> => named(withLength('timestamptz', precision));
export const interval = (): Plain<string> => named('interval');
export const uuid = (): Plain<string> => named('uuid');

/*
 * json, jsonb and customType are overloaded rather than given a default type
 * argument: inside `metadata.table()` the expected builder type would infer
 * the argument as `any` instead of taking the default.
 */

/** `json`; `json<T>()` types the document as T (unknown without it). */
export function json(): Plain<unknown>;
export function json<TData>(): Plain<TData>;
export function json<TData>(): Plain<TData> {
  return named('json');
}

/** `jsonb`; `jsonb<T>()` types the document as T (unknown without it). */
export function jsonb(): Plain<unknown>;
export function jsonb<TData>(): Plain<TData>;
export function jsonb<TData>(): Plain<TData> {
  return named('jsonb');
}

/** `bytea`, read as bytes: a `Uint8Array` (node-postgres gives a `Buffer`, which is one; PGlite a plain one). */
export const bytea = (): Plain<Uint8Array> => named('bytea');

/**
 * Any other type, spelled as SQL (`customType('citext')`,
 * `customType('public.vector(3)')`). Common aliases are normalized.
 */
export function customType(spelling: string): Plain<string>;
export function customType<TData>(spelling: string): Plain<TData>;
export function customType<TData>(spelling: string): Plain<TData> {
  return named(spelling);
}
