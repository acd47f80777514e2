import type { Driver } from './driver.js';
import { quoteIdent, quoteQualified } from './quote.js';

export interface VersionTableName {
  schema: string;
  name: string;
}

/** Creates the version table (and its schema) when missing. */
export async function ensureVersionTable(driver: Driver, table: VersionTableName): Promise<void> {
  if (table.schema !== 'public') await driver.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(table.schema)}`);
  await driver.exec(
    `CREATE TABLE IF NOT EXISTS ${quoteQualified(table.schema, table.name)} (` +
      `version_num varchar(32) NOT NULL, ` +
      `CONSTRAINT ${quoteIdent(`${table.name}_pkc`)} PRIMARY KEY (version_num))`,
  );
}

/** The revision ids the database records; empty when the table does not exist. */
export async function readVersions(driver: Driver, table: VersionTableName): Promise<string[]> {
  const { rows } = await driver.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
    quoteQualified(table.schema, table.name),
  ]);
  if (rows[0]?.found == null) return [];
  const result = await driver.query<{ version_num: string }>(
    `SELECT version_num FROM ${quoteQualified(table.schema, table.name)} ORDER BY version_num`,
  );
  return result.rows.map((r) => r.version_num);
}

/** Replaces the recorded heads: deletes `remove`, inserts `add`. */
export async function writeVersions(driver: Driver, table: VersionTableName, remove: string[], add: string[]): Promise<void> {
  const target = quoteQualified(table.schema, table.name);
  if (remove.length > 0) await driver.query(`DELETE FROM ${target} WHERE version_num = ANY($1::varchar[])`, [remove]);
  for (const id of add) await driver.query(`INSERT INTO ${target} (version_num) VALUES ($1)`, [id]);
}
