import { basename } from 'node:path';
import { AthanorError } from '../../util/errors.js';
import type { RevisionHeader } from '../files/revision-file.js';

/** Branch label -> declaring revision; a label is declared once and never equals a revision id. */
export function collectBranchLabels(headers: RevisionHeader[], byId: Map<string, RevisionHeader>): Map<string, string> {
  const labels = new Map<string, string>();
  for (const header of headers) {
    for (const label of header.branchLabels ?? []) {
      const other = labels.get(label);
      if (other !== undefined) {
        throw new AthanorError(
          'duplicate-label',
          `branch label "${label}" is declared by both ${basename(byId.get(other)!.path)} and ${basename(header.path)}; keep it on one revision`,
        );
      }
      if (byId.has(label)) {
        throw new AthanorError(
          'duplicate-label',
          `branch label "${label}" in ${basename(header.path)} is also a revision id (${basename(byId.get(label)!.path)}); choose another label`,
        );
      }
      labels.set(label, header.revision);
    }
  }
  return labels;
}

/** What the label walk needs from the graph. */
interface LabelGraph {
  get(id: string): RevisionHeader;
  versionedChildrenOf(id: string): string[];
  versionedDescendants(ids: Iterable<string>): Set<string>;
}

/**
 * The revisions a branch label names, as Alembic propagates labels: the
 * declaring revision and every revision that continues it, plus the plain
 * chain below it down to (not including) a branch point or a merge.
 */
export function branchLabelMembers(graph: LabelGraph, declaring: string): Set<string> {
  const members = graph.versionedDescendants([declaring]);
  let current = graph.get(declaring);
  while (current.downRevisions.length === 1) {
    const parent = graph.get(current.downRevisions[0]!);
    if (graph.versionedChildrenOf(parent.revision).length > 1 || parent.downRevisions.length > 1) break;
    members.add(parent.revision);
    current = parent;
  }
  return members;
}
