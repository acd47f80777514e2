#!/usr/bin/env node
// @ts-check
/**
 * The `migrate test` benchmark: `npm run bench:test` (builds first), or
 * `node bench/migrate-test.js` on a built tree. Prints figures; it never asserts.
 *
 *   --revisions=1000   revisions in the generated history (each creates a table)
 *   --target=server    server (a scratch database on BENCH_DATABASE_URL, else
 *                      TEST_DATABASE_URL, else the local one) or pglite (in memory)
 *   --apart=true       also run the checks with a replay each (false: only as
 *                      `migrate test` runs them)
 *   --repeat=1         rounds, each running both ways in turn (which goes first
 *                      alternates); the figures are the medians over the rounds
 *
 * The history is a chain whose revision i creates table t<i> and drops it on
 * downgrade; the model declares every table, so every check passes. The
 * checks run twice through `athanor/testing`: once as `migrate test` runs them
 * (one scratch database, each check starting where the last one left it), and
 * once with a new scratch database per check, replayed to where the check
 * starts: the history replayed once per check. Before either, one upgrade
 * imports the revision files, so neither pays the first compile of them.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { testMigrations } from '../dist/testing.js';
import { formatTable } from './lib/report.js';
import { serverUrl } from './lib/targets.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const { values } = parseArgs({
  options: {
    revisions: { type: 'string', default: '1000' },
    target: { type: 'string', default: 'server' },
    apart: { type: 'string', default: 'true' },
    repeat: { type: 'string', default: '1' },
  },
});
const count = Number(values.revisions);
const rounds = Math.max(1, Number(values.repeat));
const target = values.target === 'pglite' ? 'pglite' : 'server';

/** @param {number} n */
const pad = (n) => String(n).padStart(5, '0');

function writeProject() {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-bench-test-'));
  mkdirSync(join(dir, 'migrations', 'versions'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'athanor'));
  writeFileSync(
    join(dir, 'migrate.config.ts'),
    "import { defineConfig } from 'athanor';\nexport default defineConfig({});\n",
  );
  const tables = [];
  for (let i = 0; i < count; i++) {
    const id = `r${pad(i)}`;
    const down = i === 0 ? 'null' : `'r${pad(i - 1)}'`;
    tables.push(`export const t${pad(i)} = metadata.table('t${pad(i)}', { id: integer().primaryKey() });`);
    const body = [
      "import type { Operations } from 'athanor';",
      `export const revision = '${id}';`,
      `export const downRevision: string | null = ${down};`,
      `export const message = 'table ${i}';`,
      `export async function upgrade(op: Operations): Promise<void> {\n  await op.execute('CREATE TABLE public.t${pad(i)} (id integer PRIMARY KEY)');\n}`,
      `export async function downgrade(op: Operations): Promise<void> {\n  await op.execute('DROP TABLE public.t${pad(i)}');\n}`,
      '',
    ].join('\n');
    writeFileSync(join(dir, 'migrations', 'versions', `${id}_table.ts`), body);
  }
  writeFileSync(
    join(dir, 'models.ts'),
    `import { defineMetadata, integer } from 'athanor';\nexport const metadata = defineMetadata();\n${tables.join('\n')}\n`,
  );
  return dir;
}

/** @type {const} */
const CHECKS = ['heads', 'upgrade', 'modelMatchesHead', 'downgradeToBase', 'stairway'];

/** @param {string} dir @param {boolean} shared */
async function runChecks(dir, shared) {
  const options = { cwd: dir, ...(target === 'server' ? { url: serverUrl() } : {}) };
  /** @type {Record<string, number>} */
  const seconds = {};
  let tests = testMigrations(options);
  for (const check of CHECKS) {
    if (!shared) {
      await tests.close();
      tests = testMigrations(options);
    }
    const started = performance.now();
    await tests[check]();
    seconds[check] = (performance.now() - started) / 1000;
  }
  await tests.close();
  return seconds;
}

const dir = writeProject();
try {
  console.log(
    `migrate test: ${count} revisions, each creating a table, on ${target === 'server' ? 'a server' : 'PGlite in memory'}`,
  );
  const warm = testMigrations({ cwd: dir, ...(target === 'server' ? { url: serverUrl() } : {}) });
  await warm.upgrade();
  await warm.close();
  /** @type {Record<string, number>[]} */
  const sharedRounds = [];
  /** @type {Record<string, number>[]} */
  const apartRounds = [];
  for (let round = 0; round < rounds; round++) {
    // Each way goes first in every other round: neither always follows the other's cleanup.
    const apartFirst = values.apart !== 'false' && round % 2 === 1;
    if (apartFirst) apartRounds.push(await runChecks(dir, false));
    sharedRounds.push(await runChecks(dir, true));
    if (values.apart !== 'false' && !apartFirst) apartRounds.push(await runChecks(dir, false));
  }
  const median = (/** @type {number[]} */ xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const total = (/** @type {Record<string, number>} */ s) => Object.values(s).reduce((a, b) => a + b, 0);
  /**
   * The medians of each check over the rounds, and of the rounds' totals.
   * @param {Record<string, number>[]} runs @returns {Record<string, number>}
   */
  const medians = (runs) => ({
    ...Object.fromEntries(CHECKS.map((/** @type {string} */ c) => [c, median(runs.map((r) => r[c]))])),
    total: median(runs.map(total)),
  });
  const shared = medians(sharedRounds);
  const apart = apartRounds.length === 0 ? null : medians(apartRounds);
  const cell = (/** @type {number} */ n) => `${n.toFixed(2)} s`;
  const rows = [...CHECKS, 'total'].map((/** @type {string} */ c) => [
    c,
    cell(shared[c]),
    ...(apart ? [cell(apart[c])] : []),
  ]);
  const header = [
    rounds > 1 ? `check (median of ${rounds})` : 'check',
    'as migrate test runs them',
    ...(apart ? ['a replay per check'] : []),
  ];
  console.log(formatTable(header, rows));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
