import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../src/commands/apply/test.js';
import type { Output } from '../../src/cli/output.js';
import { test as printTest } from '../../src/cli/print.js';
import { scratchServerUrl } from '../../src/pg/scratch/scratch-database.js';

function printed(result: TestResult, json = false): string[] {
  const lines: string[] = [];
  const out: Output = { stdout: (s) => lines.push(s), stderr: (s) => lines.push(s), exitCode: 0 };
  printTest(out, result, json);
  return lines.join('\n').split('\n');
}

const RESULT: TestResult = {
  ok: false,
  database: 'pglite:memory:',
  from: null,
  checks: [
    { check: 'heads', title: 'one head (r2)', ok: true, failures: [], milliseconds: 0 },
    {
      check: 'stairway',
      title: 'stairway: each of 2 revision(s) upgraded, downgraded, upgraded',
      ok: false,
      failures: [
        { revision: 'r2', file: 'r2_a.ts', message: 'after upgrade: table users: missing {"id":1}' },
        { revision: null, file: null, message: 'left behind (to undo: drop table public.t)' },
      ],
      milliseconds: 12,
    },
  ],
};

describe('migrate test output', () => {
  it('prints a line per check and, under a failed one, a line per failure with its revision and file', () => {
    expect(printed(RESULT)).toEqual([
      'ok   one head (r2) (0 ms)',
      'FAIL stairway: each of 2 revision(s) upgraded, downgraded, upgraded (12 ms)',
      '       r2 (r2_a.ts): after upgrade: table users: missing {"id":1}',
      '       left behind (to undo: drop table public.t)',
      '1 of 2 checks failed on pglite:memory:.',
    ]);
  });

  it('prints the result as JSON with --json', () => {
    expect(JSON.parse(printed(RESULT, true).join('\n'))).toEqual(RESULT);
  });
});

describe('scratch database urls', () => {
  it('take a server url, and refuse a PGlite one with what to do', () => {
    expect(scratchServerUrl('postgres://u:p@ss@localhost:5432/postgres')).toBe(
      'postgres://u:p%40ss@localhost:5432/postgres',
    );
    expect(() => scratchServerUrl('pglite:./dir')).toThrow(
      /^--url takes a server url .*leave it out to test on PGlite/,
    );
  });
});
