import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { connect } from '../../src/pg/driver.js';
import { reflectSchema } from '../../src/pg/reflect.js';
import type { SchemaModel } from '../../src/schema/model.js';
import { queryRows, testTarget } from './database.js';
import { requestedVersion } from './embedded-server.js';

/**
 * The shared real-world schemas: ATHANOR_REAL_SCHEMAS when set (a clone made
 * elsewhere, such as the README test's, points back at them), otherwise
 * `shared/fixtures/real-schemas/` next to the repository.
 */
export const REAL_SCHEMAS = process.env.ATHANOR_REAL_SCHEMAS
  ? `${process.env.ATHANOR_REAL_SCHEMAS.replace(/\/+$/, '')}/`
  : fileURLToPath(new URL('../../../shared/fixtures/real-schemas/', import.meta.url));

/** chinook.sql without the lines that drop, create and switch databases, so it loads anywhere. */
export function chinookSql(): string {
  return readFileSync(`${REAL_SCHEMAS}chinook.sql`, 'utf8')
    .split('\n')
    .filter((line) => !/^(DROP DATABASE|CREATE DATABASE|\\c )/.test(line))
    .join('\n');
}

/**
 * Whether `pg_dump` is installed and can dump the test server: pg_dump refuses
 * a server of a newer major than its own, which the matrix's newer servers
 * (TEST_PG_VERSION) are when the installed client is older.
 */
export function hasPgDump(): boolean {
  try {
    const version = execFileSync('pg_dump', ['--version'], { encoding: 'utf8' });
    const major = Number(/(\d+)(\.\d+)?/.exec(version)?.[1] ?? 0);
    return major >= Number(requestedVersion() ?? 0);
  } catch {
    return false;
  }
}

/**
 * `pg_dump --schema-only` without the noise that does not describe the schema:
 * comments, ownership, privileges, SET lines, blank lines, and the tool's own tables.
 */
export function schemaDump(url: string, versionTable = 'athanor_version'): string {
  const dump = execFileSync(
    'pg_dump',
    [
      '--schema-only',
      '--no-owner',
      '--no-privileges',
      '--no-comments',
      `--exclude-table=*.${versionTable}*`,
      '-d',
      url,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return dump
    .split('\n')
    .filter(
      (line) =>
        line.trim() !== '' &&
        !line.startsWith('--') &&
        !/^(SET |SELECT pg_catalog\.set_config|\\(un)?restrict )/.test(line),
    )
    .join('\n');
}

/** Reflects a database through the project's own reflector, leaving out the tool's own tables. */
export async function reflectedModel(url: string): Promise<SchemaModel> {
  const driver = await connect(url);
  try {
    // What uses what follows from the rest; it would name what no model holds (the clones of a parent's keys on partitions, numbered as they were made).
    const model = await reflectSchema(driver, { dependencies: false });
    return { ...model, tables: model.tables.filter((t) => !t.name.startsWith('athanor_')) };
  } finally {
    await driver.close();
  }
}

/**
 * Every constraint (from PostgreSQL 18 on, NOT NULL ones too, with their
 * names) and index of the user's schemas, by name and definition, leaving out
 * the tool's own tables: what pg_dump would show of them, on a server newer
 * than the installed pg_dump as well.
 */
export async function constraintAndIndexFacts(url: string): Promise<Record<string, unknown>[]> {
  return queryRows(
    url,
    `SELECT n.nspname AS schema, c.relname AS relation, x.kind, x.name, x.definition
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     CROSS JOIN LATERAL (
       SELECT 'constraint ' || k.contype::text AS kind, k.conname AS name,
         pg_get_constraintdef(k.oid) AS definition
       FROM pg_constraint k WHERE k.conrelid = c.oid
       UNION ALL
       SELECT 'index', ic.relname, pg_get_indexdef(i.indexrelid)
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = c.oid
     ) x
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
       AND c.relname NOT LIKE 'athanor\\_%'
     ORDER BY 1, 2, 3, 4, 5`,
  );
}

/**
 * What `expectSameSchema` compares of one database: the reflected model, on a
 * server its constraints and indexes (names included), and `pg_dump
 * --schema-only` where pg_dump can reach it. Taken of a database before a
 * command changes it, it stands for a fresh copy of that database.
 */
export interface SchemaSnapshot {
  model: SchemaModel;
  facts?: Record<string, unknown>[];
  dump?: string;
}

export async function schemaSnapshot(url: string): Promise<SchemaSnapshot> {
  const model = await reflectedModel(url);
  const facts = testTarget() === 'server' ? await constraintAndIndexFacts(url) : undefined;
  const dump = testTarget() === 'server' && hasPgDump() ? schemaDump(url) : undefined;
  return { model, ...(facts ? { facts } : {}), ...(dump !== undefined ? { dump } : {}) };
}

/** Asserts a database holds the schema of a snapshot, as `expectSameSchema` compares two databases. */
export async function expectSchemaOf(actualUrl: string, expected: SchemaSnapshot): Promise<void> {
  expect(await reflectedModel(actualUrl)).toEqual(expected.model);
  if (testTarget() === 'server') expect(await constraintAndIndexFacts(actualUrl)).toEqual(expected.facts);
  if (testTarget() === 'server' && hasPgDump()) expect(schemaDump(actualUrl)).toEqual(expected.dump);
}

/**
 * Asserts two databases hold the same schema: by the reflected model, on a
 * server by their constraints and indexes (names included), and by
 * `pg_dump --schema-only` where pg_dump can reach them.
 */
export async function expectSameSchema(actualUrl: string, expectedUrl: string): Promise<void> {
  expect(await reflectedModel(actualUrl)).toEqual(await reflectedModel(expectedUrl));
  if (testTarget() === 'server')
    expect(await constraintAndIndexFacts(actualUrl)).toEqual(await constraintAndIndexFacts(expectedUrl));
  if (testTarget() === 'server' && hasPgDump()) expect(schemaDump(actualUrl)).toEqual(schemaDump(expectedUrl));
}
