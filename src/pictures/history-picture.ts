import { decorations, type HistoryNode } from './history-node.js';
import type { Box, Edge, Picture } from './picture.js';

/**
 * The history as a picture: a box per revision (its id, message, labels,
 * head, what a squash replaces, the database's current revision marked),
 * an edge from each to its parents and a dashed one to what it depends on.
 * `nodes` newest first, as `migrate history` lists them.
 */
export function historyPicture(nodes: readonly HistoryNode[], title = 'history'): Picture {
  const ids = new Set(nodes.map((n) => n.revision));
  const said = decorations(nodes);
  const boxes: Box[] = nodes.map((n) => ({
    id: n.revision,
    kind: 'revision',
    title: n.revision,
    subtitle: n.message,
    rows: said(n).map((d) => ({ name: d, detail: '', tags: [], mark: 'plain' })),
    mark: n.replaces && n.replaces.length > 0 ? 'changed' : 'plain',
    ...(n.isCurrent ? { current: true } : {}),
  }));
  const edges: Edge[] = nodes.flatMap((n) => [
    ...n.downRevisions
      .filter((p) => ids.has(p))
      .map((p) => ({ from: n.revision, to: p, kind: 'parent' as const, label: '' })),
    ...n.dependsOn
      .filter((p) => ids.has(p))
      .map((p) => ({ from: n.revision, to: p, kind: 'depends-on' as const, label: 'depends on' })),
  ]);
  return { title, boxes, edges, groups: [], notes: [], direction: 'TB' };
}
