import { describe, expect, it } from 'vitest';
import { planDowngrade, planUpgrade } from '../../src/runtime/graph/plan.js';
import { readRevisionHeader, renderRevisionFile, type RevisionHeader } from '../../src/runtime/files/revision-file.js';
import { RevisionGraph } from '../../src/runtime/graph/revision-graph.js';

function rev(
  revision: string,
  down: string[] = [],
  date = '2026-01-01',
  extra: Partial<RevisionHeader> = {},
): RevisionHeader {
  return {
    revision,
    downRevisions: down,
    message: `m ${revision}`,
    createDate: date,
    path: `/v/${revision}_x.ts`,
    ...extra,
  };
}

/** The code of the error `fn` throws. */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as { code: string }).code;
  }
  throw new Error('nothing was thrown');
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
    expect(() => new RevisionGraph([rev('a1'), rev('a1')])).toThrow(
      /^revision id a1 appears in both a1_x\.ts and a1_x\.ts; give one of them a new id$/,
    );
    expect(() => new RevisionGraph([rev('b2', ['zz'])])).toThrow(
      /^revision b2 \(b2_x\.ts\) revises zz, which no file in the versions folder defines$/,
    );
    expect(() => new RevisionGraph([rev('a1', ['b2']), rev('b2', ['a1'])])).toThrow(
      /^the revisions form a cycle: a1 -> b2 -> a1; fix the downRevision or dependsOn of one of a1_x\.ts, b2_x\.ts$/,
    );
  });

  it('rejects a missing dependency, a cycle through a dependency, and duplicate or clashing labels', () => {
    expect(() => new RevisionGraph([rev('a1', [], '1', { dependsOn: ['nope'] })])).toThrow(
      /^revision a1 \(a1_x\.ts\) depends on nope, which no file or branch label in the versions folder defines$/,
    );
    expect(() => new RevisionGraph([rev('a1', [], '1', { dependsOn: ['b2'] }), rev('b2', ['a1'], '2')])).toThrow(
      /cycle: a1 -> b2 -> a1/,
    );
    expect(
      () =>
        new RevisionGraph([rev('a1', [], '1', { branchLabels: ['x'] }), rev('b2', [], '2', { branchLabels: ['x'] })]),
    ).toThrow(/^branch label "x" is declared by both a1_x\.ts and b2_x\.ts; keep it on one revision$/);
    expect(() => new RevisionGraph([rev('a1', [], '1', { branchLabels: ['b2'] }), rev('b2', [], '2')])).toThrow(
      /branch label "b2" in a1_x\.ts is also a revision id/,
    );
  });

  it('resolves ids, labels and unique prefixes; lists candidates for ambiguous prefixes', () => {
    const g = new RevisionGraph([rev('abc1', [], '1', { branchLabels: ['main'] }), rev('abd2', ['abc1'])]);
    expect(g.resolveId('abc')).toBe('abc1');
    expect(g.resolveId('abd2')).toBe('abd2');
    expect(g.resolveId('main')).toBe('abc1');
    expect(() => g.resolveId('ab')).toThrow(/^"ab" matches several revisions: abc1, abd2; give more characters$/);
    expect(() => g.resolveId('zz')).toThrow(/^no revision matches "zz"; run `migrate history` to see the revisions$/);
  });

  it('keeps a revision that is only depended on as a head, and orders dependencies first', () => {
    const g = new RevisionGraph([
      rev('b1', [], '1', { dependsOn: ['a1'] }),
      rev('a1', [], '2'),
      rev('a2', ['a1'], '3'),
    ]);
    expect(g.ordered.map((h) => h.revision)).toEqual(['a1', 'b1', 'a2']);
    expect(g.heads().sort()).toEqual(['a2', 'b1']);
    expect(g.childrenOf('a1').sort()).toEqual(['a2', 'b1']);
    expect(g.versionedChildrenOf('a1')).toEqual(['a2']);
    expect(g.dependenciesOf('b1')).toEqual(['a1']);
    // One version row covers a dependency: b1 implies a1 is applied.
    expect(g.headsOf(new Set(['a1', 'b1']))).toEqual(['b1']);
    expect(g.headsOf(new Set(['a1', 'b1', 'a2']))).toEqual(['b1', 'a2']);
  });

  it('propagates branch labels to descendants and down the plain chain to a branch point', () => {
    const g = new RevisionGraph([
      rev('a1', [], '1'),
      rev('b2', ['a1'], '2'),
      rev('c3', ['b2'], '3'),
      rev('d4', ['c3'], '4', { branchLabels: ['feature'] }),
      rev('e5', ['d4'], '5'),
      rev('f6', ['b2'], '6'),
      rev('x1', [], '7'),
      rev('x2', ['x1'], '8', { branchLabels: ['audit'] }),
    ]);
    expect([...g.labelMembers('feature')].sort()).toEqual(['c3', 'd4', 'e5']);
    expect([...g.labelMembers('audit')].sort()).toEqual(['x1', 'x2']);
    expect(g.labelsOf('c3')).toEqual(['feature']);
    expect(g.labelsOf('b2')).toEqual([]);
    expect(g.branchPoints()).toEqual(['b2']);
    expect(g.branchLabels()).toEqual([
      ['audit', 'x2'],
      ['feature', 'd4'],
    ]);
    expect(() => g.labelRevision('nope')).toThrow(/no revision declares the branch label "nope"/);
  });
});

describe('the codes of graph and target errors', () => {
  it('gives each cause its code', () => {
    const g = chain();
    const forked = new RevisionGraph([rev('a1'), rev('b2', ['a1']), rev('c3', ['a1'])]);
    expect([
      codeOf(() => new RevisionGraph([rev('a1'), rev('a1')])),
      codeOf(() => new RevisionGraph([rev('b2', ['zz'])])),
      codeOf(() => new RevisionGraph([rev('a1', [], '1', { dependsOn: ['nope'] })])),
      codeOf(() => new RevisionGraph([rev('a1', ['b2']), rev('b2', ['a1'])])),
      codeOf(() => g.resolveId('zz')),
      codeOf(() => planUpgrade(g, ['b2'], '+2')),
      codeOf(() => planUpgrade(g, ['c3'], 'a1')),
      codeOf(() => planDowngrade(g, ['a1'], 'c3')),
      codeOf(() => planDowngrade(g, ['zz'], 'base')),
      codeOf(() => planUpgrade(forked, [], 'head')),
    ]).toEqual([
      'duplicate-revision',
      'missing-revision',
      'missing-revision',
      'revision-cycle',
      'unknown-revision',
      'relative-out-of-range',
      'not-upgrade-target',
      'not-applied',
      'unknown-current',
      'several-heads',
    ]);
  });
});

describe('planning a straight chain', () => {
  it('plans upgrades to head, to an id and by +N', () => {
    const g = chain();
    expect(ids(planUpgrade(g, [], 'head'))).toEqual(['a1', 'b2', 'c3']);
    expect(ids(planUpgrade(g, ['a1'], 'head'))).toEqual(['b2', 'c3']);
    expect(ids(planUpgrade(g, [], 'b2'))).toEqual(['a1', 'b2']);
    expect(ids(planUpgrade(g, [], '+1'))).toEqual(['a1']);
    expect(ids(planUpgrade(g, ['c3'], 'head'))).toEqual([]);
    expect(() => planUpgrade(g, ['b2'], '+2')).toThrow(
      /^cannot upgrade \+2: only 1 revision\(s\) up to c3 are not applied yet$/,
    );
    expect(() => planUpgrade(g, ['c3'], 'a1')).toThrow(
      /^cannot upgrade to a1: it is already applied, below c3; to go back to it run `migrate downgrade a1`$/,
    );
  });

  it('plans downgrades to base, to an id and by -N', () => {
    const g = chain();
    expect(ids(planDowngrade(g, ['c3'], 'base'))).toEqual(['c3', 'b2', 'a1']);
    expect(ids(planDowngrade(g, ['c3'], '-1'))).toEqual(['c3']);
    expect(ids(planDowngrade(g, ['c3'], '-3'))).toEqual(['c3', 'b2', 'a1']);
    expect(ids(planDowngrade(g, ['c3'], 'a1'))).toEqual(['c3', 'b2']);
    expect(() => planDowngrade(g, ['c3'], '-4')).toThrow(
      /^cannot downgrade -4: only 3 revision\(s\) are applied on that line$/,
    );
    expect(() => planDowngrade(g, ['a1'], 'c3')).toThrow(/not applied/);
    expect(() => planDowngrade(g, ['zz'], 'base')).toThrow(
      /^the database is at revision zz, which no file in the versions folder defines; restore the file, or correct the version table with `migrate stamp --purge REV`$/,
    );
  });

  it('refuses head when there are several heads, and says to merge', () => {
    const g = new RevisionGraph([rev('a1'), rev('b2', ['a1']), rev('c3', ['a1'])]);
    expect(() => planUpgrade(g, [], 'head')).toThrow(
      /^cannot use head: there are 2 heads \(b2, c3\); merge them with `migrate merge heads -m MSG`, or use `heads`, LABEL@head or a revision id$/,
    );
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
      dependsOn: ['audit'],
      branchLabels: ['shop'],
    });
    const header = readRevisionHeader('/v/abcdef123456_add_users.ts', source);
    expect(header).toEqual({
      revision: 'abcdef123456',
      downRevisions: ['0123456789ab'],
      message: "add 'users'",
      createDate: '2026-11-22T00:00:00.000Z',
      path: '/v/abcdef123456_add_users.ts',
      dependsOn: ['audit'],
      branchLabels: ['shop'],
    });
  });

  it('reads merge parents, transactional marks and timeouts', () => {
    const base =
      "export const revision = 'm1';\nexport async function upgrade() {}\nexport async function downgrade() {}\n";
    expect(readRevisionHeader('/v/m1.ts', `${base}export const downRevision = ['a', "b"];\n`).downRevisions).toEqual([
      'a',
      'b',
    ]);
    const marked = readRevisionHeader(
      '/v/m1.ts',
      `${base}export const downRevision = null;\nexport const transactional = false;\nexport const lockTimeout = '2s';\nexport const statementTimeout = 1500;\n`,
    );
    expect(marked).toMatchObject({ transactional: false, lockTimeout: '2s', statementTimeout: '1500ms' });
    expect(() =>
      readRevisionHeader('/v/m1.ts', `${base}export const downRevision = null;\nexport const lockTimeout = 'soon';\n`),
    ).toThrow(
      /^revision file m1\.ts is invalid: its lockTimeout must be a number of milliseconds or a string such as '5s' or '500ms'$/,
    );
    expect(() =>
      readRevisionHeader(
        '/v/m1.ts',
        `${base}export const downRevision = null;\nexport const branchLabels = ['a-b'];\n`,
      ),
    ).toThrow(/branch label "a-b" must start/);
  });

  it('rejects files without the required exports, naming the file', () => {
    const base =
      "export const revision = 'm1';\nexport async function upgrade() {}\nexport async function downgrade() {}\n";
    expect(() => readRevisionHeader('/v/m1.ts', base)).toThrow(
      /m1\.ts is invalid: it has no `export const downRevision/,
    );
    expect(() => readRevisionHeader('/v/x.ts', 'export const downRevision = null;')).toThrow(
      /x\.ts is invalid: it has no `export const revision/,
    );
    expect(() =>
      readRevisionHeader(
        '/v/m1.ts',
        `export const revision = 'm1';\nexport const downRevision = null;\nexport async function upgrade() {}`,
      ),
    ).toThrow(/^revision file m1\.ts is invalid: it does not export a downgrade function$/);
    expect(() =>
      readRevisionHeader('/v/m1.ts', `export const revision = 'm-1';\nexport const downRevision = null;\n`),
    ).toThrow(/revision id "m-1" must be/);
  });
});
