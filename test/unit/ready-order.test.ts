import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readyOrder } from '../../src/util/ready-order.js';

/** The rule as stated, one scan of the remaining items per item placed: the reference. */
function byScanning(items: readonly string[], prerequisites: Map<string, string[]>): string[] {
  const remaining = [...items];
  const placed = new Set<string>();
  const ordered: string[] = [];
  while (remaining.length > 0) {
    const ready = remaining.findIndex((item) => (prerequisites.get(item) ?? []).every((p) => placed.has(p)));
    const [next] = remaining.splice(Math.max(ready, 0), 1) as [string];
    placed.add(next);
    ordered.push(next);
  }
  return ordered;
}

describe('readyOrder', () => {
  it('puts the first ready item first; when none is ready, the first remaining', () => {
    const prerequisites = new Map([
      ['a', ['missing']],
      ['b', ['d']],
      ['c', ['b']],
      ['d', ['c']],
      ['e', ['c']],
      ['f', []],
    ]);
    const order = readyOrder(
      ['a', 'b', 'c', 'd', 'e', 'f'],
      (x) => x,
      (x) => prerequisites.get(x) ?? [],
    );
    // f is ready. Then nothing is: the first remaining goes, a (whose prerequisite is missing), then b
    // (breaking the cycle b -> d -> c -> b); c and then d become ready, and e, which waited for c.
    expect(order).toEqual(['f', 'a', 'b', 'c', 'd', 'e']);
  });

  it('breaks a cycle at a prerequisite that is not required', () => {
    // t1 and t2 reference each other; p references t1; a_p0 is p's partition and comes first in model order.
    const soft = new Map([
      ['a_p0', ['p']],
      ['p', ['t1']],
      ['t1', ['t2']],
      ['t2', ['t1']],
    ]);
    const hard = new Map([['a_p0', ['p']]]);
    const items = ['a_p0', 'p', 't1', 't2'];
    const prerequisites = (x: string): string[] => soft.get(x) ?? [];
    // Without required prerequisites the cycle is broken at the first remaining item: the partition, before its
    // parent. With them, at the first item free of them: p, whose key names t1 lazily; its partition follows it.
    expect(readyOrder(items, (x) => x, prerequisites)).toEqual(['a_p0', 'p', 't1', 't2']);
    expect(
      readyOrder(
        items,
        (x) => x,
        prerequisites,
        (x) => hard.get(x) ?? [],
      ),
    ).toEqual(['p', 'a_p0', 't1', 't2']);
  });

  it('agrees with scanning the remaining items, on any graph', () => {
    const graph = fc
      .integer({ min: 0, max: 30 })
      .chain((n) =>
        fc.tuple(
          fc.constant(Array.from({ length: n }, (_, i) => `t${i}`)),
          fc.array(fc.array(fc.integer({ min: 0, max: n + 2 }), { maxLength: 4 }), { minLength: n, maxLength: n }),
        ),
      );
    fc.assert(
      fc.property(graph, ([items, edges]) => {
        // Indices past the end name items that are not there; an item may list itself.
        const prerequisites = new Map(items.map((item, i) => [item, edges[i]!.map((j) => `t${j}`)]));
        const order = readyOrder(
          items,
          (x) => x,
          (x) => prerequisites.get(x) ?? [],
        );
        expect(order).toEqual(byScanning(items, prerequisites));
      }),
      { numRuns: 500 },
    );
  });

  it('orders a chain of 20,000 items given backwards', () => {
    const n = 20_000;
    const items = Array.from({ length: n }, (_, i) => i);
    const order = readyOrder(
      items,
      (i) => String(i),
      (i) => (i + 1 < n ? [String(i + 1)] : []),
    );
    expect(order[0]).toBe(n - 1);
    expect(order[n - 1]).toBe(0);
  });
});
