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
