#!/usr/bin/env node
// @ts-check
/**
 * The squash benchmark: `npm run bench:squash` (builds first), or
 * `node bench/squash.js` on a built tree. Prints figures; it never asserts.
 *
 *   --revisions=1000   revisions in the generated history (each creates a table)
 *   --at=900           the squash replaces the first N revisions (`migrate squash r<N-1>`)
 *   --target=server    server (databases on BENCH_DATABASE_URL, else TEST_DATABASE_URL,
 *                      else the local one; the squash's scratch database there too)
 *                      or pglite (PGlite directories, the scratch database in memory)
 *
 * Each command runs as a user runs it: a fresh `node bin/migrate.js` process
 * in a temporary project. The history is a chain whose revision i creates
 * table t<i> (DDL through op.execute, which a squash keeps). Measured: a fresh
 * database upgraded to head through the whole history; the squash itself
 * (the history run twice on its scratch database, to its start and to its
 * end, each read, compared and written); `heads` and `history` with the
 * squash's replaced files still there; a fresh database upgraded through the
 * squash; and a database left in the middle of the range, which goes on
 * through the replaced revisions. A first upgrade, not measured, compiles the
 * revision files, as a project that ran once has them.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect } from '../dist/pg/driver.js';
import { quoteIdent } from '../dist/pg/quote.js';
import { formatTable } from './lib/report.js';
import { serverUrl } from './lib/targets.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'migrate.js');

const { values } = parseArgs({
  options: {
    revisions: { type: 'string', default: '1000' },
    at: { type: 'string', default: '900' },
    target: { type: 'string', default: 'server' },
  },
});
const count = Number(values.revisions);
const at = Math.min(Number(values.at), count);
const target = values.target === 'pglite' ? 'pglite' : 'server';

/** @param {number} i */
const id = (i) => `r${String(i).padStart(5, '0')}`;

function writeProject() {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-bench-squash-'));
  mkdirSync(join(dir, 'migrations', 'versions'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  mkdirSync(join(dir, 'tmp'), { mode: 0o700 });
  symlinkSync(ROOT, join(dir, 'node_modules', 'athanor'));
  writeFileSync(
    join(dir, 'migrate.config.ts'),
    "import { defineConfig } from 'athanor';\nexport default defineConfig({ url: process.env.ATHANOR_BENCH_URL });\n",
  );
  writeFileSync(
    join(dir, 'models.ts'),
    "import { defineMetadata } from 'athanor';\nexport const metadata = defineMetadata();\n",
  );
  for (let i = 0; i < count; i++) {
    const table = `public.t${String(i).padStart(5, '0')}`;
    const body = [
      "import type { Operations } from 'athanor';",
      `export const revision = '${id(i)}';`,
      `export const downRevision: string | null = ${i === 0 ? 'null' : `'${id(i - 1)}'`};`,
      `export const message = 'table ${i}';`,
      `export async function upgrade(op: Operations): Promise<void> {\n  await op.execute('CREATE TABLE ${table} (id integer PRIMARY KEY, name text)');\n}`,
      `export async function downgrade(op: Operations): Promise<void> {\n  await op.execute('DROP TABLE ${table}');\n}`,
      '',
    ].join('\n');
    writeFileSync(join(dir, 'migrations', 'versions', `${id(i)}_table.ts`), body);
  }
  return dir;
}

/**
 * Runs `migrate` in a fresh process; wall seconds.
 * @param {string} dir @param {string[]} argv @param {string | null} url the database (ATHANOR_BENCH_URL)
 */
function migrate(dir, argv, url) {
  const started = performance.now();
  const run = spawnSync(process.execPath, [BIN, ...argv], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, TMPDIR: join(dir, 'tmp'), ...(url === null ? {} : { ATHANOR_BENCH_URL: url }) },
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`migrate ${argv.join(' ')} exited ${run.status}: ${run.stderr.slice(-2000)}`);
  return { seconds, stdout: run.stdout };
}

/** Fresh databases for the run, and a way to drop them. */
async function databases() {
  if (target === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'athanor-bench-squash-db-'));
    return {
      make: async () => `pglite:${join(dir, randomBytes(4).toString('hex'))}`,
      release: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = await connect(serverUrl());
  /** @type {string[]} */
  const made = [];
  return {
    make: async () => {
      const name = `athanor_bench_${randomBytes(6).toString('hex')}`;
      await admin.exec(`CREATE DATABASE ${quoteIdent(name)}`);
      made.push(name);
      const url = new URL(serverUrl());
      url.pathname = `/${name}`;
      return url.toString();
    },
    release: async () => {
      for (const name of made) await admin.exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      await admin.close();
    },
  };
}

const dir = writeProject();
const dbs = await databases();
try {
  console.log(
    `migrate squash: ${count} revisions, each creating a table, the first ${at} squashed, on ${target === 'server' ? 'a server' : 'PGlite'}`,
  );
  const [warm, whole, fresh, middle] = [await dbs.make(), await dbs.make(), await dbs.make(), await dbs.make()];
  // The first command compiles the revision files (kept for the next ones): not measured.
  migrate(dir, ['upgrade', 'head'], warm);
  const half = id(Math.floor(at / 2));
  /** @type {[string, number][]} */
  const rows = [];
  rows.push([`upgrade head, fresh, ${count} revisions`, migrate(dir, ['upgrade', 'head'], whole).seconds]);
  migrate(dir, ['upgrade', half], middle);
  const scratch = target === 'server' ? ['--url', serverUrl()] : [];
  rows.push([
    `squash ${id(at - 1)} (${at} revisions)`,
    migrate(dir, ['squash', id(at - 1), '-m', 'squash', '--rev-id', 'squashed', ...scratch], null).seconds,
  ]);
  rows.push(['heads, replaced files kept', migrate(dir, ['heads'], null).seconds]);
  rows.push(['history, replaced files kept', migrate(dir, ['history'], null).seconds]);
  rows.push([
    `upgrade head, fresh, the squash and ${count - at} revisions`,
    migrate(dir, ['upgrade', 'head'], fresh).seconds,
  ]);
  rows.push([
    `upgrade head from ${half}, inside the range (${count - Math.floor(at / 2) - 1} revisions)`,
    migrate(dir, ['upgrade', 'head'], middle).seconds,
  ]);
  console.log(
    formatTable(
      ['command', 'wall'],
      rows.map(([what, s]) => [what, `${s.toFixed(2)} s`]),
    ),
  );
} finally {
  await dbs.release();
  rmSync(dir, { recursive: true, force: true });
}
