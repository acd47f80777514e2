import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { describe, expect, it } from 'vitest';
import { adminUrl, createTestDatabase, queryRows, runSql, testTarget, type TestDatabase } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';
import { testRoles } from '../helpers/roles.js';
import { expectClean, expectMutationsRestored, type PrivilegeMutation } from '../helpers/privilege-mutations.js';

/*
 * Default privileges end to end: read from pg_default_acl, pulled, compared
 * by check, restored by autogenerate and upgrade, given back by downgrade.
 * Roles belong to the cluster: on a server they are named with a random
 * suffix and dropped after the test (DROP OWNED takes their entries out of
 * pg_default_acl first); a PGlite directory is a cluster of its own.
 */

const roles = testRoles('owner', 'anon', 'auth');
const [owner, anon, auth] = roles.names as [string, string, string];
const createRoles = (db: TestDatabase): Promise<void> => roles.create(db);
const dropRoles = (dbs: readonly TestDatabase[]): Promise<void> => roles.drop(...dbs);

/** Every entry of pg_default_acl as Postgres stores it, its ACL's items sorted. */
const DEFAULT_ACLS_SQL = `
SELECT defaclrole::regrole::text AS role, defaclnamespace::regnamespace::text AS schema,
  defaclobjtype::text AS objtype, (SELECT string_agg(i::text, ',' ORDER BY i::text) FROM unnest(defaclacl) i) AS acl
FROM pg_default_acl ORDER BY 1, 2, 3`;

const acls = (db: TestDatabase): Promise<unknown[]> => queryRows(db.url, DEFAULT_ACLS_SQL);

/** Whether the server has the MAINTAIN privilege: PostgreSQL 17 and later, and PGlite (built on 18). */
const HEAVY_ON_PGLITE = testTarget() === 'pglite' && process.env.TEST_PGLITE_FULL !== '1';

const maintainable = (): boolean => testTarget() === 'pglite' || (inject('serverVersion') ?? 0) >= 170000;

/**
 * Global entries of the session's role (one taking a hard-wired default
 * away), entries for one schema (some granting to the role itself, as
 * Supabase's schemas have them), and entries of another role (FOR ROLE).
 */
const SCHEMA_SQL = `
CREATE SCHEMA api;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO "${anon}";
ALTER DEFAULT PRIVILEGES IN SCHEMA api GRANT INSERT, UPDATE ON TABLES TO "${auth}" WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES IN SCHEMA api GRANT EXECUTE ON ROUTINES TO "${anon}";
ALTER DEFAULT PRIVILEGES FOR ROLE "${owner}" REVOKE USAGE ON TYPES FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE "${owner}" GRANT USAGE ON SCHEMAS TO "${anon}" WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES FOR ROLE "${owner}" IN SCHEMA api GRANT USAGE, SELECT ON SEQUENCES TO "${auth}";
ALTER DEFAULT PRIVILEGES IN SCHEMA api GRANT SELECT, DELETE ON TABLES TO CURRENT_USER;
ALTER DEFAULT PRIVILEGES FOR ROLE "${owner}" IN SCHEMA api GRANT USAGE ON SEQUENCES TO "${owner}";
ALTER DEFAULT PRIVILEGES REVOKE REFERENCES ON TABLES FROM CURRENT_USER;
ALTER DEFAULT PRIVILEGES FOR ROLE "${owner}" REVOKE TRUNCATE ON TABLES FROM "${owner}";
ALTER DEFAULT PRIVILEGES FOR ROLE "${owner}" GRANT SELECT ON TABLES TO "${owner}" WITH GRANT OPTION;
`;

// Each change is an autogenerate, an upgrade, a downgrade and an upgrade again: slow on PGlite.
describe('default privileges', { timeout: 240_000 }, () => {
  it('pull writes them, check is clean, autogenerate into an empty database gives the same pg_default_acl, downgrade removes them', async () => {
    const source = await createTestDatabase();
    const target = await createTestDatabase();
    try {
      await createRoles(source);
      await runSql(source.url, SCHEMA_SQL);
      const pulled = tempProject(source.url, "privileges: 'all',");
      const pulling = await pulled.migrate('pull');
      expect(pulling.stderr).toBe('');
      expect(pulling.code).toBe(0);
      const model = pulled.read('models.ts');
      expect(model).toContain(
        ["metadata.defaultPrivileges({ on: 'functions' }, [", "  revoke(['execute'], 'PUBLIC'),", ']);'].join('\n'),
      );
      const [{ session }] = (await queryRows(source.url, 'SELECT current_user AS session')) as [{ session: string }];
      expect(model).toContain(
        [
          "metadata.defaultPrivileges({ on: 'tables', inSchema: 'api' }, [",
          `  grant(['insert', 'update'], '${auth}', { withGrantOption: true }),`,
          `  grant(['select', 'delete'], '${session}'),`,
          ']);',
        ].join('\n'),
      );
      expect(model).toContain(`metadata.defaultPrivileges({ on: 'types', forRole: '${owner}' }, [`);
      expect(model).toContain(
        `metadata.defaultPrivileges({ on: 'sequences', forRole: '${owner}', inSchema: 'api' }, [`,
      );
      expect(model).not.toContain("forRole: 'postgres'");
      // What the creating role takes away from itself: the new object's owner's own.
      expect(model).toContain("  revoke(['references'], 'OWNER'),");
      expect(model).toContain(
        [
          `metadata.defaultPrivileges({ on: 'tables', forRole: '${owner}' }, [`,
          // The grant option a role's defaults give the new object's owner (which holds it anyway).
          "  grant(['select'], 'OWNER', { withGrantOption: true }),",
          "  revoke(['truncate'], 'OWNER'),",
        ].join('\n'),
      );
      await expectClean(pulled);

      await createRoles(target);
      const fresh = await acls(target);
      const project = tempProject(target.url, "privileges: 'all',");
      project.write('models.ts', model);
      const rev = await project.migrate('revision', '--autogenerate', '-m', 'initial', '--rev-id', 'dflt0001');
      expect(rev.stderr).toBe('');
      expect(rev.code).toBe(0);
      expect((await project.migrate('upgrade', 'head')).code).toBe(0);
      expect(await acls(target)).toEqual(await acls(source));
      await expectClean(project);
      if (testTarget() === 'server') {
        // migrate test: upgraded, downgraded and upgraded again in a scratch database, compared exactly (the roles are the cluster's).
        const tested = await project.migrate('test', '--url', adminUrl());
        expect(tested.stderr).toBe('');
        expect(tested.code).toBe(0);
      }

      const down = await project.migrate('downgrade', 'base');
      expect(down.stderr).toBe('');
      expect(down.code).toBe(0);
      expect(await acls(target)).toEqual(fresh);
    } finally {
      await dropRoles([source, target]);
    }
  });

  // Eight changes, each through the CLI six times: like the mutation suites, on PGlite only with TEST_PGLITE_FULL=1.
  skipWhen(HEAVY_ON_PGLITE, 'slow on PGlite: runs there only with TEST_PGLITE_FULL=1').it(
    'check sees each change; autogenerate and upgrade restore pg_default_acl exactly, downgrade gives the change back',
    async () => {
      const db = await createTestDatabase();
      try {
        await createRoles(db);
        await runSql(db.url, SCHEMA_SQL);
        const project = tempProject(db.url, "privileges: 'all',");
        expect((await project.migrate('pull')).code).toBe(0);
        await expectClean(project);
        const mutations: PrivilegeMutation[] = [
          // Added: a global entry, and one for a schema.
          {
            sql: `ALTER DEFAULT PRIVILEGES GRANT DELETE ON TABLES TO "${auth}"`,
            sees: `revoke delete on new tables from ${auth} by default`,
          },
          {
            sql: `ALTER DEFAULT PRIVILEGES IN SCHEMA api GRANT USAGE ON TYPES TO "${anon}" WITH GRANT OPTION`,
            sees: `revoke usage on new types in schema api from ${anon} by default`,
          },
          // Revoked: a global one, one for a schema, and a hard-wired default given back.
          {
            sql: `ALTER DEFAULT PRIVILEGES REVOKE SELECT ON TABLES FROM "${anon}"`,
            sees: `grant select on new tables to ${anon} by default`,
          },
          {
            sql: `ALTER DEFAULT PRIVILEGES IN SCHEMA api REVOKE INSERT ON TABLES FROM "${auth}"`,
            sees: `grant insert on new tables in schema api to ${auth} with grant option by default`,
          },
          {
            sql: `ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO PUBLIC`,
            sees: 'revoke execute on new functions from PUBLIC by default',
          },
          // Changed: the grant option taken away (for a schema), and given (globally, of another role).
          {
            sql: `ALTER DEFAULT PRIVILEGES IN SCHEMA api REVOKE GRANT OPTION FOR UPDATE ON TABLES FROM "${auth}"`,
            sees: `grant update on new tables in schema api to ${auth} with grant option by default`,
          },
          {
            sql: `ALTER DEFAULT PRIVILEGES FOR ROLE "${owner}" REVOKE ALL ON SCHEMAS FROM "${anon}";
                ALTER DEFAULT PRIVILEGES FOR ROLE "${owner}" GRANT USAGE ON SCHEMAS TO "${anon}"`,
            sees: `grant usage on new schemas of ${owner} to ${anon} with grant option by default`,
          },
        ];
        mutations.push(
          {
            sql: 'ALTER DEFAULT PRIVILEGES GRANT REFERENCES ON TABLES TO CURRENT_USER',
            sees: 'revoke references on new tables from its owner by default',
          },
          {
            sql: `ALTER DEFAULT PRIVILEGES FOR ROLE "${owner}" REVOKE SELECT ON TABLES FROM "${owner}"`,
            sees: `grant select on new tables of ${owner} to its owner by default`,
          },
        );
        if (maintainable())
          mutations.push({
            sql: `ALTER DEFAULT PRIVILEGES IN SCHEMA api GRANT MAINTAIN ON TABLES TO "${auth}"`,
            sees: `revoke maintain on new tables in schema api from ${auth} by default`,
          });
        await expectMutationsRestored(db, project, mutations, () => acls(db));
      } finally {
        await dropRoles([db]);
      }
    },
  );

  it("reads only the roles the setting names, nothing under 'none'; forRole naming the session's role is the same as none", async () => {
    const db = await createTestDatabase();
    try {
      await createRoles(db);
      await runSql(db.url, SCHEMA_SQL);
      const some = tempProject(db.url, `privileges: { roles: ['${anon}'] },`);
      expect((await some.migrate('pull')).code).toBe(0);
      const model = some.read('models.ts');
      expect(model).toContain(`'${anon}'`);
      expect(model).not.toContain(`'${auth}'`);
      expect(model).not.toContain("'PUBLIC'");
      await expectClean(some);
      await runSql(db.url, `ALTER DEFAULT PRIVILEGES GRANT DELETE ON TABLES TO "${auth}"`);
      await expectClean(some);

      const none = tempProject(db.url);
      expect((await none.migrate('pull')).code).toBe(0);
      expect(none.read('models.ts')).not.toContain('defaultPrivileges');
      await expectClean(none);

      const [{ session }] = await queryRows<{ session: string }>(db.url, 'SELECT current_user::text AS session');
      const named = tempProject(db.url, `privileges: { roles: ['${anon}'] },`);
      named.write('models.ts', model.replace("{ on: 'tables' }", `{ on: 'tables', forRole: '${session}' }`));
      expect(named.read('models.ts')).toContain(`forRole: '${session}'`);
      await expectClean(named);
    } finally {
      await dropRoles([db]);
    }
  });

  it('a table made once the defaults are set has their grants: declared in the model, kept; left out, taken away after', async () => {
    const db = await createTestDatabase();
    try {
      await createRoles(db);
      const project = tempProject(db.url, `privileges: { roles: ['${anon}', '${auth}'] },`);
      const model = (tables: string): string => `import { defineMetadata, grant, integer } from 'athanor';
export const metadata = defineMetadata({ schemas: ['api'] });
const readers = [grant(['select'], '${anon}')];
metadata.defaultPrivileges({ on: 'tables', inSchema: 'api' }, readers);
${tables}
`;
      const a = `export const a = metadata.table('a', { id: integer() }, { schema: 'api', grants: readers });`;
      const b = `export const b = metadata.table('b', { id: integer() }, { schema: 'api', grants: readers });`;
      const c = `export const c = metadata.table('c', { id: integer() }, { schema: 'api' });`;
      project.write('models.ts', model(a));
      expect((await project.migrate('revision', '--autogenerate', '-m', 'a', '--rev-id', 'tbl00001')).code).toBe(0);
      expect((await project.migrate('upgrade', 'head')).code).toBe(0);
      await expectClean(project);

      project.write('models.ts', model(`${a}\n${b}`));
      expect((await project.migrate('revision', '--autogenerate', '-m', 'b', '--rev-id', 'tbl00002')).code).toBe(0);
      expect((await project.migrate('upgrade', 'head')).code).toBe(0);
      await expectClean(project);
      const acl = `SELECT relacl::text AS acl FROM pg_class WHERE oid = 'api.b'::regclass`;
      expect((await queryRows<{ acl: string }>(db.url, acl))[0]!.acl).toContain(`${anon}=r/`);

      // The default gives c what the model leaves out: the revision takes it away once c is made.
      project.write('models.ts', model(`${a}\n${b}\n${c}`));
      const written = await project.migrate('revision', '--autogenerate', '-m', 'c', '--rev-id', 'tbl00003');
      expect(written.code).toBe(0);
      expect(written.stdout).toContain(`revoke select on table api.c from ${anon}`);
      expect((await project.migrate('upgrade', 'head')).code).toBe(0);
      await expectClean(project);
      const aclOfC = `SELECT coalesce(relacl::text, '') AS acl FROM pg_class WHERE oid = 'api.c'::regclass`;
      expect((await queryRows<{ acl: string }>(db.url, aclOfC))[0]!.acl).not.toContain(`${anon}=`);

      // Dropped, then made again by the downgrade: the default's grant is taken away there too.
      project.write('models.ts', model(`${a}\n${b}`));
      expect((await project.migrate('revision', '--autogenerate', '-m', 'no c', '--rev-id', 'tbl00004')).code).toBe(0);
      expect((await project.migrate('upgrade', 'head')).code).toBe(0);
      expect((await project.migrate('downgrade', '-1')).code).toBe(0);
      expect((await queryRows<{ acl: string }>(db.url, aclOfC))[0]!.acl).not.toContain(`${anon}=`);
      // Back at the revision that made c, with its model: nothing differs.
      for (const file of readdirSync(project.versionsDir))
        if (file.startsWith('tbl00004')) rmSync(join(project.versionsDir, file));
      project.write('models.ts', model(`${a}\n${b}\n${c}`));
      await expectClean(project);

      expect((await project.migrate('downgrade', 'base')).code).toBe(0);
      expect(await acls(db)).toEqual([]);
    } finally {
      await dropRoles([db]);
    }
  });

  it("the owner's grant option the defaults give a new table: kept where declared, taken away where not", async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url, "privileges: 'all',");
    const model = (tables: string): string => `import { defineMetadata, grant, integer } from 'athanor';
export const metadata = defineMetadata({ schemas: ['app'] });
const option = [grant(['select'], 'OWNER', { withGrantOption: true })];
metadata.defaultPrivileges({ on: 'tables' }, option);
${tables}
`;
    const a = `export const a = metadata.table('a', { id: integer() }, { schema: 'app', grants: option });`;
    const b = `export const b = metadata.table('b', { id: integer() }, { schema: 'app' });`;
    const acl = (table: string): Promise<{ acl: string }[]> =>
      queryRows(db.url, `SELECT coalesce(relacl::text, '') AS acl FROM pg_class WHERE oid = 'app.${table}'::regclass`);
    project.write('models.ts', model(a));
    expect((await project.migrate('revision', '--autogenerate', '-m', 'a', '--rev-id', 'opt00001')).code).toBe(0);
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    await expectClean(project);
    expect((await acl('a'))[0]!.acl).toMatch(/=ar\*wdDxtm?\//);

    // Made once the default is set, b gets the option from it, which the model does not give b.
    project.write('models.ts', model(`${a}\n${b}`));
    const written = await project.migrate('revision', '--autogenerate', '-m', 'b', '--rev-id', 'opt00002');
    expect(written.code).toBe(0);
    expect(written.stdout).toContain('take the grant option for select on table app.b from its owner');
    expect((await project.migrate('upgrade', 'head')).code).toBe(0);
    await expectClean(project);
    expect((await acl('b'))[0]!.acl).not.toContain('*');

    expect((await project.migrate('downgrade', 'base')).code).toBe(0);
    expect(await acls(db)).toEqual([]);
  });

  it("takes away what the defaults give a serial's and an identity's own sequence; the version table's sequence is not the model's", async () => {
    const db = await createTestDatabase();
    try {
      await createRoles(db);
      await runSql(db.url, `ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT ON SEQUENCES TO "${anon}";`);
      const project = tempProject(db.url, `privileges: { roles: ['${anon}'] },`);
      project.write(
        'models.ts',
        `import { bigint, defineMetadata, grant, serial } from 'athanor';
export const metadata = defineMetadata();
metadata.defaultPrivileges({ on: 'sequences' }, [grant(['usage', 'select'], '${anon}')]);
export const t = metadata.table('t', { id: serial().primaryKey(), n: bigint().identity('always') });
`,
      );
      expect((await project.migrate('stamp', 'base')).code).toBe(0);
      const written = await project.migrate('revision', '--autogenerate', '-m', 't', '--rev-id', 'seq00001');
      expect(written.code).toBe(0);
      expect(written.stdout).toContain(`revoke select, usage on sequence public.t_id_seq from ${anon}`);
      expect(written.stdout).toContain(`revoke select, usage on sequence public.t_n_seq from ${anon}`);
      expect(written.stdout).not.toContain('athanor_version');
      expect((await project.migrate('upgrade', 'head')).code).toBe(0);
      await expectClean(project);
      const acl = `SELECT coalesce(string_agg(relacl::text, ' '), '') AS acl FROM pg_class WHERE relname IN ('t_id_seq', 't_n_seq')`;
      expect((await queryRows<{ acl: string }>(db.url, acl))[0]!.acl).not.toContain(`${anon}=`);
      expect((await project.migrate('downgrade', 'base')).code).toBe(0);
      expect((await project.migrate('upgrade', 'head')).code).toBe(0);
      await expectClean(project);
    } finally {
      await dropRoles([db]);
    }
  });

  it('refuses a model granting MAINTAIN before PostgreSQL 17, naming the version, before anything runs', async () => {
    const db = await createTestDatabase();
    const project = tempProject(db.url, "privileges: 'all',");
    project.write(
      'models.ts',
      `import { defineMetadata, grant, text } from 'athanor';
export const metadata = defineMetadata();
export const items = metadata.table('items', { name: text() }, { grants: [grant(['maintain'], 'PUBLIC')] });
`,
    );
    const checked = await project.migrate('check');
    if (maintainable()) {
      expect(checked.stderr).toBe('');
      expect(checked.code).toBe(1);
      return;
    }
    expect(checked.code).toBe(2);
    expect(checked.stderr.split('\n')[0]).toMatch(
      /^error \[server-version\]: the model uses what PostgreSQL 1\d\.\d+, the server's version, does not have: the grant of MAINTAIN on table public\.items to PUBLIC, which needs PostgreSQL 17 or later;/,
    );
    const items = `SELECT count(*)::int AS n FROM pg_class WHERE relname = 'items'`;
    expect(await queryRows(db.url, items)).toEqual([{ n: 0 }]);
  });
});
