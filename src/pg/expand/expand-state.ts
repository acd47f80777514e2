import type { CatalogColumn, ExpandPlan } from '../../ops/expand/expand-plan.js';
import type { Driver } from '../connection/driver.js';
import type { Statement } from '../ddl/statement.js';
import type { VersionTableName } from '../run/version-table.js';
import { quoteQualified } from '../quote.js';

/*
 * The expand state table, beside the version table (`<version table>_expand`, `config.expandTable`):
 * one row while an expand is in flight, with its plan, its phase and how
 * many steps of that phase are done. Each step writes it in its own
 * transaction, so a run killed at any point leaves the row at the last step
 * that committed; the next `--expand`, `contract` or `abort` goes on from there.
 */

export type ExpandPhase = 'expanding' | 'expanded' | 'contracting' | 'aborting';

export interface ExpandState {
  plan: ExpandPlan;
  phase: ExpandPhase;
  /** Steps of the phase done. */
  done: number;
  /** Within a backfill step: how far it got. */
  progress: BackfillProgress | null;
  startedAt: string;
}

/**
 * A backfill's progress: the next block to write, and the block it stops at,
 * counted over its parts one after the other (absent in a state written
 * before parts were kept: the table alone, of `until` blocks).
 */
export interface BackfillProgress {
  next: number;
  until: number;
  parts?: readonly BackfillPart[];
}

/**
 * A table holding rows of the one a backfill fills: the table itself, or
 * each partition (or inheriting table) below it; with the blocks it had
 * when the backfill started.
 */
export interface BackfillPart {
  readonly schema: string;
  readonly table: string;
  readonly blocks: number;
}

const stmt = (sql: string, params?: unknown[]): Statement =>
  params ? { sql, params, transactional: true } : { sql, transactional: true };

export function createExpandStateSql(table: VersionTableName): Statement {
  return stmt(
    `CREATE TABLE IF NOT EXISTS ${quoteQualified(table.schema, table.name)} (` +
      `id integer NOT NULL DEFAULT 1 PRIMARY KEY CHECK (id = 1), ` +
      `plan jsonb NOT NULL, phase text NOT NULL, done integer NOT NULL DEFAULT 0, progress jsonb, ` +
      `started_at timestamptz NOT NULL DEFAULT now())`,
  );
}

/** The expand in flight, or null (also when the table does not exist). */
export async function readExpandState(driver: Driver, table: VersionTableName): Promise<ExpandState | null> {
  const { rows: found } = await driver.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
    quoteQualified(table.schema, table.name),
  ]);
  if (found[0]?.found == null) return null;
  const { rows } = await driver.query<{
    plan: ExpandPlan;
    phase: ExpandPhase;
    done: number;
    progress: BackfillProgress | null;
    started_at: string;
  }>(
    `SELECT plan, phase, done, progress, ` +
      `to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS started_at ` +
      `FROM ${quoteQualified(table.schema, table.name)} WHERE id = 1`,
  );
  const row = rows[0];
  if (row === undefined) return null;
  return { plan: row.plan, phase: row.phase, done: row.done, progress: row.progress, startedAt: row.started_at };
}

export function insertExpandStateSql(table: VersionTableName, plan: ExpandPlan): Statement {
  return stmt(`INSERT INTO ${quoteQualified(table.schema, table.name)} (plan, phase) VALUES ($1::jsonb, 'expanding')`, [
    JSON.stringify(plan),
  ]);
}

/** The plan of an expand made over the one expanded: its steps start from the first. */
export function replanExpandStateSql(table: VersionTableName, plan: ExpandPlan): Statement {
  return stmt(
    `UPDATE ${quoteQualified(table.schema, table.name)} SET plan = $1::jsonb, phase = 'expanding', done = 0, progress = NULL WHERE id = 1`,
    [JSON.stringify(plan)],
  );
}

/** Records `done` steps of the phase done (and no backfill under way). */
export function expandStepDoneSql(table: VersionTableName, done: number): Statement {
  return stmt(`UPDATE ${quoteQualified(table.schema, table.name)} SET done = $1, progress = NULL WHERE id = 1`, [done]);
}

export function expandProgressSql(table: VersionTableName, progress: BackfillProgress): Statement {
  return stmt(`UPDATE ${quoteQualified(table.schema, table.name)} SET progress = $1::jsonb WHERE id = 1`, [
    JSON.stringify(progress),
  ]);
}

export function expandPhaseSql(table: VersionTableName, phase: ExpandPhase): Statement {
  return stmt(
    `UPDATE ${quoteQualified(table.schema, table.name)} SET phase = $1, done = 0, progress = NULL WHERE id = 1`,
    [phase],
  );
}

export function deleteExpandStateSql(table: VersionTableName): Statement {
  return stmt(`DELETE FROM ${quoteQualified(table.schema, table.name)} WHERE id = 1`);
}

/** The columns of a table as a plan needs them; null when there is no such table. */
export async function readCatalogColumns(
  driver: Driver,
  schema: string,
  name: string,
): Promise<CatalogColumn[] | null> {
  const { rows: found } = await driver.query<{ oid: number | null }>('SELECT to_regclass($1)::oid AS oid', [
    quoteQualified(schema, name),
  ]);
  const oid = found[0]?.oid;
  if (oid == null) return null;
  const { rows } = await driver.query<{
    name: string;
    type: string;
    not_null: boolean;
    default: string | null;
    generated_values: boolean;
    constrained: boolean;
  }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null, ` +
      `pg_get_expr(d.adbin, d.adrelid) AS default, ` +
      `(a.attidentity <> '' OR a.attgenerated <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false)) AS generated_values, ` +
      `(EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND (a.attnum = ANY (i.indkey::int2[]) OR i.indexprs IS NOT NULL OR i.indpred IS NOT NULL)) ` +
      `OR EXISTS (SELECT 1 FROM pg_constraint c WHERE (c.conrelid = a.attrelid AND a.attnum = ANY (c.conkey) OR c.confrelid = a.attrelid AND a.attnum = ANY (c.confkey)) AND c.contype <> 'n')) AS constrained ` +
      `FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum ` +
      `WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [oid],
  );
  return rows.map((r) => ({
    name: r.name,
    type: r.type,
    notNull: r.not_null,
    default: r.default,
    generatedValues: r.generated_values,
    constrained: r.constrained,
  }));
}

/** True when schema `name` exists: a version schema about to be made that does is another's (another tenant's, or the application's). */
export async function schemaExists(driver: Driver, name: string): Promise<boolean> {
  const { rows } = await driver.query<{ found: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS found',
    [name],
  );
  return rows[0]?.found === true;
}

/**
 * The tables of `tables` (as `schema.table`) with row-level security, on a
 * server before PostgreSQL 15: a view there reads its table with its
 * owner's rights, past the policies, so the new version's view of such a
 * table would show every row (`security_invoker` comes with 15). None on 15
 * and later.
 */
export async function rowSecurityBeforeInvoker(
  driver: Driver,
  tables: readonly { schema: string; table: string }[],
): Promise<string[]> {
  if (tables.length === 0) return [];
  const { rows } = await driver.query<{ name: string }>(
    `SELECT c.oid::regclass::text AS name FROM pg_class c WHERE c.oid = ANY ($1::text[]::regclass[]) ` +
      `AND c.relrowsecurity AND current_setting('server_version_num')::int < 150000 ORDER BY 1`,
    [tables.map((t) => quoteQualified(t.schema, t.table))],
  );
  return rows.map((r) => r.name);
}
