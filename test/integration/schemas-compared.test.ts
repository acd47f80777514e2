import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';

const MODEL = `import { defineMetadata, integer } from 'athanor';
export const metadata = defineMetadata();
metadata.table('keep', { id: integer().primaryKey() });
`;

describe('which schemas a comparison covers', () => {
  it('leaves a schema the model stops naming alone, and drops it once `schemas` lists it', async () => {
    const db = await createTestDatabase();
    await runSql(
      db.url,
      'CREATE TABLE keep (id integer PRIMARY KEY); CREATE SCHEMA billing; CREATE TABLE billing.invoice (id integer);',
    );
    const project = tempProject(db.url);
    project.write('models.ts', MODEL);
    const quiet = await project.migrate('check');
    expect(quiet.stdout).toBe('No differences: the database matches the model.');
    expect(quiet.code).toBe(0);

    const listing = tempProject(db.url, "schemas: ['public', 'billing'],");
    listing.write('models.ts', MODEL);
    const rev = await listing.migrate('revision', '--autogenerate', '-m', 'drop billing');
    expect(rev.stderr).toBe('');
    expect(rev.code).toBe(0);
    expect((await listing.migrate('upgrade', 'head')).code).toBe(0);
    expect(await queryRows(db.url, "SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'billing'")).toEqual([
      { n: 0 },
    ]);
    expect((await listing.migrate('check')).code).toBe(0);
    expect((await listing.migrate('downgrade', 'base')).code).toBe(0);
    expect(await queryRows(db.url, 'SELECT count(*)::int AS n FROM billing.invoice')).toEqual([{ n: 0 }]);
  });

  it('refuses in one line a model using what a schema it leaves out lacks, saying to make it there first; then writes the revision', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url, "schemas: ['app'],");
    project.write(
      'models.ts',
      `import { defineMetadata, sql } from 'athanor';
export const metadata = defineMetadata({ schemas: ['app'] });
metadata.view('emails', sql\`SELECT 'a'::public.citext AS email\`, { schema: 'app' });
`,
    );
    const refused = await project.migrate('revision', '--autogenerate', '-m', 'emails');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain(
      'type "public.citext" does not exist. Schema public is not in `schemas`, so the model does not make what it uses there: it must be in this database first (an extension: CREATE EXTENSION ... SCHEMA public)',
    );
    expect(refused.stderr).not.toContain('limitation');

    await runSql(db.url, 'CREATE EXTENSION citext SCHEMA public');
    const written = await project.migrate('revision', '--autogenerate', '-m', 'emails');
    expect([written.code, written.stderr]).toEqual([0, '']);
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    expect((await project.migrate('check')).code).toBe(0);
  });
});
