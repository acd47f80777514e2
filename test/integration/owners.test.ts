import { describe, expect, inject, it } from 'vitest';
import { skipWhen } from '../helpers/skips.js';
import { createTestDatabase, queryRows, runSql, type TestDatabase } from '../helpers/database.js';
import { dropOwnedSchema, ownedSchemaSql, ownerAndAclFacts } from '../helpers/owners.js';
import { tempProject } from '../helpers/project.js';
import { testRoles } from '../helpers/roles.js';
import { expectClean } from '../helpers/privilege-mutations.js';

/*
 * Owners in the model (`owners: true`): pulled from a database whose objects
 * belong to several roles, checked clean, built into an empty database with
 * every owner and ACL the same, given back by downgrade (owners changed by
 * hand: mutations-owners.test.ts). A role the database lacks is refused. A
 * grant in the model to the role that owns its object is the owner's own,
 * and no drift.
 */

const roles = testRoles('owna', 'ownb', 'reader');
const [ownA, ownB, reader] = roles.names as [string, string, string];

const SCHEMA_SQL = ownedSchemaSql(ownA, ownB, reader);
const facts = ownerAndAclFacts;
const dropAll = (...dbs: TestDatabase[]): Promise<void> => dropOwnedSchema(roles, ...dbs);

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
      expect(model).toContain(`metadata.owner({ foreignServer: 'own_srv' }, '${ownB}');`);
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

  skipWhen(
    (inject('serverVersion') ?? 0) < 140000,
    'before PostgreSQL 14 the public schema belongs to the bootstrap superuser, the role these tests run as',
  ).it(
    'a public schema made again belongs to its maker: pulled, given to it in an empty database, given back on downgrade',
    async () => {
      // The databases are dropped when the test ends; no role of the test owns anything in them.
      const source = await createTestDatabase();
      const target = await createTestDatabase();
      await runSql(source.url, 'DROP SCHEMA public CASCADE; CREATE SCHEMA public; CREATE TABLE public.t (id integer);');
      const pulled = tempProject(source.url, CONFIG);
      expect((await pulled.migrate('pull')).code).toBe(0);
      const model = pulled.read('models.ts');
      const [{ maker }] = (await queryRows(source.url, 'SELECT current_user::text AS maker')) as [{ maker: string }];
      expect(model).toContain(`metadata.owner({ schema: 'public' }, '${maker}');`);
      await expectClean(pulled);

      const empty = await facts(target.url);
      const project = tempProject(target.url, CONFIG);
      project.write('models.ts', model);
      const rev = await project.migrate('revision', '--autogenerate', '-m', 'initial');
      expect(rev.stdout).toContain(`give schema public to ${maker} as its owner`);
      expect((await project.migrate('upgrade', 'head')).code).toBe(0);
      expect(await facts(target.url)).toEqual(await facts(source.url));
      await expectClean(project);
      expect((await project.migrate('downgrade', 'base')).code).toBe(0);
      expect(await facts(target.url)).toEqual(empty);
    },
  );

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
      // Dropped in the database's own cluster (a PGlite directory is one of its own).
      await runSql(db.url, `DROP ROLE "${gone.names[0]!}"`);
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
