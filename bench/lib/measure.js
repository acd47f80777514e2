// @ts-check
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `fn` `runs` times after one unmeasured warm-up run and returns the
 * median time in milliseconds with the last run's result.
 * @template T
 * @param {number} runs
 * @param {() => T | Promise<T>} fn
 * @returns {Promise<{ ms: number, runs: number[], result: T }>}
 */
export async function timeMedian(runs, fn) {
  let result = await fn();
  const times = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    result = await fn();
    times.push(performance.now() - start);
  }
  return { ms: median(times), runs: times, result };
}

/**
 * Times one run of `fn` in milliseconds.
 * @template T
 * @param {() => Promise<T>} fn
 * @returns {Promise<{ ms: number, result: T }>}
 */
export async function timeOnce(fn) {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

/** @type {(() => void) | null | undefined} */
let collector;

/** The garbage collector, made reachable without a command-line flag; null when it cannot be. */
export function garbageCollector() {
  if (collector !== undefined) return collector;
  try {
    setFlagsFromString('--expose-gc');
    collector = /** @type {() => void} */ (runInNewContext('gc'));
  } catch {
    collector = null;
  }
  return collector;
}

/**
 * Heap used around one call of `fn`: `allocatedBytes` right after it (the
 * result plus the garbage it left), `retainedBytes` after a full collection
 * while the result is still held (about the size of the result).
 * @template T
 * @param {() => Promise<T>} fn
 */
export async function heapAround(fn) {
  const gc = garbageCollector();
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const result = await fn();
  const allocatedBytes = process.memoryUsage().heapUsed - before;
  gc?.();
  const retainedBytes = process.memoryUsage().heapUsed - before;
  return { allocatedBytes, retainedBytes: gc ? retainedBytes : null, keep: result };
}

/**
 * Calls `fn` for about `ms` milliseconds, at least three times, so that the
 * engine has compiled the code it runs; returns the number of calls made.
 * @param {() => unknown} fn
 */
export function warmUp(fn, ms = 200) {
  let calls = 0;
  const start = performance.now();
  while (calls < 3 || performance.now() - start < ms) {
    fn();
    calls += 1;
  }
  return { calls, perCallMs: (performance.now() - start) / calls };
}

/**
 * Median time of one call of a fast synchronous `fn`: after a warm-up, each of
 * the `runs` samples repeats it enough times to last about `sampleMs`, so
 * that timer resolution and single slow calls do not decide the figure.
 * @template T
 * @param {number} runs
 * @param {() => T} fn
 * @returns {{ ms: number, repeats: number, result: T }}
 */
export function timeMedianBatched(runs, fn, sampleMs = 50) {
  const { perCallMs } = warmUp(fn);
  const repeats = Math.max(1, Math.round(sampleMs / perCallMs));
  let result = fn();
  const perCall = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < repeats; i++) result = fn();
    perCall.push((performance.now() - t0) / repeats);
  }
  return { ms: median(perCall), repeats, result };
}
