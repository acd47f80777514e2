import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { PGlite, types, type PGliteOptions } from '@electric-sql/pglite';
import { AthanorError, errorMessage, isAthanorError } from '../../util/errors.js';
import { DIRECTORY_LOCK_FILE, lockDirectory } from './directory-lock.js';
import type { Driver, QueryResult } from './driver-interface.js';
import { runInTurn } from './pipeline.js';

/**
 * PGlite in process: `dataDir` null keeps the database in memory.
 *
 * PGlite is one single-user backend per instance, and two instances on one
 * directory would overwrite each other's files. So a directory is open at most
 * once per process: a second `connectPglite` of the same directory waits until
 * the first connection closes (concurrent runs take turns, as they do on a
 * server behind the advisory lock). Never open a directory twice from the same
 * chain of calls: close the first connection before opening the second.
 * Between processes, a lock file in the directory does the same
 * (`lockDirectory`): a second process waits a bounded time for the first.
 */
export async function connectPglite(dataDir: string | null): Promise<Driver> {
  const display = dataDir === null ? 'pglite:memory:' : `pglite:${dataDir}`;
  const path = dataDir === null ? null : resolve(dataDir);
  let release = (): void => undefined;
  let db: PGlite;
  try {
    if (path !== null) release = await holdDirectory(path);
    db = await open(path);
  } catch (error) {
    release();
    if (isAthanorError(error)) throw error;
    const hint = 'use a directory that holds a PGlite database, or a new or empty one';
    throw new AthanorError('connect', `cannot open ${display}: ${openFailure(error)}; ${hint}`, { cause: error });
  }
  return pgliteDriver(db, display, release);
}

function pgliteDriver(db: PGlite, display: string, release: () => void): Driver {
  let closed = false;
  return {
    kind: 'pglite',
    engine: pgliteRelease(),
    display,
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      if (params === undefined || params.length === 0) {
        // As node-postgres does without parameters: the simple protocol, so a
        // script of several statements runs; the rows are the last statement's.
        const results = await db.exec(sql);
        return { rows: (results.at(-1)?.rows ?? []) as R[] };
      }
      const result = await db.query<R>(sql, params);
      return { rows: result.rows };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    pipeline: (statements, onDone) =>
      runInTurn(
        statements,
        async ({ sql, params }) => (await db.query<Record<string, unknown>>(sql, params ? [...params] : [])).rows,
        onDone,
      ),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}

async function open(path: string | null): Promise<PGlite> {
  const options = { ...(await sharedArtifacts()), extensions: await shippedExtensions(), parsers: PARSERS };
  if (path === null) return openInMemory(options);
  mkdirSync(path, { recursive: true });
  if (!existsSync(join(path, 'PG_VERSION')) && readdirSync(path).some((name) => name !== DIRECTORY_LOCK_FILE)) {
    throw new Error('the directory is not empty and holds no database');
  }
  return PGlite.create(path, options);
}

/**
 * The files of a new cluster, dumped from the process's first database in
 * memory before anything ran on it (about 40 MB, kept for the process). Each
 * later one (the scratch databases of `migrate test` and `squash`) starts from
 * them: a quarter of the time initdb takes, which PGlite otherwise runs anew
 * for every database in memory.
 */
let newCluster: Promise<Blob | undefined> | undefined;

async function openInMemory(options: PGliteOptions): Promise<PGlite> {
  const files = await newCluster;
  if (files !== undefined) return PGlite.create({ ...options, loadDataDir: files });
  const db = await PGlite.create(options);
  // A failed dump costs only the speed-up: the next database runs initdb, and may dump again.
  newCluster ??= db.dumpDataDir('none').catch(() => {
    newCluster = undefined;
    return undefined;
  });
  await newCluster;
  return db;
}

/** bigint as a string, as node-postgres returns it: the same rows from either driver, and no lost digits. */
const PARSERS = { [types.INT8]: (value: string): string => value };

type Artifacts = Pick<PGliteOptions, 'pgliteWasmModule' | 'fsBundle'>;

let pgliteVersion: string | undefined;

/** The installed PGlite's release (`pglite 0.3.2`), read once from its package.json. */
function pgliteRelease(): string {
  if (pgliteVersion !== undefined) return pgliteVersion;
  try {
    const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    pgliteVersion = `pglite ${(JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8')) as { version?: string }).version ?? ''}`;
  } catch {
    pgliteVersion = 'pglite';
  }
  return pgliteVersion;
}

/** Postgres' compiled WebAssembly and its file bundle, loaded once per process and shared by every instance. */
let artifacts: Promise<Artifacts> | undefined;

function sharedArtifacts(): Promise<Artifacts> {
  artifacts ??= loadArtifacts();
  return artifacts;
}

async function loadArtifacts(): Promise<Artifacts> {
  try {
    const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    const [wasm, data] = await Promise.all([readFile(join(dist, 'pglite.wasm')), readFile(join(dist, 'pglite.data'))]);
    return { pgliteWasmModule: await WebAssembly.compile(wasm), fsBundle: new Blob([data]) };
  } catch {
    return {}; // PGlite finds its own files, only more slowly
  }
}

type Extensions = NonNullable<PGliteOptions['extensions']>;

/**
 * Extensions PGlite ships that load a library into every backend at start
 * (`shared_preload_libraries`), which would run for every statement: left out.
 */
const PRELOADED = new Set(['pg_stat_statements']);

/**
 * The extensions PGlite ships (`contrib`: btree_gist, citext, hstore,
 * pgcrypto, uuid-ossp...), given to every instance so that `CREATE
 * EXTENSION` finds them, as a server's packages do, and a directory that
 * holds one opens again. PGlite unpacks their files when an instance starts
 * (about 1.5 MB, most of it pgcrypto's). Found once per process, in the
 * installed PGlite's `contrib` folder.
 */
let extensions: Promise<Extensions> | undefined;

function shippedExtensions(): Promise<Extensions> {
  extensions ??= findExtensions();
  return extensions;
}

async function findExtensions(): Promise<Extensions> {
  let names: string[];
  try {
    const contrib = join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), 'contrib');
    names = readdirSync(contrib)
      .filter((file) => file.endsWith('.js'))
      .map((file) => file.slice(0, -'.js'.length))
      .filter((name) => !PRELOADED.has(name));
  } catch {
    return {}; // PGlite without contrib: CREATE EXTENSION says which is not available
  }
  const modules = await Promise.all(
    names.map(async (name) => {
      const module = (await import(`@electric-sql/pglite/contrib/${name}`)) as Record<string, unknown>;
      return [name, module[name]] as const;
    }),
  );
  return Object.fromEntries(modules.filter(([, extension]) => extension !== undefined)) as Extensions;
}

/** The directories open in this process, shared by every copy of this module. */
const OPEN = Symbol.for('athanor.pglite.open-directories');
type WithOpen = typeof globalThis & { [OPEN]?: Map<string, Promise<void>> };

/** Takes `path` in this process, then from other processes; the returned function lets go of both. */
async function holdDirectory(path: string): Promise<() => void> {
  const releaseHere = await takeDirectory(path);
  try {
    const releaseFile = await lockDirectory(path);
    return () => {
      try {
        releaseFile();
      } finally {
        releaseHere();
      }
    };
  } catch (error) {
    releaseHere();
    throw error;
  }
}

/** Waits until no other connection in this process has `path` open, then holds it until the returned release. */
async function takeDirectory(path: string): Promise<() => void> {
  const holder = globalThis as WithOpen;
  const open = (holder[OPEN] ??= new Map());
  const previous = open.get(path) ?? Promise.resolve();
  let release!: () => void;
  const held = new Promise<void>((done) => {
    release = done;
  });
  const tail = previous.then(() => held);
  open.set(path, tail);
  await previous;
  return () => {
    release();
    if (open.get(path) === tail) open.delete(path);
  };
}

/** One clean line: PGlite's errors carry a long minified stack, and its file system throws plain objects. */
function openFailure(error: unknown): string {
  if (error instanceof Error) return errorMessage(error);
  if (typeof error === 'object' && error !== null && 'errno' in error)
    return `file system error ${String(error.errno)}`;
  return errorMessage(error);
}
