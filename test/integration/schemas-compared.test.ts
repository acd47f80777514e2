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

describe('foreign keys to a table outside the model', () => {
  // A platform's users table (auth.users) that the application's tables refer to, in a schema it does not compare.
  const PLATFORM = `CREATE SCHEMA auth; CREATE TABLE auth.users (id integer PRIMARY KEY, email text UNIQUE);
    CREATE TABLE public.profile (id integer PRIMARY KEY REFERENCES auth.users ON DELETE CASCADE, email text,
      CONSTRAINT profile_email_fkey FOREIGN KEY (email) REFERENCES auth.users (email) ON UPDATE CASCADE);`;

  it('pull writes them with outsideTable(); check is clean, one dropped by hand is added back and given back', async () => {
    const db = await createTestDatabase();
    await runSql(db.url, PLATFORM);
    const project = tempProject(db.url, "schemas: ['public'],");
    expect((await project.migrate('pull')).code).toBe(0);
    const models = project.read('models.ts');
    expect(models).toContain(
      "foreignKey(['id'], () => outsideTable('auth', 'users'), ['id'], { onDelete: 'cascade' })",
    );
    expect(models).toContain(
      "foreignKey(['email'], () => outsideTable('auth', 'users'), ['email'], { onUpdate: 'cascade' })",
    );
    expect((await project.migrate('check')).code).toBe(0);

    await runSql(db.url, 'ALTER TABLE public.profile DROP CONSTRAINT profile_id_fkey;');
    const check = await project.migrate('check');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('add foreign key profile_id_fkey on public.profile');
    const rev = await project.migrate('revision', '--autogenerate', '-m', 'back');
    expect(rev.stderr).toBe('');
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    expect((await project.migrate('check')).code).toBe(0);
    const keys =
      "SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = 'public.profile'::regclass AND contype = 'f'";
    expect(await queryRows(db.url, keys)).toEqual([{ n: 2 }]);
    expect((await project.migrate('downgrade', '-1')).code).toBe(0);
    expect(await queryRows(db.url, keys)).toEqual([{ n: 1 }]);
  });

  it('refuses one to a table of a schema the model declares tables in, saying to declare it', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url);
    project.write(
      'models.ts',
      `import { defineMetadata, foreignKey, integer, outsideTable } from 'athanor';
export const metadata = defineMetadata();
metadata.table('users', { id: integer().primaryKey() });
metadata.table('profile', { id: integer().primaryKey() }, {
  foreignKeys: [foreignKey(['id'], () => outsideTable('public', 'accounts'), ['id'])],
});
`,
    );
    const check = await project.migrate('check');
    expect(check.code).toBe(2);
    expect(check.stderr).toContain(
      "outsideTable('public', 'accounts') is in a schema the model declares tables in; declare the table with metadata.table()",
    );
  });
});
