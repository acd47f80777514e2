import { describe, expect, it } from 'vitest';
import type { HistoryNode } from '../../src/pictures/history-node.js';
import { historyPicture } from '../../src/pictures/history-picture.js';
import { historyGraphLines } from '../../src/pictures/history-terminal.js';

const node = (revision: string, downRevisions: string[], extra: Partial<HistoryNode> = {}): HistoryNode => ({
  revision,
  downRevisions,
  dependsOn: [],
  branchLabels: [],
  message: `message ${revision}`,
  isHead: false,
  isCurrent: false,
  ...extra,
});

describe('history --graph', () => {
  it('draws a branch and its merge as git log --graph does, the current revision as @', () => {
    // Newest first: m merges b2 (a branch from a) and c.
    const lines = historyGraphLines([
      node('m', ['c', 'b2'], { isHead: true }),
      node('b2', ['b1'], { branchLabels: ['side'] }),
      node('c', ['a'], { isCurrent: true }),
      node('b1', ['a'], { branchLabels: ['side'] }),
      node('a', []),
    ]);
    expect(lines).toEqual([
      '* m (head, merge of c, b2) message m',
      '|\\',
      '| * b2 message b2',
      '@ | c (current) message c',
      '| * b1 (label: side) message b1',
      '|/',
      '* a message a',
    ]);
  });

  it("says what a squash replaces; a second root's lane ends at it", () => {
    const lines = historyGraphLines([
      node('s', ['r'], { replaces: ['x1', 'x2'], isHead: true }),
      node('other', [], { isHead: true, branchLabels: ['audit'] }),
      node('r', []),
    ]);
    expect(lines).toEqual([
      '* s (head, squash of x1, x2) message s',
      '| * other (head, label: audit) message other',
      '* r message r',
    ]);
  });

  it('draws the same graph as a picture: a box per revision, an edge to each parent', () => {
    const picture = historyPicture([node('m', ['c', 'b']), node('c', ['a']), node('b', ['a']), node('a', [])]);
    expect(picture.boxes.map((b) => b.id)).toEqual(['m', 'c', 'b', 'a']);
    expect(picture.edges.map((e) => `${e.from}->${e.to}`)).toEqual(['m->c', 'm->b', 'c->a', 'b->a']);
    expect(picture.boxes[0]!.rows.map((r) => r.name)).toEqual(['merge of c, b']);
  });
});
