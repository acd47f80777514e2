import { assertNever } from '../../util/assert-never.js';
import { AthanorError } from '../../util/errors.js';
import type { RevisionHeader } from '../files/revision-file.js';
import type { RevisionGraph } from './revision-graph.js';
import { branchHead, headsAbove, parseTarget, severalHeads, singleHead, walk, type Target } from './targets.js';

export type Direction = 'up' | 'down';

export interface Step {
  direction: Direction;
  revision: RevisionHeader;
}

/**
 * Checks that every revision the database records exists as a file, in the
 * reading of the graph for those rows (a revision a squash replaces is known
 * while its file is there). Before anything runs or is compared: files that do
 * not hold where the database is say nothing about it.
 */
export function checkCurrent(graph: RevisionGraph, current: string[]): void {
  for (const id of current) {
    if (!graph.has(id)) {
      throw new AthanorError(
        'unknown-current',
        `the database is at revision ${id}, which no file in the versions folder defines; restore the file, or correct the version table with \`migrate stamp --purge REV\``,
      );
    }
  }
}

/** The revisions to apply, in order, to move from `current` up to `text`. */
export function planUpgrade(files: RevisionGraph, current: string[], text: string): Step[] {
  const graph = files.forDatabase([...current, text]);
  checkCurrent(graph, current);
  const applied = graph.ancestors(current);
  const target = parseTarget(text);
  switch (target.kind) {
    case 'head':
      return stepsUp(graph, applied, [singleHead(graph, 'head')]);
    case 'heads':
      return stepsUp(graph, applied, graph.heads());
    case 'base':
      return [];
    case 'revision':
    case 'branchHead':
    case 'offset': {
      const id = absoluteRevision(graph, target);
      if (id === null) return [];
      if (applied.has(id) && !current.includes(id)) {
        throw new AthanorError(
          'not-upgrade-target',
          `cannot upgrade to ${id}: it is already applied, below ${current.join(', ')}; to go back to it run \`migrate downgrade ${id}\``,
        );
      }
      return stepsUp(graph, applied, [id]);
    }
    case 'relative':
      if (target.steps < 0)
        throw new AthanorError('bad-target', `upgrade goes up; to step back run \`migrate downgrade ${text}\``);
      return relativeUp(graph, applied, current, target.steps, target.branch, text);
    case 'branchBase':
      throw new AthanorError('bad-target', `${text} is a downgrade target; run \`migrate downgrade ${text}\``);
    default:
      return assertNever(target, 'target');
  }
}

/** The revision a `revision`, `X@head` or `REV±N` target names; null for a walk that ends at base. */
function absoluteRevision(
  graph: RevisionGraph,
  target: Extract<Target, { kind: 'revision' | 'branchHead' | 'offset' }>,
): string | null {
  if (target.kind === 'revision') return graph.resolveId(target.ref);
  if (target.kind === 'branchHead') return branchHead(graph, target.ref);
  return walk(graph, target.ref, target.steps).target;
}

function stepsUp(graph: RevisionGraph, applied: Set<string>, targets: string[]): Step[] {
  const wanted = graph.ancestors(targets);
  return graph.ordered
    .filter((h) => wanted.has(h.revision) && !applied.has(h.revision))
    .map((revision): Step => ({ direction: 'up', revision }));
}

function relativeUp(
  graph: RevisionGraph,
  applied: Set<string>,
  current: string[],
  count: number,
  branch: string | null,
  text: string,
): Step[] {
  const head = branch === null ? relativeHead(graph, current, applied, text) : branchHead(graph, branch);
  const steps = stepsUp(graph, applied, [head]);
  if (count > steps.length) {
    throw new AthanorError(
      'relative-out-of-range',
      `cannot upgrade ${text}: only ${steps.length} revision(s) up to ${head} are not applied yet`,
    );
  }
  return steps.slice(0, count);
}

/** The head `+N` moves toward: the only head, or the only one not yet applied above what is. */
function relativeHead(graph: RevisionGraph, current: string[], applied: Set<string>, text: string): string {
  const heads = graph.heads();
  if (heads.length <= 1) return singleHead(graph, text);
  const above = [...new Set(current.flatMap((id) => headsAbove(graph, id)))].filter((id) => !applied.has(id));
  if (above.length === 1) return above[0]!;
  const candidates = above.length > 0 ? above : heads;
  throw severalHeads(candidates, text, `say which head to move toward, e.g. \`${candidates[0]}@${text}\``);
}

/** The revisions to undo, in order, to move from `current` down to `text`. */
export function planDowngrade(files: RevisionGraph, current: string[], text: string): Step[] {
  const graph = files.forDatabase([...current, text]);
  checkCurrent(graph, current);
  const applied = graph.ancestors(current);
  const target = parseTarget(text);
  switch (target.kind) {
    case 'base':
      return stepsDown(graph, applied);
    case 'revision':
    case 'branchHead':
      return downTo(graph, applied, absoluteRevision(graph, target)!);
    case 'offset': {
      const { target: id, last } = walk(graph, target.ref, target.steps);
      return id === null ? stepsDown(graph, graph.descendants([last]), applied) : downTo(graph, applied, id);
    }
    case 'branchBase':
      return stepsDown(graph, graph.descendants(branchRoots(graph, target.ref)), applied);
    case 'relative': {
      if (target.steps > 0)
        throw new AthanorError('bad-target', `downgrade goes down; to move up run \`migrate upgrade ${text}\``);
      const head = relativeDownHead(graph, current, applied, target.branch, text);
      return head === null ? [] : undoLine(graph, applied, head, -target.steps, text);
    }
    case 'head':
    case 'heads':
      throw new AthanorError(
        'bad-target',
        `downgrade takes base, a revision, REV-N, -N, LABEL@-N or LABEL@base, not ${text}`,
      );
    default:
      return assertNever(target, 'target');
  }
}

/** Undoes `drop` (only what is applied), children before parents. */
function stepsDown(graph: RevisionGraph, drop: Set<string>, applied: Set<string> = drop): Step[] {
  return [...graph.ordered]
    .reverse()
    .filter((h) => drop.has(h.revision) && applied.has(h.revision))
    .map((revision): Step => ({ direction: 'down', revision }));
}

/** Down to a revision, as Alembic does: undo what was applied on top of it, and nothing else. */
function downTo(graph: RevisionGraph, applied: Set<string>, id: string): Step[] {
  if (!applied.has(id)) {
    throw new AthanorError(
      'not-applied',
      `cannot downgrade to ${id}: it is not applied; a downgrade target must be at or below the current revision`,
    );
  }
  const above = graph.descendants([id]);
  above.delete(id);
  return stepsDown(graph, above, applied);
}

/** The lowest revisions of a branch label: where `LABEL@base` cuts. */
function branchRoots(graph: RevisionGraph, label: string): string[] {
  if (!graph.isLabel(label))
    throw new AthanorError(
      'bad-target',
      `${label}@base needs a branch label; "${label}" is not one (run \`migrate branches\`)`,
    );
  const members = graph.labelMembers(label);
  return [...members].filter((id) => !graph.get(id).downRevisions.some((p) => members.has(p)));
}

/**
 * The applied revision `-N` or `X@-N` walks down from; null when nothing of
 * that branch is applied. For `X@-N` it is the highest applied member of X's
 * line, whether a version row names it or it is applied as a dependency.
 */
function relativeDownHead(
  graph: RevisionGraph,
  current: string[],
  applied: Set<string>,
  branch: string | null,
  text: string,
): string | null {
  if (branch === null) {
    if (current.length === 0)
      throw new AthanorError('relative-out-of-range', `cannot downgrade ${text}: no revision is applied`);
    if (current.length > 1) {
      throw new AthanorError(
        'several-heads',
        `cannot downgrade ${text}: the database is at ${current.length} heads (${current.join(', ')}); say which branch, e.g. \`migrate downgrade ${current[0]}@${text}\` or LABEL@${text}`,
      );
    }
    return current[0]!;
  }
  const lineage = graph.isLabel(branch) ? graph.labelMembers(branch) : lineageOf(graph, graph.resolveId(branch));
  const rows = graph.headsOf(new Set([...applied].filter((id) => lineage.has(id))));
  if (rows.length > 1)
    throw new AthanorError(
      'several-heads',
      `cannot downgrade ${text}: ${branch} reaches several applied heads (${rows.join(', ')}); name one of them, e.g. \`migrate downgrade ${rows[0]}${text.slice(branch.length)}\``,
    );
  return rows[0] ?? null;
}

function lineageOf(graph: RevisionGraph, id: string): Set<string> {
  return new Set([...graph.ancestors([id]), ...graph.versionedDescendants([id])]);
}

/** Undoes `count` revisions down one line from `head`; stops with an error at a split or a shared parent. */
function undoLine(graph: RevisionGraph, applied: Set<string>, head: string, count: number, text: string): Step[] {
  const remaining = new Set(applied);
  const steps: Step[] = [];
  let id: string | null = head;
  for (let i = 0; i < count; i++) {
    if (id === null)
      throw new AthanorError(
        'relative-out-of-range',
        `cannot downgrade ${text}: only ${i} revision(s) are applied on that line`,
      );
    const needed = graph.childrenOf(id).filter((c) => remaining.has(c));
    if (needed.length > 0) {
      throw new AthanorError(
        'relative-blocked',
        `cannot downgrade ${text}: ${id} is still needed by the applied revision(s) ${needed.join(', ')} of another branch; downgrade to a revision id instead`,
      );
    }
    steps.push({ direction: 'down', revision: graph.get(id) });
    remaining.delete(id);
    const parents: string[] = graph.get(id).downRevisions.filter((p) => remaining.has(p));
    if (parents.length > 1 && i + 1 < count) {
      throw new AthanorError(
        'ambiguous-walk',
        `cannot downgrade ${text}: below the merge ${id} the history splits into ${parents.join(', ')}; continue with \`migrate downgrade ${parents[0]}@-N\``,
      );
    }
    id = parents[0] ?? null;
  }
  return steps;
}

/** What `stamp` changes: the new version rows, and the revisions it marks applied or unapplied. */
export interface StampPlan {
  rows: string[];
  added: string[];
  removed: string[];
}

/**
 * Moves the version rows to the targets without running anything: each
 * target is reached as upgrade or downgrade would reach it, in turn. With
 * `purge` the version table is emptied first, whatever it held.
 */
export function planStamp(files: RevisionGraph, current: string[], targets: string[], purge: boolean): StampPlan {
  const graph = files.forDatabase([...(purge ? [] : current), ...targets]);
  if (!purge) checkCurrent(graph, current);
  const before = graph.ancestors(current.filter((id) => graph.has(id)));
  const applied = purge ? new Set<string>() : new Set(before);
  refuseOverlap(graph, targets);
  for (const text of targets) {
    const rows = graph.headsOf(applied);
    for (const step of stampSteps(graph, rows, applied, text)) {
      if (step.direction === 'up') applied.add(step.revision.revision);
      else applied.delete(step.revision.revision);
    }
  }
  const ids = graph.ordered.map((h) => h.revision);
  return {
    rows: graph.headsOf(applied),
    added: ids.filter((id) => applied.has(id) && !before.has(id)),
    removed: ids.filter((id) => before.has(id) && !applied.has(id)).reverse(),
  };
}

function stampSteps(graph: RevisionGraph, rows: string[], applied: Set<string>, text: string): Step[] {
  const target = parseTarget(text);
  switch (target.kind) {
    case 'base':
    case 'branchBase':
      return planDowngrade(graph, rows, text);
    case 'relative':
      return target.steps < 0 ? planDowngrade(graph, rows, text) : planUpgrade(graph, rows, text);
    case 'revision':
    case 'branchHead':
    case 'offset': {
      const id = absoluteRevision(graph, target);
      if (id === null) return planDowngrade(graph, rows, text);
      return applied.has(id) ? downTo(graph, applied, id) : stepsUp(graph, applied, [id]);
    }
    case 'head':
    case 'heads':
      return planUpgrade(graph, rows, text);
    default:
      return assertNever(target, 'target');
  }
}

/** Stamping targets in turn would depend on their order when one is an ancestor of another: refuse, as Alembic does. */
function refuseOverlap(graph: RevisionGraph, targets: string[]): void {
  const named = targets.flatMap((text) => {
    const id = namedRevision(graph, text);
    return id === null ? [] : [{ text, id }];
  });
  for (const [i, a] of named.entries()) {
    for (const b of named.slice(i + 1)) {
      if (a.id === b.id) continue;
      const [low, high] = graph.ancestors([b.id]).has(a.id)
        ? [a, b]
        : graph.ancestors([a.id]).has(b.id)
          ? [b, a]
          : [null, null];
      if (low !== null && high !== null) {
        throw new AthanorError(
          'overlapping-targets',
          `cannot stamp ${a.text} and ${b.text} together: ${low.id} is an ancestor of ${high.id}; stamp ${high.text} alone`,
        );
      }
    }
  }
}

/** The one revision an absolute target or `head` names; null for targets that name none or several. */
function namedRevision(graph: RevisionGraph, text: string): string | null {
  const target = parseTarget(text);
  switch (target.kind) {
    case 'revision':
    case 'branchHead':
    case 'offset':
      return absoluteRevision(graph, target);
    case 'head':
      return singleHead(graph, text);
    case 'heads':
    case 'base':
    case 'branchBase':
    case 'relative':
      return null;
    default:
      return assertNever(target, 'target');
  }
}
