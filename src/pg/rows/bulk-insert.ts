import type { Statement } from '../ddl/statement.js';
import { quoteIdent, quoteQualified } from '../quote.js';

/** Postgres accepts at most 65535 bind parameters in one statement. */
const MAX_PARAMS = 65535;
const MAX_ROWS = 1000;

/**
 * Multi-row INSERT statements for `op.bulkInsert`: the columns are every key
 * the rows use, in first-seen order; a row without a key gets DEFAULT.
 */
export function bulkInsertStatements(
  schema: string,
  table: string,
  rows: readonly Record<string, unknown>[],
): Statement[] {
  const columns: string[] = [];
  for (const row of rows) {
    for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  }
  if (rows.length === 0) return [];
  if (columns.length === 0) {
    return rows.map(() => ({
      sql: `INSERT INTO ${quoteQualified(schema, table)} DEFAULT VALUES`,
      transactional: true,
    }));
  }
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns.length)));
  const statements: Statement[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    statements.push(insertChunk(schema, table, columns, rows.slice(start, start + perStatement)));
  }
  return statements;
}

function insertChunk(
  schema: string,
  table: string,
  columns: string[],
  rows: readonly Record<string, unknown>[],
): Statement {
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const cells = columns.map((column) => {
      if (!Object.hasOwn(row, column) || row[column] === undefined) return 'DEFAULT';
      params.push(row[column]);
      return `$${params.length}`;
    });
    return `(${cells.join(', ')})`;
  });
  const sql = `INSERT INTO ${quoteQualified(schema, table)} (${columns.map(quoteIdent).join(', ')}) VALUES ${tuples.join(', ')}`;
  return params.length > 0 ? { sql, params, transactional: true } : { sql, transactional: true };
}
