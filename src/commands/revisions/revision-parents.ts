import { BRANCH_LABEL } from '../../runtime/files/revision-file.js';
import type { RevisionGraph } from '../../runtime/graph/revision-graph.js';
import { parseTarget, branchHead } from '../../runtime/graph/targets.js';
import { AthanorError } from '../../util/errors.js';

/** Where a new revision goes in the graph (`revision --head/--splice/--branch-label/--depends-on`). */
export interface PlacementOptions {
  /** The revision to build on: a head, `base` for a new branch, `LABEL@head`; any revision with `splice`. */
  head?: string;
  /** Allow `head` to be a revision that is not a head, starting a new branch from it. */
  splice?: boolean;
  branchLabels?: string[];
  /** Revisions (ids, prefixes or branch labels) the new revision depends on. */
  dependsOn?: string[];
}

export interface Placement {
  downRevisions: string[];
  branchLabels: string[];
  /** Full ids, except branch labels, which stay labels (as Alembic writes them). */
  dependsOn: string[];
}

/** Decides the parents, labels and dependencies of a new revision, as Alembic's `revision` does. */
export function placeRevision(graph: RevisionGraph, options: PlacementOptions): Placement {
  return {
    downRevisions: parents(graph, options),
    branchLabels: checkBranchLabels(graph, options.branchLabels ?? []),
    dependsOn: (options.dependsOn ?? []).map((ref) => (graph.isLabel(ref) ? ref : graph.resolveId(ref))),
  };
}

function parents(graph: RevisionGraph, options: PlacementOptions): string[] {
  const heads = graph.heads();
  if (options.head === undefined) {
    if (options.splice) throw new AthanorError('bad-option', '--splice needs --head REV: the revision to branch from');
    if (heads.length > 1) {
      throw new AthanorError(
        'several-heads',
        `there are ${heads.length} heads (${heads.join(', ')}); merge them first with \`migrate merge heads -m MSG\`, or choose one with --head`,
      );
    }
    return heads;
  }
  const target = parseTarget(options.head);
  if (target.kind === 'base') return [];
  if (target.kind === 'head') return heads.length <= 1 ? heads : parents(graph, {});
  let id: string;
  if (target.kind === 'branchHead') id = branchHead(graph, target.ref);
  else if (target.kind === 'revision') id = graph.resolveId(target.ref);
  else throw new AthanorError('bad-option', `--head takes a revision, LABEL@head, head or base, not ${options.head}`);
  if (!heads.includes(id) && !options.splice) {
    throw new AthanorError(
      'not-a-head',
      `${id} is not a head; pass --splice to start a new branch from it, or build on a head (${heads.join(', ')})`,
    );
  }
  return [id];
}

/** New branch labels: well formed, not declared yet, not a revision id. */
export function checkBranchLabels(graph: RevisionGraph, labels: string[]): string[] {
  for (const label of labels) {
    if (!BRANCH_LABEL.test(label)) {
      throw new AthanorError(
        'bad-label',
        `branch label "${label}" must start with a letter or underscore and hold only letters, digits and underscores`,
      );
    }
    if (graph.isLabel(label))
      throw new AthanorError(
        'duplicate-label',
        `branch label "${label}" is already declared by revision ${graph.labelRevision(label)}`,
      );
    if (graph.has(label))
      throw new AthanorError('duplicate-label', `branch label "${label}" is a revision id; choose another label`);
  }
  return [...new Set(labels)];
}
