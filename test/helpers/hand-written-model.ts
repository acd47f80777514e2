import { expect } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.js';
import { expectSameSchema } from './fixtures.js';
import { tempProject, type TempProject } from './project.js';

type Ran = Awaited<ReturnType<TempProject['migrate']>>;

/**
 * A hand-written model applied to a new database as a user applies it: the
 * model written into a project, `revision --autogenerate -m message` (silent
 * on stderr), `upgrade head`, then `check` finding no difference. Returns the
 * database, the project and what `upgrade head` printed.
 */
export async function applyHandWrittenModel(
  models: string,
  prefix: string,
  message: string,
): Promise<{ db: TestDatabase; project: TempProject; up: Ran }> {
  const db = await createTestDatabase(prefix);
  const project = tempProject(db.url);
  project.write('models.ts', models);
  const rev = await project.migrate('revision', '--autogenerate', '-m', message);
  expect(rev.stderr).toBe('');
  expect(rev.code).toBe(0);
  const up = await project.migrate('upgrade', 'head');
  expect(up.code).toBe(0);
  const check = await project.migrate('check');
  expect(check.stdout).toContain('No differences');
  expect(check.code).toBe(0);
  return { db, project, up };
}

/**
 * A pulled model applied to another new database: `revision --autogenerate`
 * and `upgrade head` give the schema of `sourceUrl` again, then `downgrade
 * base` runs. Returns the copy, for the caller to check what is left.
 */
export async function applyPulledCopy(pulled: string, sourceUrl: string, prefix: string): Promise<TestDatabase> {
  const copy = await createTestDatabase(prefix);
  const again = tempProject(copy.url);
  again.write('models.ts', pulled);
  expect((await again.migrate('revision', '--autogenerate', '-m', 'pulled')).code).toBe(0);
  expect((await again.migrate('upgrade', 'head')).code).toBe(0);
  await expectSameSchema(copy.url, sourceUrl);
  expect((await again.migrate('downgrade', 'base')).code).toBe(0);
  return copy;
}
