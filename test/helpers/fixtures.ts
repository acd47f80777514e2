import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
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
  return withoutNoise(execFileSync(requirePgDump(), pgDumpArgs(url, versionTable), PG_DUMP_OPTIONS));
}

/** `schemaDump` without waiting: pg_dump runs while the caller reads the database in other ways. */
export async function schemaDumpAsync(url: string, versionTable = 'athanor_version'): Promise<string> {
  const { stdout } = await execFileAsync(requirePgDump(), pgDumpArgs(url, versionTable), PG_DUMP_OPTIONS);
  return withoutNoise(stdout);
}

function requirePgDump(): string {
  const binary = pgDumpBinary();
  if (binary === undefined) throw new Error('no pg_dump can dump the test server: check hasPgDump() first');
  return binary;
}

const execFileAsync = promisify(execFile);
const PG_DUMP_OPTIONS = { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 } as const;

function pgDumpArgs(url: string, versionTable: string): string[] {
  return [
    '--schema-only',
    '--no-owner',
    '--no-privileges',
    '--no-comments',
    `--exclude-table=*.${versionTable}*`,
    '-d',
    url,
  ];
}

function withoutNoise(dump: string): string {
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
  const dump = settled(testTarget() === 'server' && hasPgDump() ? schemaDumpAsync(url) : undefined);
  const model = await reflectedModel(url);
  const facts = testTarget() === 'server' ? await constraintAndIndexFacts(url) : undefined;
  const dumped = await dump;
  return { model, ...(facts ? { facts } : {}), ...(dumped !== undefined ? { dump: dumped } : {}) };
}

/** Asserts a database holds the schema of a snapshot, as `expectSameSchema` compares two databases. */
export async function expectSchemaOf(actualUrl: string, expected: SchemaSnapshot): Promise<void> {
  const dump = settled(testTarget() === 'server' && hasPgDump() ? schemaDumpAsync(actualUrl) : undefined);
  expect(await reflectedModel(actualUrl)).toEqual(expected.model);
  if (testTarget() === 'server') expect(await constraintAndIndexFacts(actualUrl)).toEqual(expected.facts);
  if (testTarget() === 'server' && hasPgDump()) expect(await dump).toEqual(expected.dump);
}

/**
 * Asserts two databases hold the same schema: by the reflected model, on a
 * server by their constraints and indexes (names included), and by
 * `pg_dump --schema-only` where pg_dump can reach them. On a server both
 * databases are read at once, and pg_dump runs while the reflector reads.
 */
export async function expectSameSchema(actualUrl: string, expectedUrl: string): Promise<void> {
  const server = testTarget() === 'server';
  const dumps = server && hasPgDump();
  const actualDump = settled(dumps ? schemaDumpAsync(actualUrl) : undefined);
  const expectedDump = settled(dumps ? schemaDumpAsync(expectedUrl) : undefined);
  const [actualModel, expectedModel] = await both(
    server,
    () => reflectedModel(actualUrl),
    () => reflectedModel(expectedUrl),
  );
  expect(actualModel).toEqual(expectedModel);
  if (server) {
    const [actualFacts, expectedFacts] = await Promise.all([
      constraintAndIndexFacts(actualUrl),
      constraintAndIndexFacts(expectedUrl),
    ]);
    expect(actualFacts).toEqual(expectedFacts);
  }
  if (dumps) expect(await actualDump).toEqual(await expectedDump);
}

/** Two reads at once on a server; one after the other on PGlite, which gains nothing from it. */
async function both<T>(atOnce: boolean, first: () => Promise<T>, second: () => Promise<T>): Promise<[T, T]> {
  if (atOnce) return Promise.all([first(), second()]);
  const a = await first();
  return [a, await second()];
}

/**
 * A promise started ahead of the assertion that needs it, marked as handled:
 * when an earlier assertion fails first, its failure (if any) is not
 * reported as unhandled. Awaiting it still throws what it threw.
 */
function settled<T>(promise: Promise<T> | undefined): Promise<T | undefined> {
  if (promise === undefined) return Promise.resolve(undefined);
  promise.catch(() => undefined);
  return promise;
}
