import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { tempProject } from '../helpers/project.js';

/** A revision that takes a while, so that two runs started together overlap. */
const SLOW_REVISION = `import type { Operations } from 'athanor';

export const revision = 'a1';
export const downRevision: string | null = null;
export const message = 'slow';

export async function upgrade(op: Operations): Promise<void> {
  await new Promise((done) => setTimeout(done, 1500));
  await op.executeSql({ sql: 'CREATE TABLE slow (id integer)' });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.executeSql({ sql: 'DROP TABLE slow' });
}
`;

describe('two migrate processes on one PGlite directory', () => {
  // Four processes each start PGlite (about ten seconds apiece on a busy two-core machine): more than the default.
  it(
    'apply a revision once: the second waits for the first, or stops with one line',
    { timeout: 180_000 },
    async () => {
      const project = tempProject(null);
      project.write('migrations/versions/a1_slow.ts', SLOW_REVISION);
      expect(await runBin(project.dir, ['current'])).toMatchObject({ code: 0 }); // creates the database
      const runs = await Promise.all([
        runBin(project.dir, ['upgrade', 'head']),
        runBin(project.dir, ['upgrade', 'head']),
      ]);
      const applied = runs.filter(
        (run) => /a1/.test(run.stdout) && run.code === 0 && !/nothing to upgrade/i.test(run.stdout),
      );
      expect(applied, JSON.stringify(runs)).toHaveLength(1);
      const other = runs.find((run) => run !== applied[0])!;
      if (other.code === 0) expect(other.stdout).toMatch(/nothing to upgrade/i);
      else
        expect(other.stderr).toMatch(
          /^error \[directory-locked\]: another `migrate` process \(pid \d+\) is using .*\.athanor.dev; wait for it or remove .*athanor\.lock if it is gone$/m,
        );
      const current = await runBin(project.dir, ['current']);
      expect(current).toMatchObject({ code: 0 });
      expect(current.stdout).toContain('a1');
      expect(project.read('.athanor/dev/PG_VERSION')).toMatch(/^\d+/);
      expect(existsSync(join(project.dir, '.athanor', 'dev', 'athanor.lock'))).toBe(false);
    },
  );
});
