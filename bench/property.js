#!/usr/bin/env node
// @ts-check
/**
 * The random dependent schemas, many seeds: `npm run bench:property` (builds
 * first), or `node bench/property.js` on a built tree.
 * Prints what it found; it never asserts.
 *
 *   --seeds=5           how many seeds, one after the other
 *   --from=<n>          the first seed (the next ones follow it); by default one drawn from the clock
 *   --runs=20           schemas per seed
 *
 * Each seed runs test/integration/property-dependency-chains.test.ts on the
 * server (TEST_DATABASE_URL, else the local one) with ATHANOR_PROPERTY_SEED
 * and ATHANOR_PROPERTY_RUNS, so each schema goes through the same round
 * trip as in the suite. For a failing seed it prints the replay line, the
 * schema fast-check shrank it to, as SQL, and the error; at the end, the
 * seeds that failed and the schemas per minute.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_SERVER_URL } from './lib/targets.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEST_FILE = 'test/integration/property-dependency-chains.test.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '5' },
    from: { type: 'string', default: String(Date.now() % 1_000_000_000) },
    runs: { type: 'string', default: '20' },
  },
});
const seeds = Math.max(1, Number(values.seeds));
const first = Number(values.from);
const runs = Math.max(1, Number(values.runs));

/**
 * One seed through vitest; the failure message of the property test, or null when it passed.
 * @param {number} seed
 * @returns {string | null}
 */
function runSeed(seed) {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-bench-property-'));
  const output = join(dir, 'report.json');
  try {
    const run = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'vitest'),
      ['run', '--project', 'server', '--reporter=json', `--outputFile=${output}`, TEST_FILE],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...process.env,
          TEST_DATABASE_URL: process.env.TEST_DATABASE_URL || DEFAULT_SERVER_URL,
          ATHANOR_PROPERTY_SEED: String(seed),
          ATHANOR_PROPERTY_RUNS: String(runs),
        },
      },
    );
    /** @type {{ testResults?: { assertionResults?: { status: string, failureMessages?: string[] }[] }[] }} */
    let report;
    try {
      report = JSON.parse(readFileSync(output, 'utf8'));
    } catch {
      return `vitest wrote no report (exit ${run.status}):\n${run.stderr}`;
    }
    const results = (report.testResults ?? []).flatMap((file) => file.assertionResults ?? []);
    if (results.length === 0) return `no test ran (exit ${run.status}):\n${run.stderr}`;
    const failed = results.find((result) => result.status !== 'passed');
    return failed === undefined ? null : (failed.failureMessages ?? []).join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const failures = [];
const started = performance.now();
for (let i = 0; i < seeds; i++) {
  const seed = first + i;
  const began = performance.now();
  const failure = runSeed(seed);
  const seconds = ((performance.now() - began) / 1000).toFixed(0);
  if (failure === null) {
    console.log(`seed ${seed}: ${runs} schema(s) round trip (${seconds} s)`);
  } else {
    failures.push(seed);
    // The message up to its stack: the replay line, the shrunk SQL and the error.
    const message = failure.split(/\n\s+at /)[0];
    console.log(`seed ${seed}: FAILS (${seconds} s)\n${message}\n`);
  }
}
const minutes = (performance.now() - started) / 60_000;
console.log(
  `\n${seeds} seed(s) from ${first}, ${runs} schema(s) each: ${failures.length === 0 ? 'none failed' : `failed: ${failures.join(', ')}`}` +
    ` (${minutes.toFixed(1)} min, about ${((seeds * runs) / minutes).toFixed(1)} schemas a minute counting shrinks)`,
);
