import { AthanorError } from '../util/errors.js';
import type { RevisionHeader } from './revision-file.js';
import type { RevisionGraph } from './revision-graph.js';

export type Direction = 'up' | 'down';

export interface Step {
  direction: Direction;
  revision: RevisionHeader;
}

/** Checks that every revision the database records exists as a file. */
export function checkCurrent(graph: RevisionGraph, current: string[]): void {
  for (const id of current) {
    if (!graph.has(id)) {
      throw new AthanorError(
        'unknown-current',
        `the database is at revision ${id}, which no file in the versions folder defines; restore the file or run \`migrate stamp\` to correct the version table`,
      );
    }
  }
}

/** The revisions to apply, in order, to move from `current` up to `target`. */
export function planUpgrade(graph: RevisionGraph, current: string[], target: string): Step[] {
  checkCurrent(graph, current);
  const applied = graph.ancestors(current);
  const relative = /^\+(\d+)$/.exec(target);
  const targets = relative ? graph.heads() : upgradeTargets(graph, target);
  if (relative && targets.length > 1) throw severalHeads(graph, targets, `+${relative[1]}`);
  const wanted = graph.ancestors(targets);
  const steps = graph.ordered
    .filter((h) => wanted.has(h.revision) && !applied.has(h.revision))
    .map((revision): Step => ({ direction: 'up', revision }));
  if (!relative) return steps;
  const count = Number(relative[1]);
  if (count > steps.length) {
    throw new AthanorError('relative-out-of-range', `cannot upgrade ${target}: only ${steps.length} revision(s) are not applied yet`);
  }
  return steps.slice(0, count);
}

function upgradeTargets(graph: RevisionGraph, target: string): string[] {
  if (target === 'heads') return graph.heads();
  if (target === 'head') {
    const heads = graph.heads();
    if (heads.length > 1) throw severalHeads(graph, heads, 'head');
    return heads;
  }
  if (target === 'base') return [];
  return [graph.resolveId(target)];
}

function severalHeads(graph: RevisionGraph, heads: string[], target: string): AthanorError {
  return new AthanorError(
    'several-heads',
    `cannot upgrade to ${target}: there are ${heads.length} heads (${heads.join(', ')}); merge them with \`migrate merge heads -m MSG\` or upgrade to \`heads\` or one revision id (graph of ${graph.size} revisions)`,
  );
}

/** The revisions to undo, in order, to move from `current` down to `target`. */
export function planDowngrade(graph: RevisionGraph, current: string[], target: string): Step[] {
  checkCurrent(graph, current);
  const applied = graph.ancestors(current);
  const undoOrder = [...graph.ordered].reverse().filter((h) => applied.has(h.revision));
  const relative = /^-(\d+)$/.exec(target);
  if (relative) {
    const count = Number(relative[1]);
    if (count > undoOrder.length) {
      throw new AthanorError('relative-out-of-range', `cannot downgrade ${target}: only ${undoOrder.length} revision(s) are applied`);
    }
    return undoOrder.slice(0, count).map((revision): Step => ({ direction: 'down', revision }));
  }
  let keep = new Set<string>();
  if (target !== 'base') {
    const id = graph.resolveId(target);
    if (!applied.has(id)) {
      throw new AthanorError('not-applied', `cannot downgrade to ${id}: it is not applied; a downgrade target must be at or below the current revision`);
    }
    keep = graph.ancestors([id]);
  }
  return undoOrder.filter((h) => !keep.has(h.revision)).map((revision): Step => ({ direction: 'down', revision }));
}
