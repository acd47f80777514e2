// @ts-check
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readRevisionHeader, renderRevisionFile } from '../../dist/runtime/files/revision-file.js';
import { RevisionGraph } from '../../dist/runtime/graph/revision-graph.js';
import { median } from './measure.js';

/**
 * @typedef {object} RevisionResult
 * @property {number} revisions
 * @property {string} dates `ascending` (each revision newer than its parent) or `equal` (one date for all)
 * @property {number} readMs median time to read and parse every header
 * @property {number} graphMs median time to build the graph and find its heads
 * @property {number} totalMs median of both together
 * @property {string | null} error what went wrong, when loading failed
 */

/** @param {number} i */
function revisionId(i) {
  return createHash('sha1').update(`revision ${i}`).digest('hex').slice(0, 12);
}

/** @param {number} i */
function upgradeBody(i) {
  const column = `{ name: 'c${i}', type: 'text', nullable: true, default: null, identity: null }`;
  return `  await op.addColumn({ schema: 'public', table: 'items', column: ${column} });`;
}

/**
 * Writes a linear chain of `count` revision files into a new temporary folder.
 * @param {number} count
 * @param {'ascending' | 'equal'} dates
 */
export function writeRevisionChain(count, dates) {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-bench-revisions-'));
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; i++) {
    const revision = revisionId(i);
    const createDate = new Date(dates === 'ascending' ? start + i * 60_000 : start).toISOString();
    const source = renderRevisionFile({
      revision,
      downRevisions: i === 0 ? [] : [revisionId(i - 1)],
      message: `step ${i}`,
      createDate,
      upgradeBody: upgradeBody(i),
      downgradeBody: `  await op.dropColumn({ schema: 'public', table: 'items', column: 'c${i}' });`,
    });
    writeFileSync(join(dir, `${String(i).padStart(6, '0')}_${revision}_step.ts`), source);
  }
  return dir;
}

/**
 * The project's own header reader when it loads, else the same walk over the
 * folder with the runtime's file reader.
 * @returns {Promise<{ read: (dir: string) => import('../../dist/runtime/files/revision-file.js').RevisionHeader[], via: string }>}
 */
export async function headerReader() {
  try {
    const project = await import('../../dist/commands/shared/project.js');
    return { read: project.readRevisionHeaders, via: 'commands/shared/project.js readRevisionHeaders' };
  } catch {
    /** @param {string} dir */
    const read = (dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .sort()
        .map((f) => readRevisionHeader(join(dir, f)));
    return { read, via: 'runtime/files/revision-file.js readRevisionHeader (commands/shared/project.js did not load)' };
  }
}

/**
 * Times loading the revision graph of `count` generated revision files.
 * @param {number} count
 * @param {'ascending' | 'equal'} dates
 * @param {number} runs
 * @param {(dir: string) => import('../../dist/runtime/files/revision-file.js').RevisionHeader[]} read
 * @returns {RevisionResult}
 */
export function benchRevisions(count, dates, runs, read) {
  const dir = writeRevisionChain(count, dates);
  /** @type {RevisionResult} */
  const result = { revisions: count, dates, readMs: NaN, graphMs: NaN, totalMs: NaN, error: null };
  try {
    /** @type {number[]} */
    const reads = [];
    /** @type {number[]} */
    const graphs = [];
    for (let r = 0; r <= runs; r++) {
      const t0 = performance.now();
      const headers = read(dir);
      const t1 = performance.now();
      const heads = new RevisionGraph(headers).heads();
      const t2 = performance.now();
      if (heads.length !== 1) throw new Error(`expected one head, found ${heads.length}`);
      if (r === 0) continue; // warm-up
      reads.push(t1 - t0);
      graphs.push(t2 - t1);
    }
    result.readMs = median(reads);
    result.graphMs = median(graphs);
    result.totalMs = median(reads.map((ms, i) => ms + graphs[i]));
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}
