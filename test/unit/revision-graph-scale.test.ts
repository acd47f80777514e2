import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RevisionHeader } from '../../src/runtime/files/revision-file.js';
import { RevisionGraph } from '../../src/runtime/graph/revision-graph.js';

function rev(
  revision: string,
  down: string[],
  createDate: string | null,
  extra: Partial<RevisionHeader> = {},
): RevisionHeader {
  return { revision, downRevisions: down, message: `m ${revision}`, createDate, path: `/v/${revision}_x.ts`, ...extra };
}

const id = (i: number) => `r${String(i).padStart(6, '0')}`;

/**
 * A linear chain of `count` revisions, listed newest first, with ids that
 * sort against the chain (the newest has the smallest id), so neither the
 * list order, the ids nor the dates put parents first.
 */
function chain(count: number, createDate: string | null): RevisionHeader[] {
  const headers: RevisionHeader[] = [];
  for (let i = count - 1; i >= 0; i--) {
    headers.push(rev(id(count - 1 - i), i === 0 ? [] : [id(count - i)], createDate));
  }
  return headers;
}

describe('revision graph on long histories', () => {
  it('builds a 20000-revision chain whose revisions all have the same date', () => {
    const g = new RevisionGraph(chain(20000, '2026-01-01T00:00:00.000Z'));
    expect(g.ordered).toHaveLength(20000);
    expect(g.ordered[0]!.revision).toBe(id(19999));
    expect(g.ordered[19999]!.revision).toBe(id(0));
    expect(g.heads()).toEqual([id(0)]);
    expect(g.bases()).toEqual([id(19999)]);
  });

  it('builds a 20000-revision chain without dates, parents before children', () => {
    const g = new RevisionGraph(chain(20000, null));
    const position = new Map(g.ordered.map((h, i) => [h.revision, i]));
    expect(g.ordered.every((h) => h.downRevisions.every((p) => position.get(p)! < position.get(h.revision)!))).toBe(
      true,
    );
    expect(g.heads()).toEqual([id(0)]);
  });

  it('names every file of a 20000-revision cycle', () => {
    const headers = chain(20000, null);
    headers[headers.length - 1] = rev(id(19999), [id(0)], null);
    let message = '';
    try {
      new RevisionGraph(headers);
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(message).toMatch(/^the revisions form a cycle: r000000 -> r000001 -> r000002 -> /);
    expect(message).toMatch(
      / -> r019999 -> r000000; fix the downRevision or dependsOn of one of r000000_x\.ts, r000001_x\.ts, /,
    );
    expect(message.match(/_x\.ts/g)).toHaveLength(20000);
  });

  it('reports the cycle it meets, not the revisions that merely lead into it', () => {
    const headers = [rev('a1', ['b2'], '1'), rev('b2', ['c3'], '1'), rev('c3', ['d4'], '1'), rev('d4', ['c3'], '1')];
    expect(() => new RevisionGraph(headers)).toThrow(
      /^the revisions form a cycle: c3 -> d4 -> c3; fix the downRevision or dependsOn of one of c3_x\.ts, d4_x\.ts$/,
    );
  });

  it('orders ids and dates by code units, whatever the locale', () => {
    // localeCompare puts 'a1' before 'B1' and 'b' before 'C'; code units put capitals first.
    const g = new RevisionGraph([rev('a1', [], 'x'), rev('B1', [], 'x'), rev('c1', [], 'b'), rev('d1', [], 'C')]);
    expect(g.ordered.map((h) => h.revision)).toEqual(['d1', 'c1', 'B1', 'a1']);
    expect(g.heads()).toEqual(['d1', 'c1', 'B1', 'a1']);
  });

  it('keeps the order of the depth-first walk: ancestors come right before the first revision that needs them', () => {
    const g = new RevisionGraph([
      rev('a1', [], '1'),
      rev('b1', [], '2', { dependsOn: ['z9'] }),
      rev('z9', [], '5'),
      rev('c1', [], '3'),
      rev('m1', ['a1', 'c1'], '4'),
    ]);
    expect(g.ordered.map((h) => h.revision)).toEqual(['a1', 'z9', 'b1', 'c1', 'm1']);
  });

  it("names the labels of every revision of a 20000-revision labelled history, and hands out copies of a label's members", () => {
    // trunk: t0 (label trunk) -> t1, a branch point; then two branches of 9999, each labelled at its first revision.
    const headers = [rev('t0', [], '1', { branchLabels: ['trunk'] }), rev('t1', ['t0'], '1')];
    for (const side of ['a', 'b']) {
      for (let i = 0; i < 9999; i++)
        headers.push(
          rev(`${side}${i}`, [i === 0 ? 't1' : `${side}${i - 1}`], '1', i === 0 ? { branchLabels: [side] } : {}),
        );
    }
    const g = new RevisionGraph(headers);
    const labels = new Map(g.ordered.map((h) => [h.revision, g.labelsOf(h.revision).join(' ')]));
    expect(labels.get('t0')).toBe('trunk');
    expect(labels.get('t1')).toBe('trunk');
    expect([...labels].filter(([id, names]) => names !== (id.startsWith('t') ? 'trunk' : `${id[0]} trunk`))).toEqual(
      [],
    );
    g.labelMembers('a').clear();
    expect(g.labelMembers('a').size).toBe(9999);
    expect(g.labelsOf('a5')).toEqual(['a', 'trunk']);
  });

  it('sorts branch labels by code units', () => {
    const g = new RevisionGraph([
      rev('a1', [], '1', { branchLabels: ['feature'] }),
      rev('b1', [], '2', { branchLabels: ['Audit'] }),
    ]);
    expect(g.branchLabels()).toEqual([
      ['Audit', 'b1'],
      ['feature', 'a1'],
    ]);
  });

  it('gives the same parents-first order whatever order the files are listed in', () => {
    // Revision i may revise or depend on any earlier one, so the graph has no cycle.
    const dag = fc
      .array(
        fc.record({
          down: fc.uniqueArray(fc.nat(), { maxLength: 2 }),
          dep: fc.option(fc.nat()),
          date: fc.constantFrom('1', '2', null),
        }),
        {
          minLength: 1,
          maxLength: 25,
        },
      )
      .map((specs) =>
        specs.map((spec, i) => {
          const earlier = (n: number) => `x${(n % i).toString(36)}`;
          const down = i === 0 ? [] : [...new Set(spec.down.map(earlier))];
          const dependsOn = i === 0 || spec.dep === null ? undefined : [earlier(spec.dep)];
          return rev(`x${i.toString(36)}`, down, spec.date, dependsOn ? { dependsOn } : {});
        }),
      );
    const listings = dag.chain((headers) =>
      fc.tuple(
        fc.constant(headers),
        fc.shuffledSubarray(headers, { minLength: headers.length, maxLength: headers.length }),
      ),
    );
    fc.assert(
      fc.property(listings, ([headers, shuffled]) => {
        const a = new RevisionGraph(headers).ordered.map((h) => h.revision);
        const b = new RevisionGraph(shuffled).ordered.map((h) => h.revision);
        expect(b).toEqual(a);
        const position = new Map(a.map((id, i) => [id, i]));
        for (const h of headers) {
          for (const p of [...h.downRevisions, ...(h.dependsOn ?? [])])
            expect(position.get(p)!).toBeLessThan(position.get(h.revision)!);
        }
      }),
    );
  });
});

describe('headsAfter', () => {
  it('gives what headsOf gives after one revision is added to or taken from any applied set', () => {
    // Random graphs: each revision continues 0-2 earlier ones and may depend on another.
    const graphs = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean(), fc.nat()), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(graphs, fc.array(fc.nat()), fc.array(fc.nat()), (shape, members, toggles) => {
        const headers = shape.map(([a, b, two, d], i) => {
          const down = i === 0 ? [] : [...new Set(two ? [id(a % i), id(b % i)] : [id(a % i)])];
          const dependsOn = i > 1 && d % 3 === 0 ? [id(d % i)].filter((x) => !down.includes(x)) : [];
          return rev(id(i), down, null, dependsOn.length > 0 ? { dependsOn } : {});
        });
        const graph = new RevisionGraph(headers);
        const applied = new Set(members.map((m) => id(m % headers.length)));
        let heads = graph.headsOf(applied);
        for (const t of toggles) {
          const changed = id(t % headers.length);
          if (applied.has(changed)) applied.delete(changed);
          else applied.add(changed);
          heads = graph.headsAfter(heads, applied, changed);
          expect(heads).toEqual(graph.headsOf(applied));
        }
      }),
    );
  });
});
