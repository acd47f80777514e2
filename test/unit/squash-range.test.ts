import { describe, expect, it } from 'vitest';
import { squashRange } from '../../src/commands/revisions/squash.js';
import type { RevisionHeader } from '../../src/runtime/files/revision-file.js';
import { RevisionGraph } from '../../src/runtime/graph/revision-graph.js';

function rev(revision: string, down: string[] = [], date = '2026-01-01', extra: Partial<RevisionHeader> = {}) {
  const header: RevisionHeader = {
    revision,
    downRevisions: down,
    message: `m ${revision}`,
    createDate: date,
    path: `/v/${revision}_x.ts`,
    ...extra,
  };
  return header;
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as { code: string }).code;
  }
  throw new Error('nothing was thrown');
}

const replaced = [
  rev('a1', [], '1'),
  rev('b2', ['a1'], '2'),
  rev('c3', ['b2'], '3'),
  rev('d4', ['c3'], '4'),
  rev('e5', ['d4'], '5'),
];

describe('squash range', () => {
  const chain = () => new RevisionGraph(replaced);

  it('is REV and its ancestors after BASE, parents first', () => {
    expect(squashRange(chain(), 'a1..d4')).toEqual({ base: 'a1', replaces: ['b2', 'c3', 'd4'] });
    expect(squashRange(chain(), 'd4')).toEqual({ base: null, replaces: ['a1', 'b2', 'c3', 'd4'] });
    expect(squashRange(chain(), 'base..c3')).toEqual({ base: null, replaces: ['a1', 'b2', 'c3'] });
  });

  it('takes the targets show takes: head, heads when there is one, REV-N', () => {
    expect(squashRange(chain(), 'head')).toEqual({ base: null, replaces: ['a1', 'b2', 'c3', 'd4', 'e5'] });
    expect(squashRange(chain(), 'b2..head')).toEqual({ base: 'b2', replaces: ['c3', 'd4', 'e5'] });
    expect(squashRange(chain(), 'a1..e5-1')).toEqual({ base: 'a1', replaces: ['b2', 'c3', 'd4'] });
    expect(squashRange(chain(), 'heads')).toEqual({ base: null, replaces: ['a1', 'b2', 'c3', 'd4', 'e5'] });
  });

  it('refuses head with several heads, naming the forms a squash takes', () => {
    const g = new RevisionGraph([...replaced, rev('z9', ['c3'], '9')]);
    expect(() => squashRange(g, 'head')).toThrow(
      'cannot use head: there are 2 heads (e5, z9); merge them with `migrate merge heads -m MSG`, or use LABEL@head or a revision id',
    );
    expect(codeOf(() => squashRange(g, 'heads'))).toBe('squash-range');
    expect(codeOf(() => squashRange(g, 'a1..+1'))).toBe('bad-target');
  });

  it('refuses fewer than two revisions, a BASE above REV and a malformed range', () => {
    expect(codeOf(() => squashRange(chain(), 'c3..d4'))).toBe('squash-range');
    expect(codeOf(() => squashRange(chain(), 'd4..b2'))).toBe('squash-range');
    expect(codeOf(() => squashRange(chain(), 'a1..b2..c3'))).toBe('squash-range');
  });

  it('refuses a range left through a revision other than its end', () => {
    const g = new RevisionGraph([...replaced, rev('z9', ['c3'], '9')]);
    expect(() => squashRange(g, 'a1..d4')).toThrow(/z9 continues or depends on c3/);
  });

  it('refuses a range whose revisions declare a branch label', () => {
    const g = new RevisionGraph([
      rev('a1', [], '1'),
      rev('b2', ['a1'], '2', { branchLabels: ['main'] }),
      rev('c3', ['b2'], '3'),
    ]);
    expect(codeOf(() => squashRange(g, 'c3'))).toBe('squash-range');
  });

  it('takes a merge inside the range', () => {
    const g = new RevisionGraph([
      rev('a1', [], '1'),
      rev('b2', ['a1'], '2'),
      rev('c3', ['a1'], '3'),
      rev('d4', ['b2', 'c3'], '4'),
      rev('e5', ['d4'], '5'),
    ]);
    expect(squashRange(g, 'a1..d4')).toEqual({ base: 'a1', replaces: ['b2', 'c3', 'd4'] });
  });
});
