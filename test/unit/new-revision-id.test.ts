import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderRevisionFile } from '../../src/runtime/files/revision-file.js';
import { tempProject, type TempProject } from '../helpers/project.js';

/*
 * The id of a new revision, whichever command writes it (revision, merge,
 * squash): one a squash replaces is taken like any other, since a database
 * whose version row names it must still find that file.
 */

/** a1 <- b2 <- c3, s9 squashing b2..c3 from a1 (the replaced files still there), and a branch x5 from a1. */
function squashedProject(): TempProject {
  const p = tempProject(null);
  const file = (revision: string, downRevisions: string[], replaces?: string[]): void => {
    p.write(
      `migrations/versions/${revision}_x.ts`,
      renderRevisionFile({
        revision,
        downRevisions,
        ...(replaces ? { replaces } : {}),
        message: revision,
        createDate: '2026-01-01T00:00:00.000Z',
        upgradeBody: '',
        downgradeBody: '',
      }),
    );
  };
  file('a1', []);
  file('b2', ['a1']);
  file('c3', ['b2']);
  file('s9', ['a1'], ['b2', 'c3']);
  file('x5', ['a1']);
  return p;
}

describe('the id of a new revision', () => {
  it.each([
    ['revision', ['revision', '-m', 'next', '--head', 's9']],
    ['merge', ['merge', '-m', 'join', 's9', 'x5']],
  ])('%s refuses the id of a replaced revision, and writes nothing', async (_command, argv) => {
    const p = squashedProject();
    const before = readdirSync(p.versionsDir).sort();
    const result = await p.migrate(...argv, '--rev-id', 'b2');
    expect(result.stderr).toMatch(/^error \[duplicate-revision\]: revision id b2 is taken; choose another/);
    expect(result.code).toBe(2);
    expect(readdirSync(p.versionsDir).sort()).toEqual(before);
  });

  it('refuses a malformed id, and takes a free one', async () => {
    const p = squashedProject();
    const bad = await p.migrate('revision', '-m', 'next', '--head', 's9', '--rev-id', 'no-dashes');
    expect(bad.stderr).toMatch(/^error \[bad-rev-id\]: revision id "no-dashes" must be 1 to 32 letters/);
    const good = await p.migrate('revision', '-m', 'next', '--head', 's9', '--rev-id', 'd4');
    expect(good.code, good.stderr).toBe(0);
    expect(readdirSync(p.versionsDir)).toContain('d4_next.ts');
  });
});
