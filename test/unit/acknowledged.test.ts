import { describe, expect, it } from 'vitest';
import { acknowledgementProblem, isAcknowledged } from '../../src/ops/acknowledged.js';
import type { Hazard } from '../../src/ops/hazards.js';
import { readRevisionHeader } from '../../src/runtime/files/revision-file.js';

const DROP: Hazard = {
  code: 'drop-column',
  kind: 'data-loss',
  message: 'drop column public.users.legacy; data in it is lost',
};
const REWRITE: Hazard = {
  code: 'rewrite-type',
  kind: 'rewrite',
  message: 'changing id to bigint rewrites the table and its indexes',
};

describe('acknowledged hazards', () => {
  it('match by code, by family, or by either with the start of the message', () => {
    expect(isAcknowledged(DROP, ['drop-column'])).toBe(true);
    expect(isAcknowledged(DROP, ['data-loss'])).toBe(true);
    expect(isAcknowledged(DROP, ['data-loss: drop column public.users.legacy'])).toBe(true);
    expect(isAcknowledged(DROP, ['drop-column:drop column public.users'])).toBe(true);
    expect(isAcknowledged(DROP, ['data-loss: drop column public.users.other'])).toBe(false);
    expect(isAcknowledged(DROP, ['rewrite', 'drop-table', 'lock'])).toBe(false);
    expect(isAcknowledged(REWRITE, ['data-loss', 'rewrite-type'])).toBe(true);
    expect(isAcknowledged(REWRITE, [])).toBe(false);
  });

  it('refuse an entry that names no code or family, or gives no text after its colon', () => {
    expect(acknowledgementProblem('rewrite-type')).toBeNull();
    expect(acknowledgementProblem('non-transactional: the statement CREATE INDEX')).toBeNull();
    expect(acknowledgementProblem('rewrites')).toMatch(/^"rewrites" does not start with a hazard code or family/);
    expect(acknowledgementProblem('drop column public.users.legacy')).toMatch(
      /does not start with a hazard code or family/,
    );
    expect(acknowledgementProblem('data-loss:')).toMatch(/nothing after its colon/);
  });

  it('are read from the header without running the file', () => {
    const source = [
      "export const revision = 'a1';",
      'export const downRevision = null;',
      'export const acknowledged = [',
      "  'rewrite-type', // intended: the table is small",
      "  'data-loss: drop column public.users.legacy',",
      '];',
      'throw new Error("never run");',
      'export async function upgrade() {}',
      'export async function downgrade() {}',
    ].join('\n');
    expect(readRevisionHeader('/virtual/a1_x.ts', source).acknowledged).toEqual([
      'rewrite-type',
      'data-loss: drop column public.users.legacy',
    ]);
    expect(
      readRevisionHeader(
        '/virtual/a1_x.ts',
        source.replace(/export const acknowledged = \[[^\]]*\];/, "export const acknowledged = 'lock';"),
      ).acknowledged,
    ).toEqual(['lock']);
    expect(() => readRevisionHeader('/virtual/a1_x.ts', source.replace("'rewrite-type'", "'rewrite_type'"))).toThrow(
      'revision file a1_x.ts is invalid: its acknowledged entry "rewrite_type" does not start with a hazard code or family',
    );
    expect(() => readRevisionHeader('/virtual/a1_x.ts', source.replace("'rewrite-type'", 'RISKS'))).toThrow(
      'its acknowledged must be null, a string literal or an array of string literals',
    );
  });
});
