import { describe, expect, it } from 'vitest';
import { revisionsInRange } from '../../src/runtime/graph/history-range.js';
import { planDowngrade, planStamp, planUpgrade } from '../../src/runtime/graph/plan.js';
import type { RevisionHeader } from '../../src/runtime/files/revision-file.js';
import { RevisionGraph } from '../../src/runtime/graph/revision-graph.js';
import { parseTarget, resolveRevisions, walk } from '../../src/runtime/graph/targets.js';

function rev(revision: string, down: string[], date: string, extra: Partial<RevisionHeader> = {}): RevisionHeader {
  return {
    revision,
    downRevisions: down,
    message: `m ${revision}`,
    createDate: date,
    path: `/v/${revision}.ts`,
    ...extra,
  };
}

/**
 *   a1 - b2 - c3 (feature) - e5 - m6 - y9 (depends on audit)
 *          \- d4 ------------/
 *   x1 (audit) - x2
 */
const graph = () =>
  new RevisionGraph([
    rev('a1', [], '1'),
    rev('b2', ['a1'], '2'),
    rev('c3', ['b2'], '3', { branchLabels: ['feature'] }),
    rev('d4', ['b2'], '4'),
    rev('e5', ['c3'], '5'),
    rev('m6', ['e5', 'd4'], '6'),
    rev('x1', [], '7', { branchLabels: ['audit'] }),
    rev('x2', ['x1'], '8'),
    rev('y9', ['m6'], '9', { dependsOn: ['audit'] }),
  ]);
const ids = (steps: { revision: RevisionHeader }[]) => steps.map((s) => s.revision.revision);

describe('target syntax', () => {
  it('parses every target form', () => {
    expect(parseTarget('head')).toEqual({ kind: 'head' });
    expect(parseTarget('heads')).toEqual({ kind: 'heads' });
    expect(parseTarget('base')).toEqual({ kind: 'base' });
    expect(parseTarget('ae10')).toEqual({ kind: 'revision', ref: 'ae10' });
    expect(parseTarget('+2')).toEqual({ kind: 'relative', steps: 2, branch: null });
    expect(parseTarget('-1')).toEqual({ kind: 'relative', steps: -1, branch: null });
    expect(parseTarget('audit@+1')).toEqual({ kind: 'relative', steps: 1, branch: 'audit' });
    expect(parseTarget('audit@-2')).toEqual({ kind: 'relative', steps: -2, branch: 'audit' });
    expect(parseTarget('audit@head')).toEqual({ kind: 'branchHead', ref: 'audit' });
    expect(parseTarget('audit@base')).toEqual({ kind: 'branchBase', ref: 'audit' });
    expect(parseTarget('ae10+2')).toEqual({ kind: 'offset', ref: 'ae10', steps: 2 });
    expect(parseTarget('ae10-1')).toEqual({ kind: 'offset', ref: 'ae10', steps: -1 });
    expect(() => parseTarget('a b')).toThrow(/^"a b" is not a revision target; use head, heads, base/);
  });

  it('walks up and down single lines, and refuses ambiguous walks', () => {
    const g = graph();
    expect(walk(g, 'c3', 1).target).toBe('e5');
    expect(walk(g, 'e5', -2).target).toBe('b2');
    expect(walk(g, 'a1', -1)).toEqual({ target: null, last: 'a1' });
    expect(() => walk(g, 'b2', 1)).toThrow(/^b2\+1 is ambiguous: b2 branches into c3, d4; name one of them instead$/);
    expect(() => walk(g, 'm6', -1)).toThrow(/^m6-1 is ambiguous: m6 merges d4, e5; name one of them instead$/);
    expect(() => walk(g, 'x2', 1)).toThrow(/^x2\+1 walks past the head x2$/);
    expect(() => walk(g, 'a1', -2)).toThrow(/^a1-2 walks below base$/);
  });

  it('walks from head, where there is one, as from its id', () => {
    const line = new RevisionGraph([rev('a1', [], '1'), rev('b2', ['a1'], '2'), rev('c3', ['b2'], '3')]);
    expect(walk(line, 'head', -1).target).toBe('b2');
    expect(resolveRevisions(line, 'head-2')).toEqual(['a1']);
    expect(ids(planDowngrade(line, ['c3'], 'head-1'))).toEqual(['c3']);
    expect(revisionsInRange(line, 'head-1:head', null)).toEqual(['c3', 'b2']);
    expect(() => walk(line, 'head', 1)).toThrow(/^head\+1 walks past the head c3$/);
    expect(() => walk(graph(), 'head', -1)).toThrow(
      /^cannot use head-1: there are 2 heads \(x2, y9\); merge them with `migrate merge heads -m MSG`, or use REV-1 with one of them as REV$/,
    );
  });

  it('resolves absolute targets to revisions', () => {
    const g = graph();
    expect(resolveRevisions(g, 'heads').sort()).toEqual(['x2', 'y9']);
    expect(resolveRevisions(g, 'feature')).toEqual(['c3']);
    expect(resolveRevisions(g, 'feature@head')).toEqual(['y9']);
    expect(resolveRevisions(g, 'audit@head')).toEqual(['x2']);
    expect(resolveRevisions(g, 'e5-1')).toEqual(['c3']);
    expect(resolveRevisions(g, 'base')).toEqual([]);
    expect(() => resolveRevisions(g, 'head')).toThrow(/there are 2 heads \(x2, y9\)/);
    expect(resolveRevisions(g, 'b2@head')).toEqual(['y9']);
    const forked = new RevisionGraph([rev('a1', [], '1'), rev('b2', ['a1'], '2'), rev('c3', ['a1'], '3')]);
    expect(() => resolveRevisions(forked, 'a1@head')).toThrow(
      /^a1@head is ambiguous: 2 heads continue a1 \(b2, c3\); name one of them, or merge them with `migrate merge -m MSG b2 c3`$/,
    );
    expect(() => resolveRevisions(g, '+1')).toThrow(/depends on what the database is at/);
  });
});

describe('upgrade plans over branches, merges, labels and dependencies', () => {
  it('applies a dependency before the revision that needs it', () => {
    const g = graph();
    expect(ids(planUpgrade(g, [], 'y9'))).toEqual(['a1', 'b2', 'c3', 'd4', 'e5', 'm6', 'x1', 'y9']);
    expect(ids(planUpgrade(g, [], 'heads'))).toEqual(['a1', 'b2', 'c3', 'd4', 'e5', 'm6', 'x1', 'x2', 'y9']);
    expect(ids(planUpgrade(g, [], 'audit@head'))).toEqual(['x1', 'x2']);
  });

  it('moves up one branch with LABEL@+N, an id prefix with +N, and REV+N', () => {
    const g = graph();
    expect(ids(planUpgrade(g, [], 'audit@+1'))).toEqual(['x1']);
    expect(ids(planUpgrade(g, ['b2'], 'feature@+2'))).toEqual(['c3', 'd4']);
    expect(ids(planUpgrade(g, ['b2'], 'c3+1'))).toEqual(['c3', 'e5']);
    expect(ids(planUpgrade(g, ['e5'], 'y9'))).toEqual(['d4', 'm6', 'x1', 'y9']);
    expect(ids(planUpgrade(g, ['b2'], '+1'))).toEqual(['c3']);
    expect(ids(planUpgrade(g, ['m6'], '+1'))).toEqual(['x1']);
    expect(() => planUpgrade(g, [], '+1')).toThrow(/^cannot use \+1: there are 2 heads \(x2, y9\)/);
    expect(() => planUpgrade(g, ['m6', 'x1'], '+1')).toThrow(/^cannot use \+1: there are 2 heads \(y9, x2\)/);
    expect(() => planUpgrade(g, ['x2'], '-1')).toThrow(/^upgrade goes up; to step back run `migrate downgrade -1`$/);
    expect(() => planUpgrade(g, [], 'audit@base')).toThrow(/audit@base is a downgrade target/);
  });
});

describe('downgrade plans', () => {
  const all = ['x2', 'y9'];

  it('undoes only what sits on top of the target, as Alembic does', () => {
    const g = graph();
    expect(ids(planDowngrade(g, all, 'm6'))).toEqual(['y9']);
    expect(ids(planDowngrade(g, all, 'c3'))).toEqual(['y9', 'm6', 'e5']);
    expect(ids(planDowngrade(g, all, 'x1'))).toEqual(['y9', 'x2']);
    expect(ids(planDowngrade(g, all, 'audit@base'))).toEqual(['y9', 'x2', 'x1']);
    expect(ids(planDowngrade(g, all, 'feature@base'))).toEqual(['y9', 'm6', 'e5', 'c3']);
    expect(ids(planDowngrade(g, all, 'base'))).toEqual(['y9', 'x2', 'x1', 'm6', 'e5', 'd4', 'c3', 'b2', 'a1']);
    expect(ids(planDowngrade(g, all, 'e5-2'))).toEqual(['y9', 'm6', 'e5', 'd4', 'c3']);
    expect(ids(planDowngrade(g, ['x2'], 'x2-2'))).toEqual(['x2', 'x1']);
  });

  it('steps back N revisions along one line, and says when that is ambiguous', () => {
    const g = graph();
    expect(ids(planDowngrade(g, ['m6'], '-1'))).toEqual(['m6']);
    expect(() => planDowngrade(g, ['m6'], '-2')).toThrow(
      /^cannot downgrade -2: below the merge m6 the history splits into e5, d4; continue with `migrate downgrade e5@-N`$/,
    );
    expect(() => planDowngrade(g, all, '-1')).toThrow(
      /^cannot downgrade -1: the database is at 2 heads \(x2, y9\); say which branch, e\.g\. `migrate downgrade x2@-1` or LABEL@-1$/,
    );
    expect(ids(planDowngrade(g, all, 'audit@-1'))).toEqual(['x2']);
    expect(ids(planDowngrade(g, all, 'y9@-2'))).toEqual(['y9', 'm6']);
    expect(() => planDowngrade(g, ['x2', 'y9'], 'audit@-2')).toThrow(
      /^cannot downgrade audit@-2: x1 is still needed by the applied revision\(s\) y9 of another branch/,
    );
    expect(ids(planDowngrade(g, ['e5', 'd4'], 'e5@-2'))).toEqual(['e5', 'c3']);
    expect(() => planDowngrade(g, ['e5', 'd4'], 'e5@-3')).toThrow(/b2 is still needed by the applied revision\(s\) d4/);
    expect(() => planDowngrade(g, ['e5', 'd4'], 'b2@-1')).toThrow(
      /^cannot downgrade b2@-1: b2 reaches several applied heads \(d4, e5\); name one of them, e\.g\. `migrate downgrade d4@-1`$/,
    );
    expect(ids(planDowngrade(g, ['e5', 'd4'], 'd4@-1'))).toEqual(['d4']);
    expect(() => planDowngrade(g, [], '-1')).toThrow(/no revision is applied/);
    expect(() => planDowngrade(g, all, 'head')).toThrow(/downgrade takes base, a revision/);
  });

  it('steps back on a branch applied only as a dependency of another', () => {
    const g = graph();
    const blocked =
      /^cannot downgrade (audit|x1)@-1: x1 is still needed by the applied revision\(s\) y9 of another branch/;
    expect(() => planDowngrade(g, ['y9'], 'audit@-1')).toThrow(blocked);
    expect(() => planDowngrade(g, ['y9'], 'x1@-1')).toThrow(blocked);
    expect(ids(planDowngrade(g, ['m6', 'x1'], 'audit@-1'))).toEqual(['x1']);
    expect(ids(planDowngrade(g, ['m6'], 'audit@-1'))).toEqual([]);
  });
});

describe('stamp plans', () => {
  it('moves rows up, down and across branches without running anything', () => {
    const g = graph();
    expect(planStamp(g, [], ['c3'], false)).toEqual({ rows: ['c3'], added: ['a1', 'b2', 'c3'], removed: [] });
    expect(planStamp(g, ['c3'], ['d4'], false)).toEqual({ rows: ['c3', 'd4'], added: ['d4'], removed: [] });
    expect(planStamp(g, ['e5', 'd4'], ['b2'], false)).toEqual({ rows: ['b2'], added: [], removed: ['e5', 'd4', 'c3'] });
    expect(planStamp(g, ['m6'], ['heads'], false).rows).toEqual(['x2', 'y9']);
    expect(planStamp(g, ['x2', 'y9'], ['base'], false).rows).toEqual([]);
    expect(planStamp(g, ['c3'], ['x1', 'd4'], false).rows).toEqual(['c3', 'd4', 'x1']);
  });

  it('refuses targets of which one is an ancestor of another, in either order', () => {
    const g = graph();
    expect(() => planStamp(g, [], ['c3', 'b2'], false)).toThrow(
      /^cannot stamp c3 and b2 together: b2 is an ancestor of c3; stamp c3 alone$/,
    );
    expect(() => planStamp(g, [], ['b2', 'c3'], false)).toThrow(
      /^cannot stamp b2 and c3 together: b2 is an ancestor of c3; stamp c3 alone$/,
    );
    expect(() => planStamp(g, [], ['x1', 'y9'], false)).toThrow(/x1 is an ancestor of y9/);
    expect(() => planStamp(g, [], ['feature', 'm6'], false)).toThrow(/c3 is an ancestor of m6/);
    expect(planStamp(g, [], ['c3', 'd4'], false).rows).toEqual(['c3', 'd4']);
    expect(planStamp(g, [], ['c3', 'c3'], false).rows).toEqual(['c3']);
  });

  it('with purge, starts from nothing, even from rows no file defines', () => {
    const g = graph();
    expect(() => planStamp(g, ['gone'], ['b2'], false)).toThrow(/at revision gone, which no file/);
    expect(planStamp(g, ['gone'], ['b2'], true)).toEqual({ rows: ['b2'], added: ['a1', 'b2'], removed: [] });
  });
});

describe('history ranges', () => {
  it('lists START:END newest first, with open ends and current', () => {
    const g = graph();
    expect(revisionsInRange(g, 'c3:m6', null)).toEqual(['m6', 'e5', 'c3']);
    expect(revisionsInRange(g, 'x1:', null)).toEqual(['y9', 'x2', 'x1']);
    expect(revisionsInRange(g, ':b2', null)).toEqual(['b2', 'a1']);
    expect(revisionsInRange(g, 'audit@head:heads', null)).toEqual(['x2']);
    expect(revisionsInRange(g, 'current:', ['m6'])).toEqual(['y9', 'm6']);
    expect(revisionsInRange(g, '-1:current', ['e5'])).toEqual(['e5', 'c3']);
    expect(() => revisionsInRange(g, 'b2', null)).toThrow(/history -r takes START:END/);
  });
});
