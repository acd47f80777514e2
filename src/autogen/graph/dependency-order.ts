import { compareText } from '../../util/strings.js';

/** A node of a dependency graph: its key and the keys it depends on (others are ignored). */
export interface GraphNode<T> {
  key: string;
  dependsOn: string[];
  item: T;
}

/**
 * Items in dependency order, prerequisites first; among the items that are
 * ready, the first by key goes first, so the order is stable. A cycle is
 * broken at its first item by key.
 */
export function dependencyOrder<T>(nodes: readonly GraphNode<T>[]): T[] {
  const remaining = [...nodes].sort((a, b) => compareText(a.key, b.key));
  const keys = new Set(remaining.map((node) => node.key));
  const placed = new Set<string>();
  const ordered: T[] = [];
  while (remaining.length > 0) {
    const ready = remaining.findIndex((node) =>
      node.dependsOn.every((key) => key === node.key || !keys.has(key) || placed.has(key)),
    );
    const [next] = remaining.splice(Math.max(ready, 0), 1) as [GraphNode<T>];
    placed.add(next.key);
    ordered.push(next.item);
  }
  return ordered;
}

/** The keys reachable from `start` through `edges` (dependents of dependents, say), `start` excluded. */
export function reachable(start: readonly string[], edges: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...start];
  for (let key = stack.pop(); key !== undefined; key = stack.pop()) {
    for (const next of edges.get(key) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  for (const key of start) seen.delete(key);
  return seen;
}

/** Reverses dependency lists: for each key, the keys that depend on it. */
export function dependents(nodes: readonly { key: string; dependsOn: readonly string[] }[]): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const node of nodes) {
    for (const dependency of node.dependsOn) {
      const list = edges.get(dependency) ?? [];
      list.push(node.key);
      edges.set(dependency, list);
    }
  }
  return edges;
}
