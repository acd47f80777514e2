#!/usr/bin/env node
// @ts-check
/**
 * Benchmarks: `npm run bench` (builds first), or `node bench/run.js` on a
 * built tree. Prints figures; it never asserts timings.
 *
 *   --pglite            also measure an in-memory PGlite
 *   --json              print machine-readable JSON instead of tables
 *   --sizes=10,100,1000 schema sizes in tables
 *   --revisions=1000,5000  revision chain lengths
 *   --runs=5            measured runs per figure (the median is reported)
 *
 * The server is BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres; a scratch database
 * `athanor_bench_<random>` is created there and dropped at the end.
 */
import { arch, cpus, loadavg, platform } from 'node:os';
import { parseArgs } from 'node:util';
import { formatReport } from './lib/report.js';
import { benchRevisions, headerReader } from './lib/revision-bench.js';
import { benchReflectionHeap, benchSize } from './lib/schema-bench.js';
import { openPgliteTarget, openServerTarget, serverUrl } from './lib/targets.js';

/** @param {string} text @param {string} flag */
function numberList(text, flag) {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`${flag} takes positive whole numbers separated by commas, e.g. ${flag}=10,100`);
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

function options() {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      pglite: { type: 'boolean', default: false },
      sizes: { type: 'string', default: '10,100,1000' },
      revisions: { type: 'string', default: '1000,5000' },
      runs: { type: 'string', default: '5' },
    },
  });
  const [runs] = numberList(values.runs ?? '5', '--runs');
  return {
    json: values.json === true,
    pglite: values.pglite === true,
    sizes: numberList(values.sizes ?? '', '--sizes'),
    revisions: numberList(values.revisions ?? '', '--revisions'),
    runs,
  };
}

/** @param {string} message */
function progress(message) {
  process.stderr.write(`${message}\n`);
}

/** compareModels, or null with a note when the comparator is not built. */
async function loadCompare(/** @type {string[]} */ notes) {
  try {
    const module = await import('../dist/autogen/compare.js');
    return {
      compareModels: (/** @type {any} */ current, /** @type {any} */ target) =>
        module.diffModels(current, target).operations,
    };
  } catch (error) {
    notes.push(
      `comparison skipped: dist/autogen/compare.js did not load (${error instanceof Error ? error.message : error})`,
    );
    return null;
  }
}

/**
 * Every size on one target, then the heap of one reflection of the largest
 * size (still loaded after the last size).
 * @param {() => Promise<import('./lib/targets.js').Target>} open
 * @param {string} label
 * @param {ReturnType<typeof options>} opts
 * @param {Awaited<ReturnType<typeof loadCompare>>} compare
 */
async function benchTarget(open, label, opts, compare) {
  /** @type {any} */
  const result = { name: label, version: 'unknown', sizes: [], heap: null, error: null };
  let target;
  try {
    target = await open();
    Object.assign(result, { name: target.name, version: target.version });
    for (const size of opts.sizes) {
      progress(`${target.name}: ${size} tables`);
      result.sizes.push(await benchSize(target.driver, size, { runs: opts.runs, compare }));
    }
    const tables = opts.sizes[opts.sizes.length - 1];
    result.heap = { tables, ...(await benchReflectionHeap(target.driver)) };
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    await target?.release().catch((/** @type {unknown} */ error) => {
      result.error ??= `cleanup failed: ${error instanceof Error ? error.message : error}`;
    });
  }
  return result;
}

/** The one-minute load average, to two decimals. */
function roundedLoad() {
  return Math.round(loadavg()[0] * 100) / 100;
}

/**
 * Notes for comparisons that found differences where none were expected.
 * @param {{ name: string, sizes: import('./lib/schema-bench.js').SizeResult[] }[]} targets
 */
function differenceNotes(targets) {
  const notes = [];
  for (const target of targets) {
    for (const size of target.sizes) {
      if (size.equalOps)
        notes.push(`${target.name}, ${size.tables} tables: equal models gave ${size.equalOps} operations (expected 0)`);
      if (size.roundTripOps) {
        notes.push(
          `${target.name}, ${size.tables} tables: declared and reflected models differ by ${size.roundTripOps} operations (expected 0)`,
        );
      }
    }
  }
  return notes;
}

async function main() {
  const opts = options();
  const startLoad = roundedLoad();
  /** @type {string[]} */
  const notes = [];
  const compare = await loadCompare(notes);
  const url = serverUrl();
  const targets = [await benchTarget(() => openServerTarget(url), 'server', opts, compare)];
  if (opts.pglite) targets.push(await benchTarget(openPgliteTarget, 'pglite (memory)', opts, compare));

  const reader = await headerReader();
  const revisions = [];
  for (const count of opts.revisions) {
    for (const dates of /** @type {const} */ (['ascending', 'equal'])) {
      progress(`revision graph: ${count} files, ${dates} dates`);
      revisions.push(benchRevisions(count, dates, opts.runs, reader.read));
    }
  }
  notes.push(...differenceNotes(targets));
  const report = {
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      platform: `${platform()} ${arch()}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      loadAverage: { start: startLoad, end: roundedLoad() },
    },
    runs: opts.runs,
    targets,
    revisionReader: reader.via,
    revisions,
    notes,
  };
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  if (targets.some((t) => t.error !== null) || revisions.some((r) => r.error !== null)) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : error}\n`);
  process.exitCode = 2;
});
