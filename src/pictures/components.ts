import type { Edge } from './picture.js';

/**
 * The connected components of `ids` under `edges` (either way; edges to boxes
 * outside `ids` ignored), each in the order of `ids`, the components ordered
 * by their first box.
 */
export function connectedComponents(ids: readonly string[], edges: readonly Edge[]): string[][] {
  const parent = new Map(ids.map((id) => [id, id]));
  const root = (id: string): string => {
    let r = id;
    while (parent.get(r) !== r) r = parent.get(r)!;
    // Path halving is enough here; the sets stay shallow.
    let at = id;
    while (parent.get(at) !== r) {
      const up = parent.get(at)!;
      parent.set(at, r);
      at = up;
    }
    return r;
  };
  for (const e of edges) {
    if (!parent.has(e.from) || !parent.has(e.to)) continue;
    const a = root(e.from);
    const b = root(e.to);
    if (a !== b) parent.set(b, a);
  }
  const byRoot = new Map<string, string[]>();
  for (const id of ids) {
    const r = root(id);
    const list = byRoot.get(r);
    if (list) list.push(id);
    else byRoot.set(r, [id]);
  }
  return [...byRoot.values()];
}
