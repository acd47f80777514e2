import { expect, it } from 'vitest';
import { expectGoldenRevision, revisionBody } from '../helpers/golden.js';
import { skipWhen } from '../helpers/skips.js';

const HEADER = "export const revision = 'r1';\nexport const createDate = '2026-01-01';\n\n";
const BODY =
  "export async function upgrade(op: Operations): Promise<void> {\n  await op.createSchema({ name: 'a' });\n}\n";

// The recorded files of these tests are test/fixtures/revisions/golden-revisions/*.txt; rewriting them would defeat the test.
skipWhen(
  process.env.ATHANOR_GOLDEN === 'write',
  'ATHANOR_GOLDEN=write rewrites the recorded files this test reads',
).describe('recorded revisions', () => {
  it('are the body of the revision file, from the upgrade function on', () => {
    expect(revisionBody(HEADER + BODY)).toBe(BODY);
    expect(() => revisionBody(HEADER)).toThrow('not a generated revision file');
  });

  it('match the same body and fail a body one byte longer', () => {
    expectGoldenRevision(HEADER + BODY);
    expect(() => expectGoldenRevision(`${HEADER}${BODY} `)).toThrow('generated revision differs from');
  });

  it('fail when nothing is recorded', () => {
    expect(() => expectGoldenRevision(HEADER + BODY)).toThrow('record it with ATHANOR_GOLDEN=write');
  });
});
