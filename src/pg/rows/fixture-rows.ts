import { bulkInsertStatements } from './bulk-insert.js';
import type { Driver } from '../connection/driver.js';
import { quoteIdent, quoteQualified } from '../quote.js';

/** Objects (json, jsonb) are sent as JSON text; arrays and scalars as the driver sends them. */
const param = (value: unknown): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
    ? JSON.stringify(value)
    : value;

/** Inserts test rows into a table, committed (outside any run). */
export async function insertFixtureRows(
  driver: Driver,
  schema: string,
  table: string,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const prepared = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, param(v)])));
  for (const statement of bulkInsertStatements(schema, table, prepared))
    await driver.query(statement.sql, statement.params ?? []);
}

/** Each row of a query as `to_jsonb` writes it: numbers, booleans, strings and timestamps as JSON. */
async function jsonRows(driver: Driver, from: string): Promise<Record<string, unknown>[]> {
  const { rows } = await driver.query<{ row: unknown }>(`SELECT to_jsonb(q) AS "row" FROM (${from}) AS q`);
  return rows.map((r) => (typeof r.row === 'string' ? JSON.parse(r.row) : r.row) as Record<string, unknown>);
}

/** The columns of every row of a table, as JSON. */
export function readTableRows(
  driver: Driver,
  schema: string,
  table: string,
  columns: readonly string[],
): Promise<Record<string, unknown>[]> {
  return jsonRows(driver, `SELECT ${columns.map(quoteIdent).join(', ')} FROM ${quoteQualified(schema, table)}`);
}

/** The rows a test's query returns, as JSON. */
export function readQueryRows(driver: Driver, sql: string): Promise<Record<string, unknown>[]> {
  return jsonRows(driver, sql.trim().replace(/;\s*$/, ''));
}
