import { describe, expect, it } from 'vitest';
import { planDowngrade, planStamp, planUpgrade } from '../../src/runtime/graph/plan.js';
import { readRevisionHeader, renderRevisionFile, type RevisionHeader } from '../../src/runtime/files/revision-file.js';
import { RevisionGraph } from '../../src/runtime/graph/revision-graph.js';
import { resolveRevisions } from '../../src/runtime/graph/targets.js';
import { checkIntegrity } from '../../src/runtime/files/integrity.js';
import type { RecordedRevision } from '../../src/pg/run/version-table.js';

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

const ids = (steps: { revision: RevisionHeader }[]) => steps.map((s) => s.revision.revision);

/** a1 <- b2 <- c3 <- d4 <- e5, and s9 squashing b2..d4 from a1. */
const replaced = [
  rev('a1', [], '1'),
  rev('b2', ['a1'], '2'),
  rev('c3', ['b2'], '3'),
  rev('d4', ['c3'], '4'),
  rev('e5', ['d4'], '5'),
];
const squash = rev('s9', ['a1'], '6', { replaces: ['b2', 'c3', 'd4'] });
const withSquash = () => new RevisionGraph([...replaced, squash]);

describe('squash header', () => {
  it('writes and reads replaces', () => {
    const text = renderRevisionFile({
      revision: 's9',
      downRevisions: ['a1'],
      replaces: ['b2', 'c3', 'd4'],
      message: 'squash',
      createDate: '2026-01-01',
      upgradeBody: '',
      downgradeBody: '',
    });
    expect(text).toContain('Replaces: b2, c3, d4');
    expect(readRevisionHeader('/v/s9_squash.ts', text).replaces).toEqual(['b2', 'c3', 'd4']);
  });

  it('refuses a squash that replaces itself', () => {
    const text = renderRevisionFile({
      revision: 's9',
      downRevisions: [],
      replaces: ['s9'],
      message: 'squash',
      createDate: '2026-01-01',
      upgradeBody: '',
      downgradeBody: '',
    });
    expect(codeOf(() => readRevisionHeader('/v/s9.ts', text))).toBe('bad-revision-file');
  });
});

describe('revision graph with a squash', () => {
  it('reads the files with the squash in place of its range', () => {
    const g = withSquash();
    expect(g.ordered.map((h) => h.revision)).toEqual(['a1', 's9', 'e5']);
    expect(g.heads()).toEqual(['e5']);
    expect(g.get('e5').downRevisions).toEqual(['s9']);
    expect(g.has('c3')).toBe(false);
    expect(g.replacedBy('c3')?.revision).toBe('s9');
    expect(() => g.get('c3')).toThrow(/squash s9 replaces it/);
    expect(() => g.resolveId('c3')).toThrow(/squash s9 replaces it/);
  });

  it('says a replaced revision is replaced when it is named by a prefix or walked from', () => {
    const g = withSquash();
    expect(() => g.resolveId('c')).toThrow(/^unknown revision c3; squash s9 replaces it/);
    expect(() => resolveRevisions(g, 'c3+1')).toThrow(/^unknown revision c3; squash s9 replaces it/);
    expect(() => resolveRevisions(g, 'c-1')).toThrow(/^unknown revision c3; squash s9 replaces it/);
    expect(() => g.resolveId('z')).toThrow(/^no revision matches "z"/);
  });

  it('runs only the squash on a fresh database, or on one at its start', () => {
    const g = withSquash();
    expect(ids(planUpgrade(g, [], 'head'))).toEqual(['a1', 's9', 'e5']);
    expect(ids(planUpgrade(g, ['a1'], 'head'))).toEqual(['s9', 'e5']);
  });

  it('runs the rest of the replaced revisions on a database inside the range', () => {
    const g = withSquash();
    expect(ids(planUpgrade(g, ['b2'], 'head'))).toEqual(['c3', 'd4', 'e5']);
    expect(ids(planUpgrade(g, ['c3'], 'head'))).toEqual(['d4', 'e5']);
    expect(ids(planUpgrade(g, ['d4'], 'head'))).toEqual(['e5']);
    expect(g.forDatabase(['c3']).heads()).toEqual(['e5']);
    expect(g.forDatabase(['c3']).has('s9')).toBe(false);
  });

  it('reads the squash as the end of its range for a database inside it', () => {
    const g = withSquash();
    expect(ids(planUpgrade(g, ['b2'], 's9'))).toEqual(['c3', 'd4']);
    expect(planStamp(g, ['b2'], ['s9'], false).rows).toEqual(['d4']);
  });

  it('reads a database past the range through the squash', () => {
    const g = withSquash();
    expect(g.forDatabase(['e5'])).toBe(g);
    expect(ids(planDowngrade(g, ['e5'], 'a1'))).toEqual(['e5', 's9']);
    expect(ids(planDowngrade(g, ['e5'], 'base'))).toEqual(['e5', 's9', 'a1']);
  });

  it('downgrades through the replaced revisions to a revision inside the range', () => {
    const g = withSquash();
    expect(ids(planDowngrade(g, ['d4'], 'b2'))).toEqual(['d4', 'c3']);
    expect(ids(planUpgrade(g, [], 'c3'))).toEqual(['a1', 'b2', 'c3']);
  });

  it('stamps into the range and records a database at the end of the range at the squash with --purge', () => {
    const g = withSquash();
    expect(planStamp(g, [], ['c3'], false).rows).toEqual(['c3']);
    expect(planStamp(g, ['d4'], ['s9'], true).rows).toEqual(['s9']);
  });

  it('reads a revision that continues the squash as continuing the end of the range inside it', () => {
    const g = new RevisionGraph([...replaced.slice(0, 4), squash, rev('f6', ['s9'], '7')]);
    expect(g.heads()).toEqual(['f6']);
    expect(g.forDatabase(['c3']).get('f6').downRevisions).toEqual(['d4']);
    expect(ids(planUpgrade(g, ['c3'], 'head'))).toEqual(['d4', 'f6']);
    expect(ids(planUpgrade(g, [], 'head'))).toEqual(['a1', 's9', 'f6']);
  });

  it('keeps reading the squash once the replaced files are deleted', () => {
    const g = new RevisionGraph([replaced[0]!, replaced[4]!, squash]);
    expect(g.heads()).toEqual(['e5']);
    expect(g.get('e5').downRevisions).toEqual(['s9']);
    expect(ids(planUpgrade(g, ['a1'], 'head'))).toEqual(['s9', 'e5']);
    expect(codeOf(() => planUpgrade(g, ['c3'], 'head'))).toBe('replaced-file-missing');
  });

  it('reads a squash of a squash whose files are gone', () => {
    const g = new RevisionGraph([
      rev('a1', [], '1'),
      rev('s0', ['a1'], '2', { replaces: ['b2', 'c3'] }),
      rev('d4', ['c3'], '4'),
      rev('s1', ['a1'], '6', { replaces: ['s0', 'd4'] }),
      rev('e5', ['d4'], '5'),
    ]);
    expect(g.ordered.map((h) => h.revision)).toEqual(['a1', 's1', 'e5']);
    expect(ids(planUpgrade(g, [], 'head'))).toEqual(['a1', 's1', 'e5']);
    expect(ids(planUpgrade(g, ['s0'], 'head'))).toEqual(['d4', 'e5']);
  });

  it('refuses a squash of a squash whose files are still there', () => {
    const outer = rev('s1', [], '6', { replaces: ['a1', 's9', 'e5'] });
    expect(codeOf(() => new RevisionGraph([...replaced, squash, outer]))).toBe('bad-squash');
  });

  it('refuses a revision replaced by two squashes', () => {
    const other = rev('t8', ['a1'], '6', { replaces: ['c3'] });
    expect(codeOf(() => new RevisionGraph([...replaced, squash, other]))).toBe('bad-squash');
  });

  it('maps a dependency on a replaced revision to the squash', () => {
    const g = new RevisionGraph([
      ...replaced,
      squash,
      rev('x1', [], '1'),
      rev('x2', ['x1'], '8', { dependsOn: ['d4'] }),
    ]);
    expect(g.dependenciesOf('x2')).toEqual(['s9']);
    expect(g.forDatabase(['c3']).dependenciesOf('x2')).toEqual(['d4']);
  });

  it('checks a database that went through the replaced revisions against their files, and one that ran the squash against it', () => {
    const summed = [...replaced, squash].map((h) => ({ ...h, checksum: `sum-${h.revision}` }));
    const g = new RevisionGraph(summed);
    const records = (ran: string[]): Map<string, RecordedRevision> =>
      new Map(
        ran.map((revision) => [
          revision,
          { revision, action: 'upgrade', checksum: `sum-${revision}`, appliedAt: '2026-01-01', durationMs: 1 },
        ]),
      );
    const through = checkIntegrity(g, ['e5'], records(['a1', 'b2', 'c3', 'd4', 'e5']));
    expect(through.map((e) => [e.revision, e.status])).toEqual([
      ['a1', 'ok'],
      ['b2', 'ok'],
      ['c3', 'ok'],
      ['d4', 'ok'],
      ['e5', 'ok'],
    ]);
    const fresh = checkIntegrity(g, ['e5'], records(['a1', 's9', 'e5']));
    expect(fresh.map((e) => [e.revision, e.status])).toEqual([
      ['a1', 'ok'],
      ['s9', 'ok'],
      ['e5', 'ok'],
    ]);
  });
});
