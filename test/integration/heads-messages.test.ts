import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { revisionSource, versionRows } from './runner-fixtures.js';

/*
 * Two heads, and a database at base. Each message about the heads names a way
 * out, and the test takes it: the command it names then does what it says.
 */

const EMPTY_MODEL = "import { defineMetadata } from 'athanor';\nexport const metadata = defineMetadata();\n";

function twoHeads(url: string): TempProject {
  const project = tempProject(url);
  project.write('models.ts', EMPTY_MODEL);
  const v = 'migrations/versions';
  project.write(`${v}/a1.ts`, revisionSource({ id: 'a1', down: null, date: '2026-01-01' }));
  project.write(`${v}/b2.ts`, revisionSource({ id: 'b2', down: 'a1', date: '2026-01-02' }));
  project.write(`${v}/c3.ts`, revisionSource({ id: 'c3', down: 'a1', date: '2026-01-03' }));
  return project;
}

async function ok(project: TempProject, ...argv: string[]): Promise<string> {
  const result = await project.migrate(...argv);
  expect([argv.join(' '), result.stderr, result.code]).toEqual([argv.join(' '), '', 0]);
  return result.stdout;
}

describe('messages about several heads', () => {
  it('revision --autogenerate says to merge, then to upgrade head, and each works', async () => {
    const db = await createTestDatabase();
    const project = twoHeads(db.url);
    const several = await project.migrate('revision', '--autogenerate', '-m', 'next');
    expect([several.code, several.stderr]).toEqual([
      2,
      'error [several-heads]: there are 2 heads (b2, c3); merge them first with `migrate merge heads -m MSG`, or choose one with --head',
    ]);
    await ok(project, 'merge', 'heads', '-m', 'join', '--rev-id', 'd4');
    const behind = await project.migrate('revision', '--autogenerate', '-m', 'next');
    expect([behind.code, behind.stderr]).toEqual([
      2,
      'error [not-at-head]: the database is not up to date (at base, head is d4); run `migrate upgrade head` before autogenerating',
    ]);
    await ok(project, 'upgrade', 'head');
    expect(await ok(project, 'revision', '--autogenerate', '-m', 'next', '--rev-id', 'e5')).toContain('No changes');
  });

  it('revision --autogenerate --head says to upgrade heads, which works', async () => {
    const db = await createTestDatabase();
    const project = twoHeads(db.url);
    await ok(project, 'upgrade', 'b2');
    const behind = await project.migrate('revision', '--autogenerate', '-m', 'next', '--head', 'c3');
    expect([behind.code, behind.stderr]).toEqual([
      2,
      'error [not-at-head]: the database is not up to date (at b2, heads are b2, c3); run `migrate upgrade heads` before autogenerating',
    ]);
    await ok(project, 'upgrade', 'heads');
    expect(await ok(project, 'revision', '--autogenerate', '-m', 'next', '--head', 'c3', '--rev-id', 'e5')).toContain(
      'No changes',
    );
  });

  it('check says to upgrade heads, which works; upgrade head says to merge or use heads', async () => {
    const db = await createTestDatabase();
    const project = twoHeads(db.url);
    await ok(project, 'upgrade', 'b2');
    const check = await project.migrate('check');
    expect(check.stdout.split('\n')[0]).toBe(
      'The database is at b2, behind the heads of the revision files (b2, c3): run `migrate upgrade heads`.',
    );
    const head = await project.migrate('upgrade', 'head');
    expect([head.code, head.stderr]).toEqual([
      2,
      'error [several-heads]: cannot use head: there are 2 heads (b2, c3); merge them with `migrate merge heads -m MSG`, or use `heads`, LABEL@head or a revision id',
    ]);
    await ok(project, 'upgrade', 'heads');
    expect(await versionRows(db.url)).toEqual(['b2', 'c3']);
    expect(await ok(project, 'check')).toBe('No differences: the database matches the model.');
  });

  it('a relative step and a history range name the forms that work from there', async () => {
    const db = await createTestDatabase();
    const project = twoHeads(db.url);
    await ok(project, 'upgrade', 'a1');
    const up = await project.migrate('upgrade', '+1');
    expect([up.code, up.stderr]).toEqual([
      2,
      'error [several-heads]: cannot use +1: there are 2 heads (b2, c3); merge them with `migrate merge heads -m MSG`, or say which head to move toward, e.g. `b2@+1`',
    ]);
    await ok(project, 'upgrade', 'b2@+1');
    expect(await versionRows(db.url)).toEqual(['b2']);
    await ok(project, 'upgrade', 'heads');
    const range = await project.migrate('history', '-r', '-1:current');
    expect([range.code, range.stderr]).toEqual([
      2,
      'error [several-heads]: -1 in a range needs one current revision; the database is at b2, c3: write it from one of them instead, e.g. `b2-1`',
    ]);
    expect(await ok(project, 'history', '-r', 'b2-1:current')).toContain('a1 -> b2');
  });
});
