import { describe, expect, it } from 'vitest';
import { createTestDatabase, runSql } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';

const CLEAN = 'No differences: the database matches the model.';

const schemasFile = '.athanor/compared-schemas.json';

describe('reading the database while the model loads', () => {
  it('starts on the schemas the last comparison read, and reads again when the model asks for others', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      `CREATE SCHEMA app;
       CREATE TABLE app.items (id integer PRIMARY KEY, name text NOT NULL);
       CREATE TABLE public.notes (id integer PRIMARY KEY);
       CREATE SCHEMA other;
       CREATE TABLE other.stray (id integer);`,
    );
    const project = tempProject(db.url, "schemas: ['app', 'public'],");
    expect((await project.migrate('pull')).code).toBe(0);
    expect(JSON.parse(project.read(schemasFile))).toEqual({ schemas: ['app', 'public'] });
    expect(await project.migrate('check')).toMatchObject({ code: 0, stdout: CLEAN });

    // A guess that misses a schema of the model: read on it, `app.items` would be missing.
    project.write(schemasFile, JSON.stringify({ schemas: ['public'] }));
    expect(await project.migrate('check')).toMatchObject({ code: 0, stdout: CLEAN });
    expect(JSON.parse(project.read(schemasFile))).toEqual({ schemas: ['app', 'public'] });

    // A guess with one schema too many: read on it, `other.stray` would be dropped.
    project.write(schemasFile, JSON.stringify({ schemas: ['app', 'other', 'public'] }));
    expect(await project.migrate('check')).toMatchObject({ code: 0, stdout: CLEAN });
    expect(JSON.parse(project.read(schemasFile))).toEqual({ schemas: ['app', 'public'] });

    // Something else than a list of names reads as no guess.
    project.write(schemasFile, '{"schemas": [1]');
    expect(await project.migrate('check')).toMatchObject({ code: 0, stdout: CLEAN });
    expect(JSON.parse(project.read(schemasFile))).toEqual({ schemas: ['app', 'public'] });

    // A change the model makes is seen whichever way the reading started.
    project.write('models.ts', project.read('models.ts').replace('name: text().notNull(),', 'name: text(),'));
    const drift = await project.migrate('check');
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/app\.items/);
  }, 120_000);

  it('reports a model that does not load as before, with the reading started and then left', async () => {
    const db = await createTestDatabase();
    await runSql(db.url, 'CREATE TABLE notes (id integer PRIMARY KEY);');
    const project = tempProject(db.url);
    expect((await project.migrate('pull')).code).toBe(0);
    const model = project.read('models.ts');
    project.write('models.ts', `${model}\nexport const broken = ;\n`);
    const failed = await project.migrate('check');
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(
      /cannot load model .*models\.ts: line \d+, column \d+ of models\.ts: Unexpected token/,
    );
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    project.write('models.ts', model);
    expect(await project.migrate('check')).toMatchObject({ code: 0, stdout: CLEAN });
  }, 120_000);
});
