import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * How much V8's heap may grow past what a full collection left before the
 * next one, in per cent, once a large user file is loaded. V8 chooses up to
 * 300 (four times the live objects) for a process that allocates fast, and
 * a command on a model of 10,000 tables, whose live objects are 100 to
 * 150 MB, then peaked at 550 to 750 MiB, mostly garbage.
 */
const HEAP_GROWING_PERCENT = 50;

/**
 * The growth in a process that only builds one large file's model and ends
 * (the child that builds a model, `build-apart.ts`: `growHeapForBuild`).
 * Between collections its heap may double: the child of a model of 10,000
 * tables spent 0.2 to 0.3 s less, a tenth of its time, and peaked as high
 * where it compiles the file from its text (376 to 378 MiB: the compile is
 * its largest moment); one that reads the code cache `pull` made peaks at
 * about 300 MiB, where it peaked at 270.
 */
const BUILD_GROWING_PERCENT = 100;

/** The growth this process has, once tuned. */
let growingPercent = HEAP_GROWING_PERCENT;

let collector: (() => void) | null | undefined;

/**
 * Tunes the heap for the rest of the process before a large user file is
 * compiled, and returns a full garbage collection to run when wanted (null
 * where it cannot be had):
 *
 * - the heap grows by at most `HEAP_GROWING_PERCENT` past a collection
 *   (`BUILD_GROWING_PERCENT` after `growHeapForBuild`);
 * - `gc`, which Node gives only to a process started with `--expose-gc`: the
 *   flag set now gives it to contexts made after, as the `expose-gc` package
 *   does. The transform of a large file leaves its garbage in the heap, and
 *   the compile that follows works in memory outside it: collecting in
 *   between keeps the two from adding up.
 *
 * Both are V8 flags, and a code cache is made for the flags of the process
 * that made it, so this runs before any code cache is read or made, whether
 * the caller collects or not: every run then has the same flags.
 */
export function tuneHeapForLargeFiles(): (() => void) | null {
  collector ??= tuned();
  return collector;
}

function tuned(): (() => void) | null {
  try {
    setFlagsFromString(`--heap-growing-percent=${growingPercent}`);
    const own = (globalThis as { gc?: unknown }).gc;
    if (typeof own === 'function') return own as () => void;
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

/**
 * A full collection, when a large user file was loaded in this process (so
 * its heap is tuned; otherwise nothing). For the caller that knows a large
 * part of the heap just died: a model's DSL objects and the build's garbage,
 * once the model is built. Collecting then bases the heap's next growth on
 * what lives on, not on the peak of the build. With `minUsed`, only when
 * the heap holds at least that many bytes, live or not: below, the
 * collection's time buys little.
 */
export function collectAfterLargeFile(minUsed = 0): void {
  if (collector && (minUsed === 0 || getHeapStatistics().used_heap_size >= minUsed)) collector();
}

/**
 * From now on, the heap grows as `BUILD_GROWING_PERCENT` says: for a
 * process that builds a model and ends. A code cache is still read and made
 * under the growth of every other process (`withCodeCacheFlags`).
 */
export function growHeapForBuild(): void {
  growingPercent = BUILD_GROWING_PERCENT;
  setGrowth(growingPercent);
}

/**
 * `compile`'s result, compiled under the flags every process reads and
 * makes code caches with: V8 refuses a cache made under other flags, the
 * heap's growth among them.
 */
export function withCodeCacheFlags<T>(compile: () => T): T {
  if (growingPercent === HEAP_GROWING_PERCENT) return compile();
  setGrowth(HEAP_GROWING_PERCENT);
  try {
    return compile();
  } finally {
    setGrowth(growingPercent);
  }
}

function setGrowth(percent: number): void {
  try {
    setFlagsFromString(`--heap-growing-percent=${percent}`);
  } catch {
    // Only changes how often the heap is collected.
  }
}
