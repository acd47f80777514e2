import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, inject } from 'vitest';
import { connect } from '../../src/pg/driver.js';
import { reflectSchema } from '../../src/pg/reflect.js';
import type { SchemaModel } from '../../src/schema/model.js';
import { queryRows, testTarget } from './database.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The folder of the real-world schemas (chinook.sql, pagila.sql), which the
 * repository does not hold: ATHANOR_REAL_SCHEMAS when set (relative to the
 * project root, or absolute), otherwise `../shared/fixtures/real-schemas`
 * beside the project root. Ends with a slash.
 */
export const REAL_SCHEMAS = `${resolve(
  PROJECT_ROOT,
  process.env.ATHANOR_REAL_SCHEMAS?.trim() || '../shared/fixtures/real-schemas',
).replace(/\/+$/, '')}/`;

export type RealSchemaFile = 'chinook.sql' | 'pagila.sql';

export interface RealSchema {
  /** The file's path under REAL_SCHEMAS. */
  path: string;
  /** Whether the file is missing: its tests skip then. */
  missing: boolean;
  /** A test or suite title, with the reason it skips when the file is missing. */
  title(name: string): string;
}

/**
 * One of the real-world schemas. Tests that read it skip when it is missing,
 * and say why in their title: `describe.skipIf(PAGILA.missing)(PAGILA.title('...'), ...)`.
 */
export function realSchema(file: RealSchemaFile): RealSchema {
  const path = `${REAL_SCHEMAS}${file}`;
  const missing = !existsSync(path);
  return {
    path,
    missing,
    title: (name) =>
      missing
        ? `${name} (skipped: ${file} not found in ${REAL_SCHEMAS}; set ATHANOR_REAL_SCHEMAS to its folder)`
        : name,
  };
}

export const CHINOOK = realSchema('chinook.sql');
export const PAGILA = realSchema('pagila.sql');

/** chinook.sql without the lines that drop, create and switch databases, so it loads anywhere. */
export function chinookSql(): string {
  return readFileSync(CHINOOK.path, 'utf8')
    .split('\n')
    .filter((line) => !/^(DROP DATABASE|CREATE DATABASE|\\c )/.test(line))
    .join('\n');
}

/**
 * The pg_dump that can dump the test server, as the global setup chose it
 * (test/helpers/pg-dump.ts): the one of the server's npm package, or the
 * machine's when it is not older than the server. Undefined when there is
 * none (the run said so at its start) and on PGlite.
 */
function pgDumpBinary(): string | undefined {
  return inject('pgDump') || undefined;
}

/** Whether a pg_dump can dump the test server; without one, schemas are compared through the catalog alone. */
export function hasPgDump(): boolean {
  return testTarget() === 'server' && pgDumpBinary() !== undefined;
}

/**
 * `pg_dump --schema-only` without the noise that does not describe the schema:
 * comments, ownership, privileges, SET lines, blank lines, and the tool's own tables.
 */
export function schemaDump(url: string, versionTable = 'athanor_version'): string {
  const binary = pgDumpBinary();
  if (binary === undefined) throw new Error('no pg_dump can dump the test server: check hasPgDump() first');
  const dump = execFileSync(
    binary,
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
