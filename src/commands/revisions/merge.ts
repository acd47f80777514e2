import { renderRevisionFile } from '../../runtime/files/revision-file.js';
import type { RevisionGraph } from '../../runtime/graph/revision-graph.js';
import { resolveRevisions } from '../../runtime/graph/targets.js';
import { AthanorError } from '../../util/errors.js';
import { newRevision, writeNewRevision } from './new-revision.js';
import { loadGraph, loadProject, type CommandOptions } from '../shared/project.js';
import { checkBranchLabels } from './revision-parents.js';

export interface MergeOptions {
  message: string;
  /** What to merge: `heads`, or two or more revisions (ids, prefixes, labels, LABEL@head). */
  revisions: string[];
  branchLabels?: string[];
  revId?: string;
  /** The creation time written into the file; now by default. */
  now?: Date;
}

export interface MergeResult {
  path: string;
  revision: string;
  downRevisions: string[];
  hooks: string[];
}

/**
 * `migrate merge -m MSG REV... | heads`: writes a revision whose down
 * revisions are the given ones, joining their branches into one head. Its
 * `upgrade` and `downgrade` do nothing until you add to them.
 */
export async function merge(options: CommandOptions, opts: MergeOptions): Promise<MergeResult> {
  const config = await loadProject(options);
  const graph = loadGraph(config);
  const parents = mergeParents(graph, opts.revisions);
  const branchLabels = checkBranchLabels(graph, opts.branchLabels ?? []);
  const target = newRevision(config, graph, opts.revId, opts.message);
  const hooks = await writeNewRevision(
    config,
    target,
    renderRevisionFile({
      revision: target.id,
      downRevisions: parents,
      branchLabels,
      message: opts.message,
      createDate: (opts.now ?? new Date()).toISOString(),
      upgradeBody: '',
      downgradeBody: '',
    }),
  );
  return { path: target.path, revision: target.id, downRevisions: parents, hooks };
}

/** Two or more distinct revisions, none continued by another (a dependency does not count, as for heads). */
function mergeParents(graph: RevisionGraph, refs: string[]): string[] {
  if (refs.length === 0)
    throw new AthanorError('bad-merge', 'merge needs the revisions to merge: `heads`, or two or more revision ids');
  const ids = [...new Set(refs.flatMap((ref) => resolveRevisions(graph, ref)))];
  if (ids.length < 2) {
    throw new AthanorError(
      'bad-merge',
      `there is nothing to merge: ${refs.join(' ')} names ${ids.length === 0 ? 'no revision' : `only ${ids[0]}`}; a merge needs two or more heads`,
    );
  }
  for (const id of ids) {
    const inside = ids.find((other) => other !== id && graph.versionedDescendants([other]).has(id));
    if (inside !== undefined) {
      throw new AthanorError(
        'bad-merge',
        `${inside} is an ancestor of ${id}; merging them joins nothing, merge ${id} with another branch`,
      );
    }
  }
  const order = graph.ordered.map((h) => h.revision);
  return ids.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
