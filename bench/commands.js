#!/usr/bin/env node
// @ts-check
/**
 * The whole-command benchmark: `npm run bench:commands` (builds first), or
 * `node bench/commands.js` on a built tree. Prints figures; it never asserts.
 *
 *   --sizes=1000        schema sizes, in tables (e.g. --sizes=1000,10000)
 *   --runs=1            runs per figure; the median is reported
 *   --yardstick=DIR     also time the team's fixed catalog floor: DIR holds
 *                       catalog_floor.cjs and catalog_floor.sql (the
 *                       performance targets' yardstick); the ratios are then
 *                       to it, and this benchmark's own floor is shown beside
 *
 * For each size: a realistic schema (bench/lib/realistic-schema.js) is
 * created in a scratch database, and a temporary project pointed at it. Then,
 * each in a fresh process under /usr/bin/time (wall and CPU seconds, peak
 * resident memory of the largest process and of all of a command's processes
 * together, which differ where the loader compiles in a child): the floor (node connects and runs the statements one
 * reflection of that database sends), `pull` (each run with the loader's
 * caches of the project removed, as on a first pull: it compiles the model
 * it writes for the next command), `check` (twice: the first run after
 * `pull`, then again), `revision --autogenerate`
 * after 5% of the tables were changed in models.ts (the first run after the
 * edit), `upgrade head` of that revision and a `check` after it. Each figure
 * is printed with its ratio to the floor. The server is BENCH_DATABASE_URL,
 * else TEST_DATABASE_URL, else the local one; the scratch database is
 * dropped at the end, also when a step fails.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '../dist/pg/connection/driver.js';
import { quoteIdent } from '../dist/pg/quote.js';
import { transformCacheDir } from '../dist/loader/import-file.js';
import { loadSchema, recordReflection, urlOf } from './lib/bench-database.js';
import {
  BIN,
  floorScript,
  readText,
  ROOT,
  timed,
  writeCommandProject,
  writeEditedModel,
} from './lib/command-project.js';
import { median } from './lib/measure.js';
import { formatTimedRows } from './lib/report.js';
import { serverUrl } from './lib/targets.js';

/** @param {string} text @param {string} flag */
function wholeNumbers(text, flag) {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`${flag} takes positive whole numbers, e.g. ${flag}=1000`);
  return values;
}

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000' },
      runs: { type: 'string', default: '1' },
      yardstick: { type: 'string' },
    },
  });
  const yardstick = values.yardstick === undefined ? undefined : resolve(values.yardstick);
  for (const file of ['catalog_floor.cjs', 'catalog_floor.sql'])
    if (yardstick !== undefined && !existsSync(join(yardstick, file)))
      throw new Error(`--yardstick=${values.yardstick}: no ${file} there`);
  return {
    sizes: wholeNumbers(values.sizes ?? '', '--sizes'),
    runs: wholeNumbers(values.runs ?? '', '--runs')[0],
    yardstick,
  };
}

/** @param {string} message */
function progress(message) {
  process.stderr.write(`${message}\n`);
}

/**
 * `runs` fresh runs of one command; the median figures, or the first failure.
 * @param {number} runs @param {() => ReturnType<typeof timed>} run @param {() => void} [between]
 */
function repeated(runs, run, between) {
  const results = [];
  for (let r = 0; r < runs; r++) {
    if (r > 0) between?.();
    const result = run();
    results.push(result);
    if (result.error !== null) return result;
  }
  return {
    seconds: median(results.map((r) => r.seconds)),
    cpu: median(results.map((r) => r.cpu)),
    mib: median(results.map((r) => r.mib)),
    treeMib: median(results.map((r) => r.treeMib)),
    status: 0,
    error: null,
  };
}

/**
 * Every figure of one size; the scratch database and project are removed at the end.
 * @param {number} size @param {number} runs @param {string | undefined} yardstick
 */
async function benchSize(size, runs, yardstick) {
  const server = serverUrl();
  const database = `athanor_bench_${randomBytes(6).toString('hex')}`;
  const admin = await connect(server);
  await admin.exec(`CREATE DATABASE ${quoteIdent(database)}`);
  const url = urlOf(server, database);
  const dir = writeCommandProject(url);
  /** @type {[string, ReturnType<typeof timed>][]} */
  const rows = [];
  const notes = [];
  try {
    progress(`${size} tables: creating the schema`);
    const driver = await connect(url);
    const load = performance.now();
    let statements;
    try {
      await loadSchema(driver, size);
      notes.push(`schema created in ${((performance.now() - load) / 1000).toFixed(1)} s`);
      statements = await recordReflection(driver, join(dir, 'floor.json'));
    } finally {
      await driver.close();
    }
    const migrate = (/** @type {string[]} */ argv) => timed(dir, [process.execPath, BIN, ...argv]);
    const step = (/** @type {string} */ label, /** @type {() => ReturnType<typeof timed>} */ run) => {
      progress(`${size} tables: ${label}`);
      const result = run();
      rows.push([label, result]);
      return result;
    };
    if (yardstick !== undefined)
      step('yardstick floor: node, connect, its six catalog statements', () =>
        repeated(runs, () =>
          timed(
            dir,
            [
              process.execPath,
              join(yardstick, 'catalog_floor.cjs'),
              '--url',
              url,
              '--once',
              '--sql',
              join(yardstick, 'catalog_floor.sql'),
            ],
            { env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') } },
          ),
        ),
      );
    step(`floor: node, connect, ${statements} reflection statements`, () =>
      repeated(runs, () => timed(dir, [process.execPath, '-e', floorScript(join(dir, 'floor.json'), url)])),
    );
    // Each run of pull as the first: it also compiles the model it writes for the next command.
    const pulls = () =>
      repeated(
        runs,
        () => migrate(['pull', '--force']),
        () => removeLoaderCache(dir),
      );
    if (step('pull', pulls).error !== null) return { size, rows, notes };
    const pulled = readText(join(dir, 'models.ts'));
    notes.push(`models.ts: ${(pulled.length / 1024 / 1024).toFixed(1)} MB`);
    step('check, no-op, first run', () => migrate(['check']));
    step('check, no-op, again', () => repeated(runs, () => migrate(['check'])));
    let changed = 0;
    const revision = step('revision --autogenerate, 5% changed (first run after the edit)', () =>
      repeated(
        runs,
        () => {
          changed = writeEditedModel(pulled, join(dir, 'models.ts'), `edit ${performance.now()}`);
          return migrate(['revision', '--autogenerate', '-m', 'bench', '--rev-id', 'bench']);
        },
        () => rmSync(join(dir, 'migrations', 'versions', readdirSync(join(dir, 'migrations', 'versions'))[0])),
      ),
    );
    notes.push(`${changed} tables changed`);
    if (revision.error === null) {
      step('upgrade head', () =>
        repeated(
          runs,
          () => migrate(['upgrade', 'head']),
          () => migrate(['downgrade', 'base']),
        ),
      );
      const after = step('check after the upgrade', () => migrate(['check']));
      if (after.status === 1) notes.push('check after the upgrade found differences (expected none)');
    }
    return { size, rows, notes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    removeLoaderCache(dir);
    await admin.exec(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`).catch((error) => {
      progress(`could not drop ${database}: ${error instanceof Error ? error.message : error}`);
    });
    await admin.close();
  }
}

/**
 * The loader's kept transforms of the project's files (jiti names them after
 * the file's folder and name, in the folder transformCacheDir() gives).
 * @param {string} dir
 */
function removeLoaderCache(dir) {
  const cache = transformCacheDir();
  const prefix = `${basename(dir)}-`;
  for (const file of existsSync(cache) ? readdirSync(cache) : []) {
    if (file.startsWith(prefix)) rmSync(join(cache, file), { force: true });
  }
}

/** @param {Awaited<ReturnType<typeof benchSize>>} result */
function report(result) {
  console.log(`${result.size} tables (${result.notes.join('; ')})`);
  console.log(formatTimedRows(result.rows));
  console.log('');
}

async function main() {
  const opts = options();
  const load = () => loadavg()[0].toFixed(2);
  console.log(
    `whole commands: node ${process.version}, ${cpus().length} CPUs, load average ${load()} at start; median of ${opts.runs} run(s)`,
  );
  console.log('');
  let failed = false;
  for (const size of opts.sizes) {
    const result = await benchSize(size, opts.runs, opts.yardstick);
    failed ||= result.rows.some(([label, m]) => m.error !== null && label !== 'check after the upgrade');
    report(result);
  }
  console.log(`load average ${load()} at end`);
  if (failed) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : error}\n`);
  process.exitCode = 2;
});
