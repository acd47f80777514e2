#!/usr/bin/env node
// @ts-check
/**
 * The pictures' benchmark: `npm run bench:diagram` (builds first), or
 * `node bench/diagram.js` on a built tree. Prints figures; it never asserts.
 *
 *   --sizes=500,5000    schema sizes, in tables
 *   --runs=3            runs per figure; the median is reported
 *   --url=URL           draw this existing database instead of creating one (sizes are then ignored)
 *
 * For each size: the realistic schema (bench/lib/realistic-schema.js) in a
 * scratch database and a project pointed at it. Then, each a fresh process
 * under /usr/bin/time (wall and CPU seconds, peak memory): the floor (node
 * connects and runs the statements one reading of that database sends), the
 * whole `migrate diagram --database` in each format, `diagram` of the pulled
 * model, and `--table` of one table with its neighbours, each with its ratio
 * to the floor. The server is BENCH_DATABASE_URL, else TEST_DATABASE_URL,
 * else the local one; the scratch database is dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '../dist/pg/connection/driver.js';
import { quoteIdent } from '../dist/pg/quote.js';
import { loadSchema, recordReflection, urlOf } from './lib/bench-database.js';
import { BIN, floorScript, timed, writeCommandProject } from './lib/command-project.js';
import { median } from './lib/measure.js';
import { formatTimedRows } from './lib/report.js';
import { serverUrl } from './lib/targets.js';

const FORMATS = ['svg', 'html', 'mermaid', 'dot'];

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '500,5000' },
      runs: { type: 'string', default: '3' },
      url: { type: 'string' },
    },
  });
  const sizes = (values.sizes ?? '').split(',').map((s) => Number(s.trim()));
  const runs = Number(values.runs);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1)
    throw new Error('--sizes and --runs take positive whole numbers, e.g. --sizes=500,5000 --runs=3');
  return { sizes, runs, url: values.url };
}

/** @param {string} message */
function progress(message) {
  process.stderr.write(`${message}\n`);
}

/** @param {number} runs @param {() => ReturnType<typeof timed>} run */
function repeated(runs, run) {
  const results = [];
  for (let r = 0; r < runs; r++) {
    const result = run();
    if (result.error !== null) return result;
    results.push(result);
  }
  return {
    seconds: median(results.map((r) => r.seconds)),
    cpu: median(results.map((r) => r.cpu)),
    mib: median(results.map((r) => r.mib)),
    status: 0,
    error: null,
  };
}

/**
 * Every figure of one database; `size` null when it was given (--url).
 * @param {string} url @param {number | null} size @param {number} runs
 */
async function benchDatabase(url, size, runs) {
  const dir = writeCommandProject(url);
  /** @type {[string, ReturnType<typeof timed>][]} */
  const rows = [];
  const notes = [];
  try {
    const driver = await connect(url);
    let statements;
    let table;
    try {
      if (size !== null) {
        progress(`${size} tables: creating the schema`);
        await loadSchema(driver, size);
      }
      statements = await recordReflection(driver, join(dir, 'floor.json'));
      const counted = await driver.query(
        `select count(*)::int as n, min(relname) as first from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind in ('r', 'p') and not c.relispartition and n.nspname not in ('pg_catalog', 'information_schema')`,
      );
      notes.push(`${counted.rows[0].n} tables`);
      table = counted.rows[0].first;
    } finally {
      await driver.close();
    }
    const migrate = (/** @type {string[]} */ argv) => timed(dir, [process.execPath, BIN, ...argv]);
    const step = (/** @type {string} */ label, /** @type {() => ReturnType<typeof timed>} */ run) => {
      progress(`${notes[0]}: ${label}`);
      const result = run();
      rows.push([label, result]);
      return result;
    };
    step(`floor: node, connect, ${statements} reflection statements`, () =>
      repeated(runs, () => timed(dir, [process.execPath, '-e', floorScript(join(dir, 'floor.json'), url)])),
    );
    for (const format of FORMATS) {
      const out = join(dir, `diagram.${format}`);
      const result = step(`diagram --database --format ${format}`, () =>
        repeated(runs, () => migrate(['diagram', '--database', '--format', format, '--out', out])),
      );
      if (result.error === null) notes.push(`${format} ${(statSync(out).size / 1024 / 1024).toFixed(1)} MB`);
    }
    step(`diagram --database --table ${table} --depth 2`, () =>
      repeated(runs, () => migrate(['diagram', '--database', '--table', table, '--depth', '2', '--out', 'near.svg'])),
    );
    if (migrate(['pull', '--force']).error === null) {
      // The model's first load compiles it (kept for the next command); the runs after use what was kept.
      migrate(['diagram', '--out', 'model.svg']);
      step('diagram of the model, --format svg', () =>
        repeated(runs, () => migrate(['diagram', '--out', 'model.svg'])),
      );
      notes.push(`model ${(readFileSync(join(dir, 'models.ts')).length / 1024 / 1024).toFixed(1)} MB`);
    }
    return { rows, notes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** @param {{ rows: [string, ReturnType<typeof timed>][], notes: string[] }} result */
function report(result) {
  console.log(result.notes.join('; '));
  console.log(formatTimedRows(result.rows));
  console.log('');
}

async function main() {
  const opts = options();
  const load = () => loadavg()[0].toFixed(2);
  console.log(
    `migrate diagram: node ${process.version}, ${cpus().length} CPUs, load average ${load()} at start; median of ${opts.runs} run(s)`,
  );
  console.log('');
  let failed = false;
  if (opts.url !== undefined) {
    const result = await benchDatabase(opts.url, null, opts.runs);
    failed = result.rows.some(([, m]) => m.error !== null);
    report(result);
  }
  for (const size of opts.url === undefined ? opts.sizes : []) {
    const server = serverUrl();
    const database = `athanor_bench_${randomBytes(6).toString('hex')}`;
    const admin = await connect(server);
    await admin.exec(`CREATE DATABASE ${quoteIdent(database)}`);
    try {
      const result = await benchDatabase(urlOf(server, database), size, opts.runs);
      failed ||= result.rows.some(([, m]) => m.error !== null);
      report(result);
    } finally {
      await admin.exec(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`).catch((error) => {
        progress(`could not drop ${database}: ${error instanceof Error ? error.message : error}`);
      });
      await admin.close();
    }
  }
  console.log(`load average ${load()} at end`);
  if (failed) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : error}\n`);
  process.exitCode = 2;
});
