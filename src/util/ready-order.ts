/**
 * Items in an order where each comes after its prerequisites: among the
 * items that are ready, the first in the given order goes first; when none is
 * ready (a cycle, or a prerequisite that is not among the items), the first
 * remaining item goes, or with `required`, the first remaining item whose
 * required prerequisites among the items have all gone: a cycle is broken
 * at a prerequisite that is not required (a foreign key, which a model names
 * lazily), never at one that is (a partition's parent). Kahn's algorithm over
 * positions made once, with a binary heap of the ready positions: O((n + e)
 * log n) for n items and e prerequisites, however the items arrive.
 */
export function readyOrder<T>(
  items: readonly T[],
  key: (item: T) => string,
  prerequisites: (item: T) => Iterable<string>,
  required?: (item: T) => Iterable<string>,
): T[] {
  const position = new Map<string, number>();
  items.forEach((item, i) => position.set(key(item), i));
  const waiting = new Array<number>(items.length).fill(0);
  const unblocks: number[][] = items.map(() => []);
  items.forEach((item, i) => {
    for (const needed of new Set(prerequisites(item))) {
      const at = position.get(needed);
      // A prerequisite that is not among the items is never met: the item goes only when nothing else can.
      waiting[i]! += 1;
      if (at !== undefined) unblocks[at]!.push(i);
    }
  });
  const ready = new MinHeap();
  waiting.forEach((count, i) => {
    if (count === 0) ready.push(i);
  });
  const placed = new Array<boolean>(items.length).fill(false);
  /** The first unplaced position from `from` on whose required prerequisites among the items are placed; `from` when none is. */
  const firstFree = (from: number): number => {
    for (let i = from; i < items.length; i += 1) {
      if (placed[i]) continue;
      const free = [...required!(items[i]!)].every((needed) => {
        const at = position.get(needed);
        return at === undefined || at === i || placed[at];
      });
      if (free) return i;
    }
    return from;
  };
  const ordered: T[] = [];
  let firstUnplaced = 0;
  while (ordered.length < items.length) {
    let next = ready.pop();
    while (next !== undefined && placed[next]) next = ready.pop();
    if (next === undefined) {
      while (placed[firstUnplaced]) firstUnplaced += 1;
      next = required === undefined ? firstUnplaced : firstFree(firstUnplaced);
    }
    placed[next] = true;
    ordered.push(items[next]!);
    for (const waiter of unblocks[next]!) {
      waiting[waiter]! -= 1;
      if (waiting[waiter] === 0 && !placed[waiter]) ready.push(waiter);
    }
  }
  return ordered;
}

/** A binary min-heap of numbers. */
class MinHeap {
  private readonly items: number[] = [];

  push(value: number): void {
    const items = this.items;
    let i = items.push(value) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = value;
  }

  pop(): number | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && items[right]! < items[left]! ? right : left;
      if (items[child]! >= last) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
