import { randomBytes } from 'node:crypto';
import { cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject, onTestFinished } from 'vitest';
import { connect, type Driver } from '../../src/pg/connection/driver.js';
import type { TestTarget } from './global-setup.js';

/** Where this test project's databases live: a Postgres server, or PGlite directories. */
export function testTarget(): TestTarget {
  return inject('testTarget') ?? 'server';
}

/** Whether the test's Postgres names NOT NULL constraints: PostgreSQL 18 and later, and PGlite (built on 18). */
export function namesNotNullConstraints(): boolean {
  return testTarget() === 'pglite' || (inject('serverVersion') ?? 0) >= 180000;
}

/** The url of the test server's maintenance database (server target only). */
export function adminUrl(): string {
  const url = inject('adminUrl');
  if (!url)
    throw new Error(
      `no test server on the ${testTarget()} target; skip this test there with skipWhen(testTarget() !== 'server', reason).it (test/helpers/skips.ts)`,
    );
  return url;
}

/** The same server, another database. */
export function urlFor(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function withDriver<T>(url: string, fn: (driver: Driver) => Promise<T>): Promise<T> {
  const driver = await connect(url);
  try {
    return await fn(driver);
  } finally {
    await driver.close();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database: on the server target a new database on the test
 * server, on the pglite target a new PGlite directory (`pglite:<dir>`), copied
 * from a template initialised once. Inside a test it is dropped when the test
 * finishes; elsewhere call `drop()` yourself.
 */
export async function createTestDatabase(prefix = 'athanor_t'): Promise<TestDatabase> {
  return newDatabase(prefix, true);
}

/** An empty database like `createTestDatabase`'s that outlives the test creating it: the caller drops it. */
export async function createLastingDatabase(prefix = 'athanor_t'): Promise<TestDatabase> {
  return newDatabase(prefix, false);
}

/**
 * A new database holding what `template` holds, dropped as `createTestDatabase`'s
 * are: on the server `CREATE DATABASE ... TEMPLATE` (nothing may be connected
 * to the template), on PGlite a copy of its directory.
 */
export async function cloneTestDatabase(template: TestDatabase, prefix = 'athanor_t'): Promise<TestDatabase> {
  return newDatabase(prefix, true, template);
}

async function newDatabase(prefix: string, dropAfterTest: boolean, template?: TestDatabase): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const db =
    testTarget() === 'pglite'
      ? pgliteDatabase(name, template?.url.slice('pglite:'.length))
      : await serverDatabase(name, template?.name);
  if (!dropAfterTest) return db;
  try {
    onTestFinished(() => (testTarget() === 'server' ? dropAfterFile(db) : db.drop()));
  } catch {
    /* outside a test: the caller drops it */
  }
  return db;
}

/**
 * The server's test databases wait for the end of their file to be dropped,
 * then go together (`dropWaiting`). A `DROP DATABASE` waits for a checkpoint
 * of the whole server (it writes every dirty page of every database and
 * syncs the files), which took a second or more each while other files
 * wrote, as long as a case; drops sent together share one checkpoint.
 */
const waitingDrops: TestDatabase[] = [];

function dropAfterFile(db: TestDatabase): void {
  waitingDrops.push(db);
}

/** How many drops run at once: each holds a connection to the test server. */
const DROPS_AT_ONCE = 8;

/** Drops the databases waiting for the end of the file (test/helpers/after-each-file.ts), together. */
export function dropWaiting(): Promise<void> {
  return dropTogether(waitingDrops.splice(0));
}

/** Drops `dbs`, some at once (`DROPS_AT_ONCE`); the first failure is thrown once every drop has ended. */
export async function dropTogether(dbs: readonly TestDatabase[]): Promise<void> {
  const queue = [...dbs];
  const failures: unknown[] = [];
  const next = async (): Promise<void> => {
    for (let db = queue.shift(); db !== undefined; db = queue.shift())
      await db.drop().catch((e: unknown) => failures.push(e));
  };
  await Promise.all(Array.from({ length: DROPS_AT_ONCE }, next));
  if (failures.length > 0) throw failures[0];
}

async function serverDatabase(name: string, template?: string): Promise<TestDatabase> {
  const from = template === undefined ? '' : ` TEMPLATE "${template}"`;
  await withDriver(adminUrl(), (admin) => admin.exec(`CREATE DATABASE "${name}"${from}`));
  return {
    name,
    url: urlFor(name),
    drop: () => withDriver(adminUrl(), (admin) => admin.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

function pgliteDatabase(name: string, template = inject('pgliteTemplate')): TestDatabase {
  if (!template)
    throw new Error('no PGlite template directory: run the tests through the pglite project of vitest.config.ts');
  const dir = join(tmpdir(), name);
  cpSync(template, dir, { recursive: true });
  return {
    name,
    url: `pglite:${dir}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs SQL (one or more statements, no parameters) in a database by url, then disconnects. */
export async function runSql(url: string, sql: string): Promise<void> {
  await withDriver(url, (driver) => driver.exec(sql));
}

/** Rows of one query, by url. */
export async function queryRows<R = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  return withDriver(url, async (driver) => {
    // As the tool's own catalog reads: a catalog query JIT-compiled took seconds where it runs in milliseconds.
    if (driver.kind === 'server') await driver.exec('SET jit = off');
    return (await driver.query<R>(sql, params)).rows;
  });
}
