import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, inject } from 'vitest';
import { connect, type Driver } from '../../src/pg/connection/driver.js';
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

/** `schemaDump` without waiting: pg_dump runs while the caller reads the database in other ways; with `privileges`, its GRANT and REVOKE lines too. */
export async function schemaDumpAsync(
  url: string,
  versionTable = 'athanor_version',
  compared: SchemaComparison = {},
): Promise<string> {
  const args = pgDumpArgs(url, versionTable).filter((a) => compared.privileges !== true || a !== '--no-privileges');
  const { stdout } = await execFileAsync(requirePgDump(), args, PG_DUMP_OPTIONS);
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

/**
 * What a schema comparison covers besides the schema: `privileges` adds every
 * grant (the model's `grants`, read as `privileges: 'all'` reads them, the
 * ACLs of every object as the catalog holds them, and pg_dump's GRANT and
 * REVOKE lines).
 */
export interface SchemaComparison {
  privileges?: boolean;
}

/** Reflects a database through the project's own reflector, leaving out the tool's own tables. */
export async function reflectedModel(url: string, compared: SchemaComparison = {}): Promise<SchemaModel> {
  const driver = await connect(url);
  try {
    return await reflectWith(driver, compared);
  } finally {
    await driver.close();
  }
}

async function reflectWith(driver: Driver, compared: SchemaComparison): Promise<SchemaModel> {
  // What uses what follows from the rest; it would name what no model holds (the clones of a parent's keys on partitions, numbered as they were made).
  const model = await reflectSchema(driver, {
    dependencies: false,
    ...(compared.privileges === true ? { privileges: 'all' as const } : {}),
  });
  return { ...model, tables: model.tables.filter((t) => !t.name.startsWith('athanor_')) };
}

/**
 * The reflected model and, on a server, the constraints and indexes of a
 * database, read on one connection: the facts first, on the session as it
 * opened (the reflector sets its own search path), then the model.
 */
async function readSchema(url: string, compared: SchemaComparison = {}): Promise<Omit<SchemaSnapshot, 'dump'>> {
  const driver = await connect(url);
  try {
    if (testTarget() !== 'server') return { model: await reflectWith(driver, compared) };
    await driver.exec('SET jit = off');
    const facts = (await driver.query<Record<string, unknown>>(CONSTRAINT_AND_INDEX_FACTS)).rows;
    return { model: await reflectWith(driver, compared), facts };
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
const CONSTRAINT_AND_INDEX_FACTS = `SELECT n.nspname AS schema, c.relname AS relation, x.kind, x.name, x.definition
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
  ORDER BY 1, 2, 3, 4, 5`;

/**
 * Every access control list of the database's own objects, the tool's own
 * tables left out: schemas, relations and their columns, routines, types,
 * wrappers, servers and default privileges. An ACL never set is the kind's
 * default (`acldefault`), as the model and pg_dump read it; an entry reads
 * `grantee=privilege[*]/grantor`, where each object's owner is `owner`:
 * the model holds no owners yet.
 */
export async function aclFacts(url: string): Promise<Record<string, unknown>[]> {
  return queryRows(
    url,
    `WITH own(oid) AS (
       SELECT oid FROM pg_namespace
       WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'
     ), acl(kind, name, owner, items) AS (
       SELECT 'schema', nspname, nspowner, COALESCE(nspacl, acldefault('n', nspowner))
       FROM pg_namespace WHERE oid IN (SELECT oid FROM own)
       UNION ALL
       SELECT 'relation', c.oid::regclass::text, c.relowner,
         COALESCE(c.relacl, acldefault(CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char", c.relowner))
       FROM pg_class c
       WHERE c.relnamespace IN (SELECT oid FROM own) AND c.relname NOT LIKE 'athanor\\_%'
         AND c.relkind NOT IN ('i', 'I', 'c', 't')
       UNION ALL
       SELECT 'column', a.attrelid::regclass::text || '.' || a.attname, c.relowner, a.attacl
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       WHERE c.relnamespace IN (SELECT oid FROM own) AND c.relname NOT LIKE 'athanor\\_%'
         AND a.attnum > 0 AND NOT a.attisdropped AND cardinality(a.attacl) > 0
       UNION ALL
       SELECT 'routine', p.oid::regprocedure::text, p.proowner, COALESCE(p.proacl, acldefault('f', p.proowner))
       FROM pg_proc p WHERE p.pronamespace IN (SELECT oid FROM own)
       UNION ALL
       SELECT 'type', t.oid::regtype::text, t.typowner, COALESCE(t.typacl, acldefault('T', t.typowner))
       FROM pg_type t
       WHERE t.typnamespace IN (SELECT oid FROM own) AND t.typtype IN ('b', 'd', 'e', 'r', 'm', 'c') AND t.typcategory <> 'A'
         AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
       UNION ALL
       SELECT 'wrapper', fdwname, fdwowner, COALESCE(fdwacl, acldefault('F', fdwowner)) FROM pg_foreign_data_wrapper
       UNION ALL
       SELECT 'server', srvname, srvowner, COALESCE(srvacl, acldefault('S', srvowner)) FROM pg_foreign_server
       UNION ALL
       SELECT 'default ' || d.defaclobjtype::text,
         d.defaclrole::regrole::text || ' in ' || COALESCE(d.defaclnamespace::regnamespace::text, '(all schemas)'),
         d.defaclrole, d.defaclacl
       FROM pg_default_acl d
     ), role_name(oid, owner, name) AS (
       SELECT r.oid, o.owner, CASE WHEN r.oid = o.owner THEN 'owner' ELSE r.rolname END
       FROM pg_roles r CROSS JOIN (SELECT DISTINCT owner FROM acl) o
     )
     SELECT kind, name, (
       SELECT string_agg(item, ',' ORDER BY item)
       FROM aclexplode(acl.items) e
       CROSS JOIN LATERAL (
         SELECT COALESCE((SELECT n.name FROM role_name n WHERE n.oid = e.grantee AND n.owner = acl.owner), 'PUBLIC')
           || '=' || e.privilege_type || CASE WHEN e.is_grantable THEN '*' ELSE '' END
           || '/' || (SELECT n.name FROM role_name n WHERE n.oid = e.grantor AND n.owner = acl.owner) AS item
       ) i
     ) AS acl
     FROM acl ORDER BY kind, name`,
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
  const read = await readSchema(url);
  const dumped = await dump;
  return { ...read, ...(dumped !== undefined ? { dump: dumped } : {}) };
}

/** Asserts a database holds the schema of a snapshot, as `expectSameSchema` compares two databases. */
export async function expectSchemaOf(actualUrl: string, expected: SchemaSnapshot): Promise<void> {
  const dump = settled(testTarget() === 'server' && hasPgDump() ? schemaDumpAsync(actualUrl) : undefined);
  const actual = await readSchema(actualUrl);
  expect(actual.model).toEqual(expected.model);
  if (testTarget() === 'server') expect(actual.facts).toEqual(expected.facts);
  if (testTarget() === 'server' && hasPgDump()) expect(await dump).toEqual(expected.dump);
}

/**
 * Asserts two databases hold the same schema: by the reflected model, on a
 * server by their constraints and indexes (names included), and by
 * `pg_dump --schema-only` where pg_dump can reach them; with `privileges`,
 * their grants as the model holds them, every ACL and pg_dump's grants too.
 * On a server both databases are read at once, and pg_dump runs while the
 * reflector reads.
 */
export async function expectSameSchema(
  actualUrl: string,
  expectedUrl: string,
  compared: SchemaComparison = {},
): Promise<void> {
  const server = testTarget() === 'server';
  const dumps = server && hasPgDump();
  const actualDump = settled(dumps ? schemaDumpAsync(actualUrl, undefined, compared) : undefined);
  const expectedDump = settled(dumps ? schemaDumpAsync(expectedUrl, undefined, compared) : undefined);
  const [actual, expected] = await both(
    server,
    () => readSchema(actualUrl, compared),
    () => readSchema(expectedUrl, compared),
  );
  expect(actual.model).toEqual(expected.model);
  if (compared.privileges === true) expect(await aclFacts(actualUrl)).toEqual(await aclFacts(expectedUrl));
  if (server) expect(actual.facts).toEqual(expected.facts);
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
