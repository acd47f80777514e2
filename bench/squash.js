#!/usr/bin/env node
// @ts-check
/**
 * The squash benchmark: `npm run bench:squash` (builds first), or
 * `node bench/squash.js` on a built tree. Prints figures, and whether each
 * outcome held; exits 1 when one did not.
 *
 *   --revisions=1000   revisions in the generated history (each creates a table)
 *   --at=900           the squash replaces the first N revisions (`migrate squash r<N-1>`)
 *   --target=server    server (databases on BENCH_DATABASE_URL, else TEST_DATABASE_URL,
 *                      else the local one; the squash's scratch database there too)
 *                      or pglite (PGlite directories, the scratch database in memory)
 *
 * Each command runs as a user runs it: a fresh `node bin/migrate.js` process
 * in a temporary project. The history is a chain whose revision i creates
 * table t<i> (DDL through op.execute, which a squash keeps); the model
 * declares every table. Measured: a fresh database upgraded to head through
 * the whole history (the reference); the squash itself (the history run
 * twice on its scratch database, to its start and to its end, each read,
 * compared and written); `heads` and `history` with the squash's replaced
 * files still there; a fresh database upgraded through the squash; and
 * databases left at the range's first revision, its middle, its last and
 * the revision after it, each upgraded to head. Checked: each of these
 * reaches head by the revisions expected (the fresh one through the squash,
 * the others through the replaced files), with the reference's schema (read
 * and compared as the tests do) and `migrate check` clean; `heads`,
 * `history` and `current` read the replaced range as the squash's. A first
 * upgrade, not measured, compiles the revision files, as a project that ran
 * once has them.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect } from '../dist/pg/connection/driver.js';
import { quoteIdent } from '../dist/pg/quote.js';
import { reflectSchema } from '../dist/pg/reflect.js';
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
  const tables = Array.from({ length: count }, (_, i) => {
    const name = `t${String(i).padStart(5, '0')}`;
    return `export const ${name} = metadata.table('${name}', { id: integer().primaryKey(), name: text() });`;
  });
  writeFileSync(
    join(dir, 'models.ts'),
    `import { defineMetadata, integer, text } from 'athanor';\nexport const metadata = defineMetadata();\n${tables.join('\n')}\n`,
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
 * Runs `migrate` in a fresh process; wall seconds. Throws when it exits
 * other than 0, unless `strict` is false.
 * @param {string} dir @param {string[]} argv @param {string | null} url the database (ATHANOR_BENCH_URL)
 */
function migrate(dir, argv, url, strict = true) {
  const started = performance.now();
  const run = spawnSync(process.execPath, [BIN, ...argv], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, TMPDIR: join(dir, 'tmp'), ...(url === null ? {} : { ATHANOR_BENCH_URL: url }) },
  });
  const seconds = (performance.now() - started) / 1000;
  if (strict && run.status !== 0)
    throw new Error(`migrate ${argv.join(' ')} exited ${run.status}: ${run.stderr.slice(-2000)}`);
  return { seconds, stdout: run.stdout, status: run.status };
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

const BOOKKEEPING = ['athanor_version', 'athanor_version_history', 'athanor_version_backfill'].map((name) => ({
  schema: 'public',
  name,
}));

/** The schema of a database as the tests compare it: reflected, bookkeeping left out. @param {string} url */
async function schemaOf(url) {
  const driver = await connect(url);
  try {
    return JSON.stringify(await reflectSchema(driver, { exclude: BOOKKEEPING }));
  } finally {
    await driver.close();
  }
}

/** The revisions upgrade ran on a database, in order. @param {string} url */
async function upgradedRevisions(url) {
  const driver = await connect(url);
  try {
    const { rows } = await driver.query(
      "SELECT revision FROM public.athanor_version_history WHERE action = 'upgrade' ORDER BY id",
    );
    return rows.map((r) => String(r.revision));
  } finally {
    await driver.close();
  }
}

/** Ids from..to, inclusive. @param {number} from @param {number} to */
const ids = (from, to) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => id(from + i));

const dir = writeProject();
const dbs = await databases();
/** @type {[string, boolean][]} */
const outcomes = [];
/** @param {string} what @param {boolean} held */
const expectThat = (what, held) => void outcomes.push([what, held]);
/** @param {unknown} a @param {unknown} b */
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
try {
  console.log(
    `migrate squash: ${count} revisions, each creating a table, the first ${at} squashed, on ${target === 'server' ? 'a server' : 'PGlite'}`,
  );
  const warm = await dbs.make();
  const whole = await dbs.make();
  const fresh = await dbs.make();
  const half = Math.floor(at / 2);
  /** Databases left at a revision before the squash: the range's first, middle and last, and the one after. */
  const left = [...new Set([0, half, at - 1, Math.min(at, count - 1)])].map((index) => ({ index, url: '' }));
  for (const db of left) db.url = await dbs.make();
  // The first command compiles the revision files (kept for the next ones): not measured.
  migrate(dir, ['upgrade', 'head'], warm);
  /** @type {[string, number][]} */
  const rows = [];
  rows.push([`upgrade head, fresh, ${count} revisions`, migrate(dir, ['upgrade', 'head'], whole).seconds]);
  const reference = await schemaOf(whole);
  for (const db of left) migrate(dir, ['upgrade', id(db.index)], db.url);
  const scratch = target === 'server' ? ['--url', serverUrl()] : [];
  rows.push([
    `squash ${id(at - 1)} (${at} revisions)`,
    migrate(dir, ['squash', id(at - 1), '-m', 'squash', '--rev-id', 'squashed', ...scratch], null).seconds,
  ]);
  const heads = migrate(dir, ['heads', '--json'], null);
  rows.push(['heads, replaced files kept', heads.seconds]);
  const history = migrate(dir, ['history', '--json'], null);
  rows.push(['history, replaced files kept', history.seconds]);
  expectThat(
    `heads: one, ${id(count - 1)}`,
    same(
      JSON.parse(heads.stdout).map((/** @type {{ revision: string }} */ e) => e.revision),
      [id(count - 1)],
    ),
  );
  /** @type {{ revision: string, replaces?: string[] }[]} */
  const entries = JSON.parse(history.stdout);
  expectThat(
    `history: ${id(count - 1)} .. ${id(at)}, then the squash in place of ${id(0)} .. ${id(at - 1)}`,
    same(
      entries.map((e) => e.revision),
      [...ids(at, count - 1).reverse(), 'squashed'],
    ) && same(entries.find((e) => e.revision === 'squashed')?.replaces, ids(0, at - 1)),
  );
  const inside = left.find((db) => db.index === half);
  if (inside) {
    const current = JSON.parse(migrate(dir, ['current', '--json'], inside.url).stdout);
    expectThat(
      `current at ${id(half)}: replaced by the squash`,
      same(current.revisions, [{ ...current.revisions[0], revision: id(half), replacedBy: 'squashed' }]),
    );
  }
  rows.push([
    `upgrade head, fresh, the squash and ${count - at} revisions`,
    migrate(dir, ['upgrade', 'head'], fresh).seconds,
  ]);
  for (const db of left)
    rows.push([
      `upgrade head from ${id(db.index)} (${count - db.index - 1} revisions)`,
      migrate(dir, ['upgrade', 'head'], db.url).seconds,
    ]);
  const reached = [
    { name: 'fresh', url: fresh, ran: ['squashed', ...ids(at, count - 1)] },
    ...left.map((db) => ({ name: `from ${id(db.index)}`, url: db.url, ran: ids(0, count - 1) })),
  ];
  for (const db of reached) {
    const through = db.ran[0] === 'squashed' ? 'the squash' : 'the replaced revisions';
    expectThat(`${db.name}: upgraded through ${through}`, same(await upgradedRevisions(db.url), db.ran));
    expectThat(`${db.name}: the schema reached without squashing`, (await schemaOf(db.url)) === reference);
    expectThat(`${db.name}: check clean`, migrate(dir, ['check'], db.url, false).status === 0);
    const current = JSON.parse(migrate(dir, ['current', '--json'], db.url).stdout);
    expectThat(
      `${db.name}: current ${id(count - 1)}`,
      same(
        current.revisions.map((/** @type {{ revision: string }} */ r) => r.revision),
        [id(count - 1)],
      ),
    );
  }
  console.log(
    formatTable(
      ['command', 'wall'],
      rows.map(([what, s]) => [what, `${s.toFixed(2)} s`]),
    ),
  );
  console.log(
    formatTable(
      ['outcome', 'held'],
      outcomes.map(([what, held]) => [what, held ? 'yes' : 'NO']),
    ),
  );
  if (outcomes.some(([, held]) => !held)) process.exitCode = 1;
} finally {
  await dbs.release();
  rmSync(dir, { recursive: true, force: true });
}
