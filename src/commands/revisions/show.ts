import { resolveRevisions } from '../../runtime/graph/targets.js';
import { readCurrent, revisionInfo, type RevisionInfo } from './inspect.js';
import { loadGraph, loadProject, type CommandOptions, type NoticeHandler } from '../shared/project.js';

export interface ShownRevision extends RevisionInfo {
  /** Revisions that continue it, and revisions that depend on it. */
  children: string[];
  dependents: string[];
}

/**
 * `migrate show REV`: the revisions a target names (an id or prefix, a label,
 * head, heads, X@head, REV-N, or `current`, which reads the database).
 */
export async function show(options: CommandOptions, target: string, notify?: NoticeHandler): Promise<ShownRevision[]> {
  const config = await loadProject(options);
  const currentIds = target === 'current' ? await readCurrent(config, notify) : [];
  // A replaced revision, or a database inside a squash's range, is read with that squash expanded.
  const graph = loadGraph(config).forDatabase(target === 'current' ? currentIds : [target]);
  const ids = target === 'current' ? currentIds.filter((id) => graph.has(id)) : resolveRevisions(graph, target);
  const describe = revisionInfo(graph, currentIds);
  return ids.map((id) => {
    const versioned = graph.versionedChildrenOf(id);
    return {
      ...describe(id),
      children: versioned.sort(),
      dependents: graph
        .childrenOf(id)
        .filter((c) => !versioned.includes(c))
        .sort(),
    };
  });
}
