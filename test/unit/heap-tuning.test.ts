import { constants, PerformanceObserver } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { collectAfterLargeFile, tuneHeapForLargeFiles } from '../../src/loader/heap-tuning.js';

/** How many full (mark-compact) collections V8 reports while `fn` runs. */
async function fullCollections(fn: () => void): Promise<number> {
  let count = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) count += 1;
  });
  observer.observe({ entryTypes: ['gc'] });
  fn();
  // The entries arrive after the collection, on a later turn of the event loop.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return count;
}

describe('tuneHeapForLargeFiles', () => {
  it('gives a full garbage collection, the same one every time', () => {
    const collect = tuneHeapForLargeFiles();
    expect(collect).toBeTypeOf('function');
    expect(tuneHeapForLargeFiles()).toBe(collect);
    let garbage: number[][] | null = Array.from({ length: 200 }, () => Array.from({ length: 50_000 }, (_, i) => i));
    const held = process.memoryUsage().heapUsed;
    expect(garbage.length).toBe(200);
    garbage = null;
    collect!();
    // About 80 MB of arrays were dropped: a full collection returns most of it.
    expect(held - process.memoryUsage().heapUsed).toBeGreaterThan(40 << 20);
  });
});

describe('collectAfterLargeFile', () => {
  it('collects once the heap is tuned, and with a size only when the heap holds that much', async () => {
    tuneHeapForLargeFiles();
    expect(await fullCollections(() => collectAfterLargeFile())).toBeGreaterThanOrEqual(1);
    expect(await fullCollections(() => collectAfterLargeFile(1))).toBeGreaterThanOrEqual(1);
    expect(await fullCollections(() => collectAfterLargeFile(Number.MAX_SAFE_INTEGER))).toBe(0);
  });
});
