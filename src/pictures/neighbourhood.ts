import type { Edge } from './picture.js';

/**
 * The boxes within `depth` edges of `start`, edges followed both ways (what a
 * table references and what references it): `--table T --depth N`.
 */
export function neighbourhood(start: readonly string[], edges: readonly Edge[], depth: number): Set<string> {
  const next = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = next.get(a);
    if (list) list.push(b);
    else next.set(a, [b]);
  };
  for (const e of edges) {
    link(e.from, e.to);
    link(e.to, e.from);
  }
  const seen = new Set(start);
  let frontier = [...start];
  for (let step = 0; step < depth && frontier.length > 0; step++) {
    const found: string[] = [];
    for (const id of frontier)
      for (const n of next.get(id) ?? [])
        if (!seen.has(n)) {
          seen.add(n);
          found.push(n);
        }
    frontier = found;
  }
  return seen;
}
