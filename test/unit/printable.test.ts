import { describe, expect, it } from 'vitest';
import { check, revision } from '../../src/cli/print.js';
import type { Output } from '../../src/cli/output.js';
import { printable } from '../../src/util/printable.js';

function capture(): { out: Output; lines: string[] } {
  const lines: string[] = [];
  return { out: { stdout: (s) => lines.push(s), stderr: (s) => lines.push(s), exitCode: 0 }, lines };
}

describe('printable', () => {
  it('escapes line breaks, controls, bidi overrides and lone surrogates; keeps the rest', () => {
    expect(printable('plain ünï 😀\ttab')).toBe('plain ünï 😀\ttab');
    expect(printable('a\nb\rc\u001b[2Kd')).toBe('a\\x0ab\\x0dc\\x1b[2Kd');
    expect(printable('x\u202ey\u2028z\ud800')).toBe('x\\u202ey\\u2028z\\ud800');
  });
});

describe('the CLI prints names from the database on one line each', () => {
  it('in check differences and revision warnings', () => {
    const hostile = 'drop column public.t.x\r\u001b[2K  fine';
    const checked = capture();
    const atHead = { current: [], heads: [], atHead: true, behind: false };
    check(checked.out, { clean: false, operations: [], differences: [hostile], renames: [], ...atHead }, false);
    expect(checked.lines[1]).toBe('  - drop column public.t.x\\x0d\\x1b[2K  fine');
    const written = capture();
    revision(written.out, {
      path: '/tmp/x.ts',
      revision: 'r1',
      operations: [],
      detected: [hostile],
      hazards: [hostile],
      unsupported: [hostile],
    } as never);
    for (const line of written.lines) expect(line).not.toMatch(/[\r\n]|\u001b\[2K/);
  });
});

describe('check', () => {
  it('lists an object with one rename candidate as a plain item, one with several as a numbered list', () => {
    const candidate = (from: string, to: string, rank: number) => ({
      kind: 'column' as const,
      from,
      to,
      score: 0.9,
      rank,
      rename: `--rename ${from}=${to}`,
      keep: `--no-rename ${from}`,
    });
    const checked = capture();
    const atHead = { current: [], heads: [], atHead: true, behind: false };
    const renames = [
      candidate('public.a.st', 'public.a.status', 1),
      candidate('public.b.val', 'public.b.value', 1),
      candidate('public.c.n', 'public.c.name', 1),
      candidate('public.c.n', 'public.c.note', 2),
    ];
    check(checked.out, { clean: false, operations: [], differences: ['x'], renames, ...atHead }, false);
    expect(checked.lines.slice(3)).toEqual([
      '  - column public.a.st -> public.a.status (match 90%): --rename public.a.st=public.a.status or --no-rename public.a.st',
      '  - column public.b.val -> public.b.value (match 90%): --rename public.b.val=public.b.value or --no-rename public.b.val',
      '  column public.c.n is gone; its candidates, best first:',
      '    1. column public.c.n -> public.c.name (match 90%): --rename public.c.n=public.c.name or --no-rename public.c.n',
      '    2. column public.c.n -> public.c.note (match 90%): --rename public.c.n=public.c.note or --no-rename public.c.n',
    ]);
  });
});

describe('revision', () => {
  it('lists what autogenerate detected under the file it wrote', () => {
    const written = capture();
    revision(written.out, {
      written: true,
      path: 'migrations/versions/a1_slug.ts',
      revision: 'a1',
      operations: [{}, {}],
      detected: ['add column public.posts.slug', 'create index ix_posts_slug on public.posts'],
      hazards: [],
      unsupported: [],
      hooks: [],
    } as never);
    expect(written.lines).toEqual([
      'Wrote migrations/versions/a1_slug.ts (2 operation(s))',
      '  Detected: add column public.posts.slug',
      '  Detected: create index ix_posts_slug on public.posts',
    ]);
  });

  it('says there was nothing to write when autogenerate found no changes', () => {
    const none = capture();
    revision(none.out, { written: false, unsupported: ['enum public.mood must be replaced'] });
    expect(none.lines).toEqual([
      'No changes; no revision written (--allow-empty writes one anyway)',
      '  not written: enum public.mood must be replaced',
    ]);
  });
});
