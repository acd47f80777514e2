import { decorations, type HistoryNode } from './history-node.js';

/*
 * The history drawn as `git log --graph` draws it: one lane per line of
 * descent open at that point, `*` a revision (`@` the database's current),
 * `|` a lane going on, `/` and `\` lanes joining and parting, one column a
 * row. Nodes come newest first, children before their parents.
 */

/** The lines of the drawing, each revision's with its id, decorations and message. */
export function historyGraphLines(nodes: readonly HistoryNode[]): string[] {
  const known = new Set(nodes.map((n) => n.revision));
  const decorate = decorations(nodes);
  let lanes: string[] = [];
  const lines: string[] = [];
  for (const node of nodes) {
    // Lanes waiting for this revision join the leftmost of them: a branch point.
    let col = lanes.indexOf(node.revision);
    if (col < 0) {
      lanes = [...lanes, node.revision];
      col = lanes.length - 1;
    } else if (lanes.lastIndexOf(node.revision) !== col) {
      const next = lanes.filter((l, i) => l !== node.revision || i === col);
      lines.push(...transition(lanes.map((l, i) => [i, l === node.revision ? col : next.indexOf(l)])));
      lanes = next;
    }
    const mark = node.isCurrent ? '@' : '*';
    const row = lanes.map((_, i) => (i === col ? mark : '|')).join(' ');
    const said = decorate(node);
    lines.push(`${row} ${node.revision}${said.length > 0 ? ` (${said.join(', ')})` : ''} ${node.message}`.trimEnd());
    // Its parents take its lane, the first in place, the others in new lanes to its right.
    const parents = node.downRevisions.filter((p) => known.has(p));
    const next = [...lanes.slice(0, col), ...parents, ...lanes.slice(col + 1)];
    const moves: [number, number][] = [];
    lanes.forEach((_, i) => {
      if (i < col) moves.push([i, i]);
      else if (i > col) moves.push([i, i + parents.length - 1]);
      else parents.forEach((_p, k) => moves.push([col, col + k]));
    });
    lines.push(...transition(moves));
    lanes = next;
  }
  return lines;
}

/**
 * The rows that carry lanes from their columns to new ones, each lane moving
 * one column a row (`/` left, `\` right); none when no lane moves.
 */
function transition(moves: readonly (readonly [number, number])[]): string[] {
  const at = moves.map(([from]) => from);
  const rows: string[] = [];
  while (at.some((c, i) => c !== moves[i]![1])) {
    const width = Math.max(...at, ...moves.map(([, to]) => to)) * 2 + 2;
    const row = Array.from({ length: width }, () => ' ');
    at.forEach((c, i) => {
      const to = moves[i]![1];
      if (to < c) {
        row[2 * c - 1] = '/';
        at[i] = c - 1;
      } else if (to > c) {
        row[2 * c + 1] = '\\';
        at[i] = c + 1;
      } else if (row[2 * c] === ' ') row[2 * c] = '|';
    });
    rows.push(row.join('').trimEnd());
  }
  return rows;
}
