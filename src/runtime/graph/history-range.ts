import { AthanorError } from '../../util/errors.js';
import type { RevisionGraph } from './revision-graph.js';
import { resolveRevisions, walk } from './targets.js';

/** True when a history range refers to what the database is at (`current`, `-N`, `+N`). */
export function rangeNeedsDatabase(range: string | undefined): boolean {
  if (range === undefined) return false;
  return range.split(':').some((end) => end.trim() === 'current' || /^[+-]\d+$/.test(end.trim()));
}

/**
 * The revisions of `START:END`, newest first: those at or above START and at
 * or below END. Either end may be left out (base, heads), and may be any
 * revision target, `current`, or `-N` / `+N` from the current revision.
 */
export function revisionsInRange(graph: RevisionGraph, range: string, current: string[] | null): string[] {
  const colon = range.indexOf(':');
  if (colon === -1)
    throw new AthanorError(
      'bad-range',
      `history -r takes START:END, START: or :END (e.g. base:head, ${range}:, :${range})`,
    );
  const start = range.slice(0, colon).trim() || 'base';
  const end = range.slice(colon + 1).trim() || 'heads';
  const from = start === 'base' ? [] : resolveEnd(graph, start, current);
  const lower = from.length === 0 ? null : graph.descendants(from);
  const upper = end === 'heads' ? null : graph.ancestors(resolveEnd(graph, end, current));
  return [...graph.ordered]
    .reverse()
    .map((h) => h.revision)
    .filter((id) => (lower === null || lower.has(id)) && (upper === null || upper.has(id)));
}

function resolveEnd(graph: RevisionGraph, text: string, current: string[] | null): string[] {
  if (text === 'current') return currentRows(current, text);
  const relative = /^([+-]\d+)$/.exec(text);
  if (relative) {
    const rows = currentRows(current, text);
    if (rows.length === 0)
      throw new AthanorError(
        'relative-out-of-range',
        `${text} in a range walks from the current revision, and the database is at base`,
      );
    if (rows.length > 1)
      throw new AthanorError(
        'several-heads',
        `${text} in a range needs one current revision; the database is at ${rows.join(', ')}: write it from one of them instead, e.g. \`${rows[0]}${text}\``,
      );
    const target = walk(graph, rows[0]!, Number(relative[1])).target;
    return target === null ? [] : [target];
  }
  return resolveRevisions(graph, text);
}

function currentRows(current: string[] | null, text: string): string[] {
  if (current === null) throw new Error(`the range end ${text} needs the current revision`);
  return current;
}
