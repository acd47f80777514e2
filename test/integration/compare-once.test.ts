import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, runSql } from '../helpers/database.js';
import type { tempProject as TempProjectFn } from '../helpers/project.js';

/**
 * A command compares the model with the database once: what uses what
 * (`pg_depend`) is read before the comparison when it may be asked, for the
 * tables that differ; only a question about another table's uses has it read
 * for every table and the models compared again.
 */

const counted = vi.hoisted(() => ({ comparisons: 0, uses: 0, usesWithReading: 0 }));

vi.mock('../../src/autogen/compare.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/autogen/compare.js')>();
  return {
    ...original,
    diffModels: (...args: Parameters<typeof original.diffModels>) => {
      counted.comparisons++;
      return original.diffModels(...args);
    },
  };
});

vi.mock('../../src/pg/reflect.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/pg/reflect.js')>();
  return {
    ...original,
    reflectDependencies: (...args: Parameters<typeof original.reflectDependencies>) => {
      counted.uses++;
      return original.reflectDependencies(...args);
    },
    reflectSchema: (...args: Parameters<typeof original.reflectSchema>) => {
      if (args[1]?.dependencies !== false) counted.usesWithReading++;
      return original.reflectSchema(...args);
    },
  };
});

const COMPARE = '../../src/autogen/compare.js';
const REFLECT = '../../src/pg/reflect.js';

/**
 * Test files share a worker's modules (the projects do not isolate files): the
 * command line and what it imports are loaded anew here, after the counting
 * mocks, and dropped afterwards, so that no other file sees them.
 */
let tempProject: typeof TempProjectFn;
beforeAll(async () => {
  vi.resetModules();
  ({ tempProject } = await import('../helpers/project.js'));
});
afterAll(() => {
  vi.doUnmock(COMPARE);
  vi.doUnmock(REFLECT);
  vi.resetModules();
});

const BASE = `
CREATE TABLE public.t (id integer PRIMARY KEY, a integer, b integer GENERATED ALWAYS AS (a * 2) STORED);
CREATE INDEX t_a ON public.t (a);`;

/** Runs a command and returns how many comparisons and readings of what uses what it made. */
async function counting(run: () => Promise<{ code: number; stderr: string }>, code = 0): Promise<typeof counted> {
  counted.comparisons = 0;
  counted.uses = 0;
  counted.usesWithReading = 0;
  const result = await run();
  expect(result.stderr).not.toMatch(/error/i);
  expect(result.code).toBe(code);
  return { ...counted };
}

describe('a command compares once', () => {
  it('reads what uses what first when the model changes what the database has, and compares once', async () => {
    const db = await createTestDatabase();
    await runSql(db.url, BASE);
    const project = tempProject(db.url);
    expect((await project.migrate('pull')).code).toBe(0);

    // Unchanged: nothing is read, one comparison.
    expect(await counting(() => project.migrate('check'))).toEqual({ comparisons: 1, uses: 0, usesWithReading: 0 });

    // Only added: nothing stands in the way of an addition.
    const model = project.read('models.ts');
    project.write('models.ts', `${model}\nexport const extra = metadata.table('extra', { id: integer() });\n`);
    expect(await counting(() => project.migrate('check'), 1)).toEqual({
      comparisons: 1,
      uses: 0,
      usesWithReading: 0,
    });

    // A column retyped: its generated column is in the way, found through what uses what, which check and
    // autogenerate read for the table before their one comparison.
    project.write('models.ts', model.replace('import {', 'import { bigint,').replace(/a: integer\(\)/, 'a: bigint()'));
    for (const command of [['check'], ['revision', '--autogenerate', '-m', 'retype']]) {
      expect(await counting(() => project.migrate(...command), command.length === 1 ? 1 : 0)).toEqual({
        comparisons: 1,
        uses: 1,
        usesWithReading: 0,
      });
    }
    const [file] = readdirSync(project.versionsDir);
    const revision = project.read(`migrations/versions/${file}`);
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf("op.dropColumn({ schema: 'public', table: 't', column: 'b' })")).toBeGreaterThan(0);
    expect(upgrade.indexOf("op.dropColumn({ schema: 'public', table: 't', column: 'b' })")).toBeLessThan(
      upgrade.indexOf('op.alterColumn('),
    );
  }, 120_000);

  it('reads what uses what for every table, and compares again, when the comparison asks about a table that is the same', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');
       CREATE TABLE public.w (id integer PRIMARY KEY, m public.mood);
       ALTER TABLE public.w ENABLE ROW LEVEL SECURITY;
       CREATE POLICY w_happy ON public.w USING (m = 'happy');`,
    );
    const project = tempProject(db.url);
    expect((await project.migrate('pull')).code).toBe(0);
    // The enum's values reordered: the enum is replaced and its column converted, the same in both models; the
    // policy on the column is in the way, which only what uses what of every table tells.
    const model = project.read('models.ts');
    project.write('models.ts', model.replace("'sad', 'ok', 'happy'", "'ok', 'sad', 'happy'"));
    expect(project.read('models.ts')).not.toBe(model);
    expect(await counting(() => project.migrate('revision', '--autogenerate', '-m', 'reorder'))).toEqual({
      comparisons: 2,
      uses: 2,
      usesWithReading: 0,
    });
    const [file] = readdirSync(project.versionsDir);
    const upgrade = project.read(`migrations/versions/${file}`).split('downgrade')[0]!;
    expect(upgrade).toMatch(/op\.dropPolicy\([^)]*w_happy/);
  }, 120_000);
});
