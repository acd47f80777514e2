import { queryRows } from '../helpers/database.js';

export interface RevisionSpec {
  id: string;
  down: string | string[] | null;
  message?: string;
  /** Orders the graph; one day per revision is plenty. */
  date: string;
  /** More `export const ...` lines (dependsOn, branchLabels, transactional, timeouts). */
  header?: string;
  up?: string;
  down_?: string;
}

/** A revision file as `migrate revision` writes one, with the given bodies. */
export function revisionSource(spec: RevisionSpec): string {
  const down =
    spec.down === null
      ? 'null'
      : Array.isArray(spec.down)
        ? `[${spec.down.map((d) => `'${d}'`).join(', ')}]`
        : `'${spec.down}'`;
  return [
    "import type { Operations } from 'athanor';",
    `export const revision = '${spec.id}';`,
    `export const downRevision = ${down};`,
    `export const message = '${spec.message ?? `step ${spec.id}`}';`,
    `export const createDate = '${spec.date}';`,
    spec.header ?? '',
    'export async function upgrade(op: Operations): Promise<void> {',
    spec.up ?? '',
    '}',
    'export async function downgrade(op: Operations): Promise<void> {',
    spec.down_ ?? '',
    '}',
    '',
  ].join('\n');
}

/** The version rows, sorted. */
export async function versionRows(url: string, table = 'athanor_version'): Promise<string[]> {
  const rows = await queryRows<{ version_num: string }>(url, `SELECT version_num FROM ${table} ORDER BY version_num`);
  return rows.map((r) => r.version_num);
}

/** Columns of a table in order; empty when it does not exist. */
export async function columnsOf(url: string, table: string): Promise<string[]> {
  const rows = await queryRows<{ column_name: string }>(
    url,
    'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
    ['public', table],
  );
  return rows.map((r) => r.column_name);
}

export interface HistoryRow {
  revision: string;
  action: string;
  checksum: string | null;
  applied_at: Date | string;
  duration_ms: number | null;
}

export async function historyRows(url: string, table = 'athanor_version_history'): Promise<HistoryRow[]> {
  return queryRows<HistoryRow>(
    url,
    `SELECT revision, action, checksum, applied_at, duration_ms FROM ${table} ORDER BY id`,
  );
}

export const addColumn = (table: string, column: string, type = 'integer') =>
  `  await op.addColumn({ schema: 'public', table: '${table}', column: { name: '${column}', type: '${type}', nullable: true, default: null, identity: null } });`;
export const dropColumn = (table: string, column: string) =>
  `  await op.dropColumn({ schema: 'public', table: '${table}', column: '${column}' });`;
