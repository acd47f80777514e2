import { assertNever } from '../../util/assert-never.js';
import { AthanorError } from '../../util/errors.js';
import type { RevisionGraph } from './revision-graph.js';

/**
 * A parsed target of `upgrade`, `downgrade`, `stamp`, `show` or a history range:
 * - `head`, `heads`, `base`;
 * - a revision: a full id, a unique prefix, or a branch label (its declaring revision);
 * - `X@head` (the head that continues X, X a label or a revision), `LABEL@base`;
 * - `+N`, `-N`, `LABEL@+N`, `LABEL@-N`: relative to what the database is at;
 * - `REV+N`, `REV-N`: N revisions above or below REV (REV `head` too, where there is one).
 */
export type Target =
  | { kind: 'head' }
  | { kind: 'heads' }
  | { kind: 'base' }
  | { kind: 'revision'; ref: string }
  | { kind: 'branchHead'; ref: string }
  | { kind: 'branchBase'; ref: string }
  | { kind: 'relative'; steps: number; branch: string | null }
  | { kind: 'offset'; ref: string; steps: number };

const REF = '[0-9A-Za-z_]+';

export function parseTarget(text: string): Target {
  const target = text.trim();
  if (target === 'head' || target === 'heads' || target === 'base') return { kind: target };
  let match = new RegExp(`^(?:(${REF})@)?([+-]\\d+)$`).exec(target);
  if (match) return { kind: 'relative', steps: Number(match[2]), branch: match[1] ?? null };
  match = new RegExp(`^(${REF})@(head|base)$`).exec(target);
  if (match)
    return match[2] === 'head' ? { kind: 'branchHead', ref: match[1]! } : { kind: 'branchBase', ref: match[1]! };
  match = new RegExp(`^(${REF})([+-]\\d+)$`).exec(target);
  if (match) return { kind: 'offset', ref: match[1]!, steps: Number(match[2]) };
  if (new RegExp(`^${REF}$`).test(target)) return { kind: 'revision', ref: target };
  throw new AthanorError(
    'bad-target',
    `"${text}" is not a revision target; use head, heads, base, a revision id or prefix, a branch label, LABEL@head, LABEL@base, +N, -N, LABEL@+N or REV+N`,
  );
}

/** What names one head among several, where `heads` (all of them) is a target too. */
const ONE_OF_THE_HEADS = '`heads`, LABEL@head or a revision id';

/**
 * The only head, or an error that says to merge or choose; `instead` is what
 * the caller takes in place of `head` (without `heads` where it needs one revision).
 */
export function singleHead(graph: RevisionGraph, what: string, instead = ONE_OF_THE_HEADS): string {
  const heads = graph.heads();
  if (heads.length === 1) return heads[0]!;
  if (heads.length === 0)
    throw new AthanorError(
      'no-revisions',
      `cannot resolve ${what}: there are no revisions yet; write one with \`migrate revision -m MSG\``,
    );
  throw severalHeads(heads, what, `use ${instead}`);
}

/** Several heads where one is needed: merge them, or `way` (what works from there instead). */
export function severalHeads(heads: string[], what: string, way: string): AthanorError {
  return new AthanorError(
    'several-heads',
    `cannot use ${what}: there are ${heads.length} heads (${heads.join(', ')}); merge them with \`migrate merge heads -m MSG\`, or ${way}`,
  );
}

/** The heads that continue a revision or a label (`X@head`). */
export function headsAbove(graph: RevisionGraph, ref: string): string[] {
  const start = graph.resolveId(ref);
  const above = graph.versionedDescendants([start]);
  return graph.heads().filter((id) => above.has(id));
}

/** The one head that continues `ref`; several are an error naming them. */
export function branchHead(graph: RevisionGraph, ref: string): string {
  const heads = headsAbove(graph, ref);
  if (heads.length === 1) return heads[0]!;
  throw new AthanorError(
    'several-heads',
    `${ref}@head is ambiguous: ${heads.length} heads continue ${ref} (${heads.join(', ')}); name one of them, or merge them with \`migrate merge -m MSG ${heads.join(' ')}\``,
  );
}

interface WalkResult {
  /** Where the walk ends; null when a walk down ends just below a base revision. */
  target: string | null;
  /** The last revision the walk stood on. */
  last: string;
}

/**
 * Walks `steps` revisions up (positive) or down (negative) from `ref` (a
 * revision, or `head` where there is one), along down revisions only; a
 * branch point on the way up or a merge on the way down makes the walk
 * ambiguous.
 */
export function walk(graph: RevisionGraph, ref: string, steps: number): WalkResult {
  const label = `${ref}${steps >= 0 ? '+' : ''}${steps}`;
  let last =
    ref === 'head'
      ? singleHead(graph, label, `REV${steps >= 0 ? '+' : '-'}${Math.abs(steps)} with one of them as REV`)
      : graph.resolveId(ref);
  let id: string | null = last;
  for (let i = 0; i < Math.abs(steps); i++) {
    if (id === null) throw new AthanorError('relative-out-of-range', `${label} walks below base`);
    last = id;
    const next: string[] = steps > 0 ? graph.versionedChildrenOf(id) : graph.get(id).downRevisions;
    if (next.length > 1) {
      throw new AthanorError(
        'ambiguous-walk',
        `${label} is ambiguous: ${id} ${steps > 0 ? 'branches into' : 'merges'} ${[...next].sort().join(', ')}; name one of them instead`,
      );
    }
    if (next.length === 0 && steps > 0)
      throw new AthanorError('relative-out-of-range', `${label} walks past the head ${id}`);
    id = next[0] ?? null;
  }
  return { target: id, last: id ?? last };
}

/**
 * Revisions an absolute target names, for commands that show or stamp them:
 * `base` gives none; relative targets are not absolute and are refused.
 */
export function resolveRevisions(graph: RevisionGraph, text: string): string[] {
  const target = parseTarget(text);
  switch (target.kind) {
    case 'head':
      return [singleHead(graph, 'head')];
    case 'heads':
      return graph.heads();
    case 'base':
      return [];
    case 'revision':
      return [graph.resolveId(target.ref)];
    case 'branchHead':
      return [branchHead(graph, target.ref)];
    case 'offset': {
      const id = walk(graph, target.ref, target.steps).target;
      return id === null ? [] : [id];
    }
    case 'branchBase':
    case 'relative':
      throw new AthanorError(
        'bad-target',
        `"${text}" depends on what the database is at; name a revision, head, heads or base here`,
      );
    default:
      return assertNever(target, 'target');
  }
}
