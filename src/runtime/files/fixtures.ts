import { basename } from 'node:path';
import { AthanorError } from '../../util/errors.js';

/** A value in a fixture row: what JSON holds (an object or array is a `json`/`jsonb` value or an array). */
export type FixtureValue = string | number | boolean | null | readonly FixtureValue[] | { [key: string]: FixtureValue };

/** One row: column name to value. */
export type FixtureRow = Readonly<Record<string, FixtureValue>>;

/** Rows by table: `'table'` (in `public`) or `'schema.table'`. */
export type FixtureTables = Readonly<Record<string, readonly FixtureRow[]>>;

/** A query and the rows it must return, in any order (its columns as the query names them). */
export interface FixtureQuery {
  sql: string;
  rows: readonly FixtureRow[];
}

/**
 * What must hold at a point of the test: each table holds exactly these rows
 * (compared on the columns the rows name), or each query returns exactly these rows.
 */
export type FixtureExpectation = FixtureTables | readonly FixtureQuery[];

/**
 * Test data a revision exports for `migrate test` (`export const fixtures: RevisionFixtures = {...}`).
 * The rows of `before` are inserted before the revision's upgrade (and stay, as data in a real
 * database would); `after` must hold once it is upgraded; `afterDowngrade` once it is downgraded
 * again (by default, the rows of `before` are back as they were inserted).
 * Values compare as JSON, as `to_jsonb` writes them: numbers, booleans, strings,
 * timestamps as `'2024-01-31T12:00:00'`.
 */
export interface RevisionFixtures {
  before?: FixtureTables;
  after?: FixtureExpectation;
  afterDowngrade?: FixtureExpectation;
}

/** A table named by a fixture, split into its schema and name. */
export interface FixtureTable {
  schema: string;
  name: string;
}

/** One check of an expectation, as the database is asked it. */
export type FixtureRead =
  | { kind: 'table'; table: FixtureTable; columns: string[]; rows: readonly FixtureRow[]; label: string }
  | { kind: 'query'; sql: string; rows: readonly FixtureRow[]; label: string };

/** `'schema.table'` or `'table'` (in `public`). */
export function fixtureTable(key: string): FixtureTable {
  const dot = key.indexOf('.');
  return dot < 0 ? { schema: 'public', name: key } : { schema: key.slice(0, dot), name: key.slice(dot + 1) };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The `fixtures` export of a revision file checked for its shape; null when
 * the file exports none. A malformed one is an error naming the file and the part.
 */
export function readFixtures(value: unknown, path: string): RevisionFixtures | null {
  if (value === undefined) return null;
  const file = basename(path);
  const bad = (where: string, what: string): AthanorError =>
    new AthanorError(
      'bad-fixtures',
      `${file}: fixtures${where} ${what}; see "Testing migrations" in the docs for the shape of \`export const fixtures\``,
    );
  if (!isRecord(value)) throw bad('', 'must be an object { before, after, afterDowngrade }');
  for (const key of Object.keys(value))
    if (!['before', 'after', 'afterDowngrade'].includes(key))
      throw bad(`.${key}`, 'is not a part of fixtures (before, after, afterDowngrade)');
  const tables = (v: unknown, where: string): void => {
    if (!isRecord(v)) throw bad(where, "must map tables ('table' or 'schema.table') to arrays of rows");
    for (const [table, rows] of Object.entries(v)) rowsOf(rows, `${where}['${table}']`);
  };
  const rowsOf = (rows: unknown, where: string): void => {
    if (!Array.isArray(rows)) throw bad(where, 'must be an array of rows');
    rows.forEach((row, i) => {
      if (!isRecord(row) || Object.keys(row).length === 0)
        throw bad(`${where}[${i}]`, 'must be an object of column values');
    });
  };
  const expectation = (v: unknown, where: string): void => {
    if (!Array.isArray(v)) return tables(v, where);
    v.forEach((q, i) => {
      if (!isRecord(q) || typeof q.sql !== 'string' || q.sql.trim() === '')
        throw bad(`${where}[${i}]`, 'must be { sql, rows } with the query as text');
      rowsOf(q.rows, `${where}[${i}].rows`);
    });
  };
  if (value.before !== undefined) tables(value.before, '.before');
  if (value.after !== undefined) expectation(value.after, '.after');
  if (value.afterDowngrade !== undefined) expectation(value.afterDowngrade, '.afterDowngrade');
  return value as RevisionFixtures;
}

/** The reads that check an expectation. */
export function fixtureReads(expectation: FixtureExpectation): FixtureRead[] {
  if (Array.isArray(expectation)) {
    return (expectation as readonly FixtureQuery[]).map((q) => ({
      kind: 'query',
      sql: q.sql,
      rows: q.rows,
      label: `query ${oneLine(q.sql)}`,
    }));
  }
  return Object.entries(expectation as FixtureTables).map(([key, rows]) => ({
    kind: 'table',
    table: fixtureTable(key),
    columns: [...new Set(rows.flatMap((row) => Object.keys(row)))],
    rows,
    label: `table ${key}`,
  }));
}

const oneLine = (sql: string): string => sql.replace(/\s+/g, ' ').trim();

/** A value in one spelling: object keys sorted, so rows compare whatever order their keys were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/**
 * Compares the rows read with the rows expected, in any order, on the columns
 * the expected rows name (a column an expected row leaves out must be null).
 * Returns null when they match, else a sentence saying what differs.
 */
export function compareFixtureRows(
  expected: readonly FixtureRow[],
  actual: readonly Record<string, unknown>[],
  columns?: readonly string[],
): string | null {
  const names = columns ?? [...new Set([...expected, ...actual].flatMap((row) => Object.keys(row)))];
  const spell = (row: Record<string, unknown>): string =>
    canonical(Object.fromEntries(names.map((c) => [c, row[c] ?? null])));
  const want = expected.map(spell);
  const got = actual.map(spell);
  const remaining = [...got];
  const missing: string[] = [];
  for (const row of want) {
    const at = remaining.indexOf(row);
    if (at < 0) missing.push(row);
    else remaining.splice(at, 1);
  }
  if (missing.length === 0 && remaining.length === 0) return null;
  const parts = [
    ...(missing.length > 0 ? [`missing ${missing.sort().join(', ')}`] : []),
    ...(remaining.length > 0 ? [`unexpected ${remaining.sort().join(', ')}`] : []),
  ];
  return `${parts.join('; ')} (${got.length} row(s) read, ${want.length} expected)`;
}
