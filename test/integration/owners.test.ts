import { cpSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql, type TestDatabase } from '../helpers/database.js';
import { aclFacts } from '../helpers/fixtures.js';
import { tempProject } from '../helpers/project.js';
import { testRoles } from '../helpers/roles.js';
import { expectClean, expectMutationsRestored, type PrivilegeMutation } from '../helpers/privilege-mutations.js';

/*
 * Owners in the model (`owners: true`): pulled from a database whose objects
 * belong to several roles, checked clean, built into an empty database with
 * every owner and ACL the same, given back by downgrade; owners changed by
 * hand, one kind of object at a time, seen by check, put back by
 * autogenerate and upgrade, given back by downgrade. Off (the default),
 * owners are neither read nor compared. A grant in the model to the role
 * that owns its object is the owner's own, and no drift.
 */

const roles = testRoles('owna', 'ownb', 'reader');
const [ownA, ownB, reader] = roles.names as [string, string, string];

const SCHEMA_SQL = `
CREATE SCHEMA app;
ALTER SCHEMA app OWNER TO "${ownA}";
CREATE TABLE app.items (id serial PRIMARY KEY, name text);
ALTER TABLE app.items OWNER TO "${ownA}";
CREATE TABLE app.mine (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
CREATE VIEW app.item_names AS SELECT id, name FROM app.items;
ALTER VIEW app.item_names OWNER TO "${ownB}";
CREATE MATERIALIZED VIEW app.item_count AS SELECT count(*) AS n FROM app.items;
ALTER MATERIALIZED VIEW app.item_count OWNER TO "${ownA}";
CREATE SEQUENCE app.counter;
ALTER SEQUENCE app.counter OWNER TO "${ownB}";
CREATE FUNCTION app.answer(integer) RETURNS integer LANGUAGE sql AS 'SELECT 42';
ALTER FUNCTION app.answer(integer) OWNER TO "${ownA}";
CREATE PROCEDURE app.tidy() LANGUAGE sql AS 'SELECT 1';
ALTER PROCEDURE app.tidy() OWNER TO "${ownB}";
CREATE TYPE app.mood AS ENUM ('ok', 'sad');
ALTER TYPE app.mood OWNER TO "${ownA}";
CREATE TYPE app.pair AS (a integer, b integer);
ALTER TYPE app.pair OWNER TO "${ownB}";
CREATE DOMAIN app.email AS text;
ALTER DOMAIN app.email OWNER TO "${ownA}";
GRANT SELECT ON app.items TO "${reader}";
`;

/** Every object's owner in the schema `app` (and the schema's), the session's read as `session`. */
async function ownerFacts(url: string): Promise<Record<string, unknown>[]> {
  return queryRows(
    url,
    `SELECT kind, name, CASE WHEN owner = current_user THEN 'session' ELSE owner END AS owner FROM (
       SELECT 'schema' AS kind, nspname::text AS name, pg_get_userbyid(nspowner)::text AS owner
       FROM pg_namespace WHERE nspname = 'app'
       UNION ALL
       SELECT 'relation', c.oid::regclass::text, pg_get_userbyid(c.relowner)::text
       FROM pg_class c WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'app') AND c.relkind NOT IN ('i', 'I', 't')
       UNION ALL
       SELECT 'routine', p.oid::regprocedure::text, pg_get_userbyid(p.proowner)::text
       FROM pg_proc p WHERE p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'app')
       UNION ALL
       SELECT 'type', t.oid::regtype::text, pg_get_userbyid(t.typowner)::text
       FROM pg_type t WHERE t.typnamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'app') AND t.typtype IN ('d', 'e', 'c') AND t.typcategory <> 'A'
     ) o ORDER BY kind, name COLLATE "C"`,
  );
}

async function facts(url: string): Promise<unknown[]> {
  return [...(await ownerFacts(url)), ...(await aclFacts(url))];
}

/** The schema of roles that own each other's objects first (`DROP OWNED` cannot take it), then the roles. */
async function dropAll(...dbs: TestDatabase[]): Promise<void> {
  for (const db of dbs) await runSql(db.url, 'DROP SCHEMA IF EXISTS app CASCADE').catch(() => undefined);
  await roles.drop(...dbs);
}

const CONFIG = "privileges: 'all',\n  owners: true,";

describe('owners in the model', { timeout: 600_000 }, () => {
  it('round-trips: pull, check clean, autogenerate into an empty database, same owners and ACLs, downgrade to empty', async () => {
    const source = await createTestDatabase();
    const target = await createTestDatabase();
    try {
      await roles.create(source);
      await roles.create(target);
      await runSql(source.url, SCHEMA_SQL);
      const pulled = tempProject(source.url, CONFIG);
      expect((await pulled.migrate('pull')).code).toBe(0);
      const model = pulled.read('models.ts');
      expect(model).toContain(`owner: '${ownA}',`);
      expect(model).toContain(`metadata.owner({ schema: 'app' }, '${ownA}');`);
      expect(model).toContain(`metadata.owner({ procedure: 'tidy', argumentTypes: '', schema: 'app' }, '${ownB}');`);
      expect(model).not.toMatch(/owner: '.*', \/\/ mine|metadata\.owner\(\{ table: 'mine'/);
      await expectClean(pulled);

      const empty = await facts(target.url);
      const project = tempProject(target.url, CONFIG);
      project.write('models.ts', model);
      const rev = await project.migrate('revision', '--autogenerate', '-m', 'initial', '--rev-id', 'own00001');
      expect(rev.stderr).toBe('');
      expect(rev.code).toBe(0);
      expect(project.read('migrations/versions/own00001_initial.ts')).toContain('op.alterOwner(');
      const up = await project.migrate('upgrade', 'head');
      expect(up.stderr).toBe('');
      expect(up.code).toBe(0);
      expect(await facts(target.url)).toEqual(await facts(source.url));
      await expectClean(project);
      expect((await project.migrate('downgrade', 'base')).code).toBe(0);
      expect(await facts(target.url)).toEqual(empty);
    } finally {
      await dropAll(source, target);
    }
  });

  it('sees each owner changed by hand; autogenerate and upgrade give it back, downgrade gives the change back', async () => {
    const db = await createTestDatabase();
    try {
      await roles.create(db);
      await runSql(db.url, SCHEMA_SQL);
      const project = tempProject(db.url, CONFIG);
      expect((await project.migrate('pull')).code).toBe(0);
      await expectClean(project);
      const mutations: PrivilegeMutation[] = [
        { sql: `ALTER SCHEMA app OWNER TO "${ownB}"`, sees: `give schema app to ${ownA} as its owner` },
        { sql: `ALTER TABLE app.items OWNER TO "${ownB}"`, sees: `give table app.items to ${ownA} as its owner` },
        {
          sql: `ALTER TABLE app.mine OWNER TO "${ownB}"`,
          sees: 'give table app.mine to the role the migrations run as as its owner',
        },
        { sql: 'ALTER TABLE app.items OWNER TO CURRENT_USER', sees: `give table app.items to ${ownA} as its owner` },
        { sql: `ALTER VIEW app.item_names OWNER TO "${ownA}"`, sees: `give view app.item_names to ${ownB}` },
        {
          sql: `ALTER MATERIALIZED VIEW app.item_count OWNER TO "${ownB}"`,
          sees: `give view app.item_count to ${ownA}`,
        },
        { sql: `ALTER SEQUENCE app.counter OWNER TO "${ownA}"`, sees: `give sequence app.counter to ${ownB}` },
        {
          sql: `ALTER FUNCTION app.answer(integer) OWNER TO "${ownB}"`,
          sees: `give function app.answer(integer) to ${ownA}`,
        },
        { sql: `ALTER PROCEDURE app.tidy() OWNER TO "${ownA}"`, sees: `give procedure app.tidy() to ${ownB}` },
        { sql: `ALTER TYPE app.mood OWNER TO "${ownB}"`, sees: `give type app.mood to ${ownA}` },
        { sql: `ALTER TYPE app.pair OWNER TO "${ownA}"`, sees: `give type app.pair to ${ownB}` },
        { sql: `ALTER DOMAIN app.email OWNER TO "${ownB}"`, sees: `give domain app.email to ${ownA}` },
      ];
      await expectMutationsRestored(db, project, mutations, () => facts(db.url));

      // Off, owners are not read: the same change is no difference.
      const off = tempProject(db.url, "privileges: 'all',");
      off.write('models.ts', project.read('models.ts'));
      cpSync(project.versionsDir, off.versionsDir, { recursive: true });
      await runSql(db.url, `ALTER TABLE app.items OWNER TO "${ownB}"`);
      await expectClean(off);
      expect((await off.migrate('pull', '--out', 'pulled.ts')).code).toBe(0);
      expect(off.read('pulled.ts')).not.toMatch(/owner/);
    } finally {
      await dropAll(db);
    }
  });

  it('refuses a model, and a revision, that gives an object to a role the database lacks: one line, nothing applied', async () => {
    const db = await createTestDatabase();
    const gone = testRoles('gone');
    try {
      await gone.create(db);
      const project = tempProject(db.url, 'owners: true,');
      const model = (role: string): string => `import { defineMetadata, integer } from 'athanor';

export const metadata = defineMetadata();
metadata.table('ledger', { id: integer().primaryKey() }, { owner: '${role}' });
`;
      project.write('models.ts', model('nobody_has_this_role'));
      const refused = await project.migrate('revision', '--autogenerate', '-m', 'ledger');
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/^error \[missing-roles\]: .*nobody_has_this_role/);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);

      project.write('models.ts', model(gone.names[0]!));
      expect((await project.migrate('revision', '--autogenerate', '-m', 'ledger', '--rev-id', 'led00001')).code).toBe(
        0,
      );
      await gone.drop(db);
      const up = await project.migrate('upgrade', 'head');
      expect(up.code).not.toBe(0);
      expect(up.stderr).toMatch(new RegExp(`^error \\[missing-roles\\]: .*${gone.names[0]!}.*nothing was applied`));
      expect(await queryRows(db.url, "SELECT to_regclass('public.ledger') AS t")).toEqual([{ t: null }]);
    } finally {
      await gone.drop(db);
    }
  });

  it("takes a grant in the model to the object's owner as the owner's own: no difference, with owners on or off", async () => {
    const db = await createTestDatabase();
    try {
      await roles.create(db);
      await runSql(
        db.url,
        `CREATE TABLE public.docs (id integer PRIMARY KEY);
         ALTER TABLE public.docs OWNER TO "${ownA}";
         GRANT SELECT ON public.docs TO "${reader}";
         CREATE TABLE public.notes (id integer PRIMARY KEY);
         GRANT SELECT ON public.notes TO "${reader}";`,
      );
      const model = (owner: string): string => `import { defineMetadata, grant, integer } from 'athanor';

export const metadata = defineMetadata();
metadata.table('docs', { id: integer().primaryKey() }, {
  ${owner}grants: [grant(['select'], ['${ownA}', '${reader}'])],
});
metadata.table('notes', { id: integer().primaryKey() }, {
  grants: [grant(['select'], '${reader}'), grant(['select', 'insert'], CURRENT)],
});
`;
      const session = (await queryRows<{ name: string }>(db.url, 'SELECT current_user::text AS name'))[0]!.name;
      const text = (owner: string): string => model(owner).replace('CURRENT', `'${session}'`);
      // The grants of these roles only: the public schema's to PUBLIC differ between versions.
      const privileges = `privileges: { roles: ['${reader}', '${ownA}', '${session}'] },`;
      const off = tempProject(db.url, privileges);
      off.write('models.ts', text(''));
      await expectClean(off);
      const on = tempProject(db.url, `${privileges}\n  owners: true,`);
      on.write('models.ts', text(`owner: '${ownA}',\n  `));
      await expectClean(on);
    } finally {
      await dropAll(db);
    }
  });
});
