import { expect } from 'vitest';
import { runSql, type TestDatabase } from './database.js';
import type { TempProject } from './project.js';

/** `check` finds nothing, on stdout and stderr alike. */
export async function expectClean(project: TempProject): Promise<void> {
  const checked = await project.migrate('check');
  expect(checked.stderr).toBe('');
  expect(checked.stdout).toBe('No differences: the database matches the model.');
  expect(checked.code).toBe(0);
}

/** A privilege changed by hand, and the line `check` writes of it. */
export interface PrivilegeMutation {
  sql: string;
  sees: string;
}

/**
 * Each change made by hand on a database that matches the project's model,
 * in turn: `check` sees it; autogenerate and upgrade put back what `read`
 * read before; `check` is clean; downgrade gives the change back; upgrade
 * again puts it right. Each change's revision is `mut00000`, `mut00001`, ...
 */
export async function expectMutationsRestored(
  db: TestDatabase,
  project: TempProject,
  mutations: readonly PrivilegeMutation[],
  read: () => Promise<unknown[]>,
): Promise<void> {
  const baseline = await read();
  for (const [i, mutation] of mutations.entries()) {
    await runSql(db.url, mutation.sql);
    const mutated = await read();
    expect(mutated, mutation.sql).not.toEqual(baseline);
    const drifted = await project.migrate('check');
    expect(drifted.code, mutation.sql).toBe(1);
    expect(drifted.stdout, mutation.sql).toContain(mutation.sees);
    const id = `mut${String(i).padStart(5, '0')}`;
    const rev = await project.migrate('revision', '--autogenerate', '-m', `mutation ${i}`, '--rev-id', id);
    expect(rev.stderr, mutation.sql).toBe('');
    expect(rev.code, mutation.sql).toBe(0);
    const up = await project.migrate('upgrade', 'head');
    expect(up.stderr, mutation.sql).toBe('');
    expect(up.code, mutation.sql).toBe(0);
    expect(await read(), mutation.sql).toEqual(baseline);
    await expectClean(project);
    expect((await project.migrate('downgrade', '-1')).code, mutation.sql).toBe(0);
    expect(await read(), mutation.sql).toEqual(mutated);
    expect((await project.migrate('upgrade', 'head')).code, mutation.sql).toBe(0);
    expect(await read(), mutation.sql).toEqual(baseline);
  }
}
