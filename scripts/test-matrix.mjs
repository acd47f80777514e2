#!/usr/bin/env node
// The integration suite on every supported PostgreSQL major (13 to 18, each
// started from its npm package by the test setup) and on PGlite, one after
// another. Arguments are passed to vitest (file filters, say);
// TEST_MATRIX=13,18 narrows the targets (names: 13 ... 18, pglite).
import { spawnSync } from 'node:child_process';

const ALL = ['13', '14', '15', '16', '17', '18', 'pglite'];
const chosen = process.env.TEST_MATRIX
  ? process.env.TEST_MATRIX.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
  : ALL;
const unknown = chosen.filter((target) => !ALL.includes(target));
if (unknown.length > 0) {
  console.error(`TEST_MATRIX: unknown target(s) ${unknown.join(', ')}; use a comma list of ${ALL.join(', ')}`);
  process.exit(2);
}

// Builds only when dist/ is older than the sources, and then beside it (scripts/build.mjs): a test run
// in this checkout meanwhile keeps a whole dist/.
const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 2);

const results = [];
for (const target of chosen) {
  const pglite = target === 'pglite';
  const env = { ...process.env, TEST_TARGETS: pglite ? 'pglite' : 'server' };
  delete env.TEST_PG_VERSION;
  if (!pglite) env.TEST_PG_VERSION = target;
  // On PGlite every integration file, as on each server (npm test runs a sample there: vitest.config.ts).
  else env.TEST_PGLITE_FULL ??= '1';
  console.log(`\n== integration suite on ${pglite ? 'PGlite' : `PostgreSQL ${target}`} ==`);
  const started = Date.now();
  const run = spawnSync('npx', ['vitest', 'run', '--project', pglite ? 'pglite' : 'server', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env,
  });
  results.push({ target, ok: run.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
}

console.log('\n== matrix ==');
for (const { target, ok, seconds } of results)
  console.log(`${target.padEnd(7)} ${ok ? 'passed' : 'FAILED'}  ${seconds} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
