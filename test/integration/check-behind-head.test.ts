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

  it('exits 0 when the model matches a database at a revision these files do not hold (a model pulled into a new project)', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    project.write('models.ts', MODEL);
    expect((await project.migrate('revision', '--autogenerate', '-m', 'notes', '--rev-id', 'r1')).code).toBe(0);
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);

    const pulledInto = tempProject(db.url);
    expect((await pulledInto.migrate('pull')).code).toBe(0);
    const check = await pulledInto.migrate('check');
    expect(check.stdout.split('\n')[0]).toBe(
      'The database is at r1, not at the head of the revision files (base): see `migrate current` and `migrate heads`.',
    );
    expect(check.code).toBe(0);
  });
});
