import { describe, expect, it } from 'vitest';
import { planDowngrade, planUpgrade } from '../../src/runtime/plan.js';
import { readRevisionHeader, renderRevisionFile, type RevisionHeader } from '../../src/runtime/revision-file.js';
import { RevisionGraph } from '../../src/runtime/revision-graph.js';

function rev(revision: string, down: string[] = [], date = '2026-01-01'): RevisionHeader {
  return { revision, downRevisions: down, message: `m ${revision}`, createDate: date, path: `/v/${revision}_x.ts` };
}

const chain = () => new RevisionGraph([rev('c3', ['b2'], '3'), rev('a1', [], '1'), rev('b2', ['a1'], '2')]);
const ids = (steps: { revision: RevisionHeader }[]) => steps.map((s) => s.revision.revision);

describe('revision graph', () => {
  it('orders parents before children and finds heads and bases', () => {
    const g = chain();
    expect(g.ordered.map((h) => h.revision)).toEqual(['a1', 'b2', 'c3']);
    expect(g.heads()).toEqual(['c3']);
    expect(g.bases()).toEqual(['a1']);
  });

  it('rejects duplicates, missing parents and cycles with the file names', () => {
    expect(() => new RevisionGraph([rev('a1'), rev('a1')])).toThrow(/revision id a1 appears in both a1_x\.ts and a1_x\.ts/);
    expect(() => new RevisionGraph([rev('b2', ['zz'])])).toThrow(/revision b2 \(b2_x\.ts\) revises zz, which no file/);
    expect(() => new RevisionGraph([rev('a1', ['b2']), rev('b2', ['a1'])])).toThrow(/cycle: .*a1.*b2|cycle: .*b2.*a1/);
  });

  it('resolves unique prefixes and lists candidates for ambiguous ones', () => {
    const g = new RevisionGraph([rev('abc1'), rev('abd2', ['abc1'])]);
    expect(g.resolveId('abc')).toBe('abc1');
    expect(() => g.resolveId('ab')).toThrow(/"ab" matches several revisions: abc1, abd2/);
    expect(() => g.resolveId('zz')).toThrow(/no revision matches "zz"/);
  });

  it('plans upgrades to head, to an id and by +N', () => {
    const g = chain();
    expect(ids(planUpgrade(g, [], 'head'))).toEqual(['a1', 'b2', 'c3']);
    expect(ids(planUpgrade(g, ['a1'], 'head'))).toEqual(['b2', 'c3']);
    expect(ids(planUpgrade(g, [], 'b2'))).toEqual(['a1', 'b2']);
    expect(ids(planUpgrade(g, [], '+1'))).toEqual(['a1']);
    expect(ids(planUpgrade(g, ['c3'], 'head'))).toEqual([]);
    expect(() => planUpgrade(g, ['b2'], '+2')).toThrow(/only 1 revision/);
  });

  it('plans downgrades to base, to an id and by -N', () => {
    const g = chain();
    expect(ids(planDowngrade(g, ['c3'], 'base'))).toEqual(['c3', 'b2', 'a1']);
    expect(ids(planDowngrade(g, ['c3'], '-1'))).toEqual(['c3']);
    expect(ids(planDowngrade(g, ['c3'], 'a1'))).toEqual(['c3', 'b2']);
    expect(() => planDowngrade(g, ['a1'], 'c3')).toThrow(/not applied/);
    expect(() => planDowngrade(g, ['zz'], 'base')).toThrow(/at revision zz, which no file/);
  });

  it('refuses head when there are several heads', () => {
    const g = new RevisionGraph([rev('a1'), rev('b2', ['a1']), rev('c3', ['a1'])]);
    expect(() => planUpgrade(g, [], 'head')).toThrow(/2 heads \(b2, c3\); merge them/);
    expect(ids(planUpgrade(g, [], 'heads'))).toEqual(['a1', 'b2', 'c3']);
  });
});

describe('revision files', () => {
  it('renders a file whose header reads back without running it', () => {
    const source = renderRevisionFile({
      revision: 'abcdef123456',
      downRevisions: ['0123456789ab'],
      message: "add 'users'",
      createDate: '2026-11-22T00:00:00.000Z',
      upgradeBody: '',
      downgradeBody: '',
    });
    const header = readRevisionHeader('/v/abcdef123456_add_users.ts', source);
    expect(header).toEqual({
      revision: 'abcdef123456',
      downRevisions: ['0123456789ab'],
      message: "add 'users'",
      createDate: '2026-11-22T00:00:00.000Z',
      path: '/v/abcdef123456_add_users.ts',
    });
  });

  it('reads merge parents and rejects files without the required exports', () => {
    const base = "export const revision = 'm1';\nexport async function upgrade() {}\nexport async function downgrade() {}\n";
    expect(readRevisionHeader('/v/m1.ts', `${base}export const downRevision = ['a', "b"];\n`).downRevisions).toEqual(['a', 'b']);
    expect(() => readRevisionHeader('/v/m1.ts', base)).toThrow(/m1\.ts is invalid: it has no `export const downRevision/);
    expect(() => readRevisionHeader('/v/x.ts', 'export const downRevision = null;')).toThrow(/x\.ts is invalid: it has no `export const revision/);
    expect(() => readRevisionHeader('/v/m1.ts', `export const revision = 'm1';\nexport const downRevision = null;\nexport async function upgrade() {}`)).toThrow(
      /does not export a downgrade function/,
    );
  });
});
