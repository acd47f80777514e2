import type { OperationOf } from '../../ops/operation.js';
import type { Statement } from '../ddl/statement.js';
import { quoteIdent, quoteQualified } from '../quote.js';
import type { VersionTableName } from './version-table.js';

/**
 * The SQL of `op.backfill`: the rows of a table written in batches, each
 * batch with the record of how far it got in one transaction. Batches follow
 * the primary key (keyset: the next batch starts after the last key written);
 * a table without one is read in ranges of its pages (`ctid`), up to the size
 * it had when the backfill started. Where a run got to is kept in the
 * bookkeeping's backfill table (`<version table>_backfill`), made when a
 * backfill first runs.
 */

type Backfill = OperationOf<'backfill'>;

const stateName = (table: VersionTableName): string => quoteQualified(table.schema, table.name);

export function createBackfillStateSql(table: VersionTableName): string {
  return `CREATE TABLE IF NOT EXISTS ${stateName(table)} (revision varchar(32) NOT NULL, step text NOT NULL, position text[], rows bigint NOT NULL DEFAULT 0, done boolean NOT NULL DEFAULT false, updated_at timestamptz NOT NULL DEFAULT now(), CONSTRAINT ${quoteIdent(`${table.name}_pkey`)} PRIMARY KEY (revision, step))`;
}

/** Where a backfill got to: `$1` revision, `$2` step. */
export function readBackfillStateSql(table: VersionTableName): string {
  return `SELECT position, rows::float8 AS rows, done FROM ${stateName(table)} WHERE revision = $1 AND step = $2`;
}

/** Records how far a backfill got: `$1` revision, `$2` step, `$3` position, `$4` rows written, `$5` done. */
export function saveBackfillStateSql(table: VersionTableName): string {
  return `INSERT INTO ${stateName(table)} (revision, step, position, rows, done) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (revision, step) DO UPDATE SET position = EXCLUDED.position, rows = EXCLUDED.rows, done = EXCLUDED.done, updated_at = now()`;
}

/** Forgets where a backfill got to (it starts again from the first row): `$1` revision, `$2` step. */
export function resetBackfillStateSql(table: VersionTableName): string {
  return `DELETE FROM ${stateName(table)} WHERE revision = $1 AND step = $2`;
}

/** The table's primary key columns in key order, with their types; its size in pages and estimated rows. `$1` schema, `$2` table. */
export const BACKFILL_TABLE_SQL = `SELECT c.relpages::float8 AS pages, c.reltuples::float8 AS estimate,
  (pg_relation_size(c.oid) / current_setting('block_size')::int)::float8 AS blocks,
  coalesce((SELECT json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod)) ORDER BY k.ord)
    FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indrelid = c.oid AND i.indisprimary), '[]') AS key
FROM pg_class c WHERE c.oid = format('%I.%I', $1::text, $2::text)::regclass`;

export interface KeyColumn {
  name: string;
  type: string;
}

function setList(op: Backfill): string {
  return Object.entries(op.set)
    .map(([column, expression]) => `${quoteIdent(column)} = ${expression}`)
    .join(', ');
}

const condition = (op: Backfill): string[] => (op.where === undefined ? [] : [`(${op.where})`]);

/**
 * One batch by primary key: the next `$1` rows after the key `$2...` (none
 * on the first batch) that `where` picks, written. Returns `picked` (rows the
 * batch chose), `written` and `last`, the last key as text.
 */
export function backfillKeyBatchSql(op: Backfill, key: readonly KeyColumn[], first: boolean): string {
  const columns = key.map((k) => quoteIdent(k.name)).join(', ');
  const after = first ? [] : [`(${columns}) > (${key.map((k, i) => `CAST($${i + 2} AS ${k.type})`).join(', ')})`];
  const where = [...after, ...condition(op)];
  const descending = key.map((k) => `${quoteIdent(k.name)} DESC`).join(', ');
  return `WITH batch AS (SELECT ${columns} FROM ${quoteQualified(op.schema, op.table)}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${columns} LIMIT $1), written AS (UPDATE ${quoteQualified(op.schema, op.table)} SET ${setList(op)} WHERE (${columns}) IN (SELECT ${columns} FROM batch) RETURNING 1)
SELECT (SELECT count(*) FROM batch)::float8 AS picked, (SELECT count(*) FROM written)::float8 AS written,
  (SELECT ARRAY[${key.map((k) => `${quoteIdent(k.name)}::text`).join(', ')}] FROM batch ORDER BY ${descending} LIMIT 1) AS last`;
}

/** One batch by pages: the rows in pages `$1` (from) to `$2` (before) that `where` picks, written. Returns `written`. */
export function backfillPageBatchSql(op: Backfill): string {
  const where = [
    `ctid >= format('(%s,0)', $1::bigint)::tid`,
    `ctid < format('(%s,0)', $2::bigint)::tid`,
    ...condition(op),
  ];
  return `WITH written AS (UPDATE ${quoteQualified(op.schema, op.table)} SET ${setList(op)} WHERE ${where.join(' AND ')} RETURNING 1) SELECT count(*)::float8 AS written FROM written`;
}

/** The whole backfill as one statement, outside the revision's transaction: what a `--sql` script writes. */
export function compileBackfill(op: Backfill): Statement[] {
  const where = condition(op);
  return [
    {
      sql: `UPDATE ${quoteQualified(op.schema, op.table)} SET ${setList(op)}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`,
      transactional: false,
    },
  ];
}
