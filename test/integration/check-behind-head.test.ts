import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';

const MODEL = `import { defineMetadata, serial, text } from 'athanor';
export const metadata = defineMetadata();
export const notes = metadata.table('notes', { id: serial().primaryKey(), body: text(), title: text() });
`;

describe('check on a database behind head', () => {
  it('says the database is not at head, with where it is and the head, and exits 1', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    project.write('models.ts', MODEL.replace(', title: text()', ''));
    expect((await project.migrate('revision', '--autogenerate', '-m', 'notes', '--rev-id', 'r1')).code).toBe(0);
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    project.write('models.ts', MODEL);
    const r2 = await project.migrate('revision', '--autogenerate', '-m', 'title', '--rev-id', 'r2');
    expect(r2.stderr).toBe('');
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    expect(await project.migrate('check')).toMatchObject({ code: 0 });

    expect((await project.migrate('downgrade', '-1')).code).toBe(0);
    const behind = await project.migrate('check');
    expect(behind.code).toBe(1);
    expect(behind.stdout.split('\n')[0]).toBe(
      'The database is at r1, behind the head of the revision files (r2): run `migrate upgrade head`.',
    );
    expect(behind.stdout).toContain('add column public.notes.title');
    const json = JSON.parse((await project.migrate('check', '--json')).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ clean: false, atHead: false, current: ['r1'], heads: ['r2'] });
  });

  it('refuses, with check, upgrade and revision --autogenerate, a database at a revision these files do not hold', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    project.write('models.ts', MODEL);
    expect((await project.migrate('revision', '--autogenerate', '-m', 'notes', '--rev-id', 'r1')).code).toBe(0);
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);

    // Another project on the same database, whose files do not hold r1: its model matches, which proves nothing.
    const other = tempProject(db.url);
    other.write('models.ts', MODEL);
    const expected =
      'error [unknown-current]: the database is at revision r1, which no file in the versions folder defines; restore the file, or correct the version table with `migrate stamp --purge REV`';
    for (const argv of [['check'], ['upgrade', 'head'], ['revision', '--autogenerate', '-m', 'more']]) {
      const result = await other.migrate(...argv);
      expect([argv.join(' '), result.code, result.stderr, result.stdout]).toEqual([argv.join(' '), 2, expected, '']);
    }
    expect(readdirSync(other.versionsDir)).toEqual([]);
  });
});
