import { readdirSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { adminUrl, createTestDatabase, queryRows, runSql, testTarget, type TestDatabase } from '../helpers/database.js';
import { aclFacts, expectSameSchema } from '../helpers/fixtures.js';
import { tempProject } from '../helpers/project.js';
import { testRoles } from '../helpers/roles.js';
import { skipWhen } from '../helpers/skips.js';

/*
 * Privileges end to end, on a PostgREST/Supabase-shaped schema: roles anon,
 * authenticated and service_role, grants per table and per column, row-level
 * security policies, a routine whose default EXECUTE to PUBLIC is revoked.
 * Roles belong to the cluster: on a server they are named with a random
 * suffix and dropped after the test; a PGlite directory is a cluster of its own.
 */

const roles = testRoles('anon', 'authenticated', 'service_role');
const [anon, authenticated, serviceRole] = roles.names as [string, string, string];
/** The suffix the roles' names share, for the roles a test makes of its own. */
const suffix = anon.slice('anon_'.length);
const createRoles = (db: TestDatabase): Promise<void> => roles.create(db);
const dropRoles = (dbs: readonly TestDatabase[]): Promise<void> => roles.drop(...dbs);

const SCHEMA_SQL = `
CREATE SCHEMA api;
CREATE TABLE public.profiles (id uuid PRIMARY KEY, name text, email text, owner_id uuid);
ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_profile ON public.profiles FOR SELECT TO "${authenticated}" USING (true);
CREATE POLICY read_profiles ON public.profiles FOR SELECT TO "${anon}" USING (true);
CREATE TABLE public.notes (id bigserial PRIMARY KEY, body text);
CREATE VIEW public.note_bodies AS SELECT id, body FROM public.notes;
CREATE SEQUENCE public.counter;
CREATE FUNCTION public.add(a integer, b integer) RETURNS integer LANGUAGE sql AS 'SELECT a + b';
CREATE FUNCTION api.secret() RETURNS integer LANGUAGE sql AS 'SELECT 42';
CREATE PROCEDURE api.tidy() LANGUAGE sql AS 'SELECT 1';
REVOKE EXECUTE ON FUNCTION api.secret() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.secret() TO "${serviceRole}";
GRANT EXECUTE ON PROCEDURE api.tidy() TO "${serviceRole}" WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION public.add(integer, integer) TO "${anon}";
GRANT USAGE ON SCHEMA public TO "${anon}", "${authenticated}", "${serviceRole}";
GRANT USAGE ON SCHEMA api TO "${serviceRole}";
GRANT SELECT ON public.profiles TO "${anon}";
GRANT UPDATE (name, email) ON public.profiles TO "${anon}";
GRANT SELECT, INSERT, UPDATE, DELETE ON public.profiles TO "${authenticated}";
GRANT ALL ON public.profiles TO "${serviceRole}" WITH GRANT OPTION;
GRANT SELECT, INSERT ON public.notes TO "${authenticated}";
GRANT SELECT ON public.note_bodies TO "${anon}";
GRANT USAGE, SELECT ON SEQUENCE public.notes_id_seq TO "${authenticated}";
GRANT USAGE ON SEQUENCE public.counter TO "${authenticated}";
CREATE TABLE public.plain (id integer);
GRANT SELECT ON public.plain TO "${anon}";
REVOKE SELECT ON public.plain FROM "${anon}";
CREATE FUNCTION public.plain_f() RETURNS integer LANGUAGE sql AS 'SELECT 1';
REVOKE EXECUTE ON FUNCTION public.plain_f() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.plain_f() TO PUBLIC;
CREATE TYPE public.mood AS ENUM ('ok', 'sad');
REVOKE USAGE ON TYPE public.mood FROM PUBLIC;
GRANT USAGE ON TYPE public.mood TO "${anon}";
CREATE TYPE api.pair AS (a integer, b text);
GRANT USAGE ON TYPE api.pair TO "${serviceRole}";
CREATE DOMAIN api.email AS text;
GRANT USAGE ON DOMAIN api.email TO "${authenticated}" WITH GRANT OPTION;
`;

/** Default privileges as a Supabase project sets them: per schema for the API roles, and PUBLIC's EXECUTE on new routines taken away. */
const DEFAULTS_SQL = `
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO "${anon}";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO "${authenticated}", "${serviceRole}";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "${authenticated}";
ALTER DEFAULT PRIVILEGES IN SCHEMA api GRANT EXECUTE ON FUNCTIONS TO "${serviceRole}";
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
`;

/**
 * Every ACL of the two schemas as the server computes it (a NULL one is the
 * kind's default), entries sorted (their order is the order of the grants).
 */
const ACLS_SQL = `
WITH acl(kind, name, items) AS (
  SELECT 'relation', n.nspname || '.' || c.relname,
    COALESCE(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname IN ('public', 'api')
  UNION ALL
  SELECT 'column', n.nspname || '.' || c.relname || '.' || a.attname, a.attacl
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname IN ('public', 'api') AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT 'schema', n.nspname, COALESCE(n.nspacl, acldefault('n', n.nspowner))
  FROM pg_namespace n WHERE n.nspname IN ('public', 'api')
  UNION ALL
  SELECT 'routine', n.nspname || '.' || p.proname, COALESCE(p.proacl, acldefault('f', p.proowner))
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname IN ('public', 'api')
  UNION ALL
  SELECT 'type', n.nspname || '.' || t.typname, COALESCE(t.typacl, acldefault('T', t.typowner))
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE n.nspname IN ('public', 'api') AND t.typtype IN ('e', 'c', 'd')
)
SELECT kind, name, (SELECT string_agg(i::text, ',' ORDER BY i::text) FROM unnest(items) i) AS acl
FROM acl WHERE name NOT LIKE 'public.athanor_version%' ORDER BY kind, name`;

/** How many privileges the roles hold in the database (what the server records of them there). */
const HELD_SQL = `
SELECT count(*)::int AS n FROM pg_shdepend s JOIN pg_database d ON d.oid = s.dbid
WHERE d.datname = current_database() AND s.refclassid = 'pg_authid'::regclass
  AND s.refobjid IN (SELECT oid FROM pg_roles WHERE rolname = ANY ($1::text[]))`;

/** Grants on foreign data: a wrapper made by hand, its server, a foreign table of it. */
const FOREIGN_SQL = `
CREATE FOREIGN DATA WRAPPER dummy OPTIONS (debug 'true');
CREATE SERVER films FOREIGN DATA WRAPPER dummy OPTIONS (host 'films.example');
CREATE FOREIGN TABLE public.remote_films (id integer, title text) SERVER films;
GRANT USAGE ON FOREIGN DATA WRAPPER dummy TO "${serviceRole}" WITH GRANT OPTION;
GRANT USAGE ON FOREIGN SERVER films TO "${anon}", "${authenticated}";
GRANT SELECT ON public.remote_films TO "${anon}";
GRANT SELECT (title) ON public.remote_films TO "${authenticated}";
`;

/** And on an extension's wrapper, which the model leaves to its extension: on a server (PGlite has no postgres_fdw). */
const EXTENSION_WRAPPER_SQL = `
CREATE EXTENSION postgres_fdw;
CREATE SERVER archive FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'archive.example');
GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw TO "${serviceRole}";
GRANT USAGE ON FOREIGN SERVER archive TO "${serviceRole}" WITH GRANT OPTION;
`;

/** A revision written by hand that creates a table, then one that grants MAINTAIN on it. */
function maintainRevisions(project: ReturnType<typeof tempProject>): void {
  const header = (id: string, down: string | null): string => `import type { Operations } from 'athanor';

export const revision = '${id}';
export const downRevision: string | null = ${down === null ? 'null' : `'${down}'`};
export const message = '${id}';
`;
  project.write(
    'migrations/versions/m1_items.ts',
    `${header('m1', null)}
export async function upgrade(op: Operations): Promise<void> {
  await op.executeSql({ sql: 'CREATE TABLE public.items (id integer)' });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.executeSql({ sql: 'DROP TABLE public.items' });
}
`,
  );
  project.write(
    'migrations/versions/m2_maintain.ts',
    `${header('m2', 'm1')}
export async function upgrade(op: Operations): Promise<void> {
  await op.grant({ on: { on: 'table', schema: 'public', name: 'items' }, privileges: ['SELECT', 'MAINTAIN'], to: '${anon}' });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.revoke({ on: { on: 'table', schema: 'public', name: 'items' }, privileges: ['SELECT', 'MAINTAIN'], from: '${anon}' });
}
`,
  );
}

describe('privileges', { timeout: 180_000 }, () => {
  it('pull writes the grants, check is clean, autogenerate into an empty database gives the same ACLs, downgrade removes them', async () => {
    const source = await createTestDatabase();
    const target = await createTestDatabase();
    try {
      await createRoles(source);
      await runSql(source.url, SCHEMA_SQL + DEFAULTS_SQL);
      const pulled = tempProject(source.url, "privileges: 'all',");
      const pulling = await pulled.migrate('pull');
      expect(pulling.stderr).toBe('');
      expect(pulling.code).toBe(0);
      const model = pulled.read('models.ts');
      expect(model).toContain(`grant(['select'], '${anon}')`);
      expect(model).toContain(`grant(['update'], '${anon}', { columns: ['email', 'name'] })`);
      expect(model).toContain(`metadata.grants({ function: 'secret', argumentTypes: '', schema: 'api' }, [`);
      expect(model).toContain(`revoke(['execute'], 'PUBLIC')`);
      expect(model).toContain(`grant(['execute'], '${serviceRole}', { withGrantOption: true })`);
      expect(model).toContain(`policy(`);
      expect(model).toContain(
        `metadata.defaultPrivileges({ on: 'functions' }, [\n  revoke(['execute'], 'PUBLIC'),\n]);`,
      );
      expect(model).toContain(`metadata.defaultPrivileges({ on: 'tables', inSchema: 'public' }, [`);
      expect(model).toContain(
        `metadata.grants({ type: 'mood' }, [\n  revoke(['usage'], 'PUBLIC'),\n  grant(['usage'], '${anon}'),\n]);`,
      );
      expect(model).toContain(`metadata.grants({ domain: 'email', schema: 'api' }, [`);
      expect(model).toContain(`metadata.grants({ type: 'pair', schema: 'api' }, [`);
      // An ACL granted and revoked back to the kind's default is no grant: it equals a NULL one.
      expect(model).not.toMatch(/grants\(\{ (table: 'plain'|function: 'plain_f')/);
      expect(model).toContain("export const plain = metadata.table('plain', {\n  id: integer(),\n});");
      const checked = await pulled.migrate('check');
      expect(checked.stdout).toBe('No differences: the database matches the model.');
      expect(checked.code).toBe(0);

      await createRoles(target);
      const fresh = await queryRows(target.url, ACLS_SQL);
      const freshAcls = await aclFacts(target.url);
      const project = tempProject(target.url, "privileges: 'all',");
      project.write('models.ts', model);
      const rev = await project.migrate('revision', '--autogenerate', '-m', 'initial', '--rev-id', 'base0001');
      expect(rev.code).toBe(0);
      const file = readdirSync(project.versionsDir).find((f) => f.endsWith('.ts'))!;
      const revision = project.read(`migrations/versions/${file}`);
      expect(revision).toContain('op.grant(');
      expect(revision).toContain('op.revoke(');
      expect((await project.migrate('upgrade', 'head')).code).toBe(0);
      expect(await queryRows(target.url, ACLS_SQL)).toEqual(await queryRows(source.url, ACLS_SQL));
      // Every ACL, default privileges included, and pg_dump's GRANT and REVOKE lines where it can reach the server.
      await expectSameSchema(target.url, source.url, { privileges: true });
      expect((await project.migrate('check')).code).toBe(0);

      const down = await project.migrate('downgrade', 'base');
      expect(down.stderr).toBe('');
      expect(down.code).toBe(0);
      expect(await queryRows(target.url, HELD_SQL, [roles.names])).toEqual([{ n: 0 }]);
      expect(await queryRows(target.url, ACLS_SQL)).toEqual(fresh);
      expect(await aclFacts(target.url)).toEqual(freshAcls);
    } finally {
      await dropRoles([source, target]);
    }
  });

  it('pull writes the grants on wrappers, servers and foreign tables; autogenerate into an empty database gives the same ACLs; downgrade removes them', async () => {
    const source = await createTestDatabase();
    const target = await createTestDatabase();
    const server = testTarget() === 'server';
    try {
      await createRoles(source);
      await runSql(source.url, FOREIGN_SQL + (server ? EXTENSION_WRAPPER_SQL : ''));
      const pulled = tempProject(source.url, "privileges: 'all',");
      const pulling = await pulled.migrate('pull');
      expect(pulling.stderr).toBe('');
      expect(pulling.code).toBe(0);
      const model = pulled.read('models.ts');
      expect(model).toContain(
        `metadata.grants({ foreignDataWrapper: 'dummy' }, [\n  grant(['usage'], '${serviceRole}', { withGrantOption: true }),\n]);`,
      );
      expect(model).toContain(
        `metadata.grants({ foreignServer: 'films' }, [\n  grant(['usage'], ['${anon}', '${authenticated}']),\n]);`,
      );
      expect(model).toContain(`metadata.grants({ table: 'remote_films' }, [`);
      if (server) {
        expect(model).toContain(`metadata.grants({ foreignDataWrapper: 'postgres_fdw' }, [`);
        expect(model).not.toContain(`foreignDataWrapper('postgres_fdw'`);
      }
      expect((await pulled.migrate('check')).stdout).toBe('No differences: the database matches the model.');

      await createRoles(target);
      const fresh = await aclFacts(target.url);
      const project = tempProject(target.url, "privileges: 'all',");
      project.write('models.ts', model);
      const rev = await project.migrate('revision', '--autogenerate', '-m', 'foreign', '--rev-id', 'fdw00001');
      expect(rev.stderr).toBe('');
      expect(rev.code).toBe(0);
      const revision = project.read('migrations/versions/fdw00001_foreign.ts');
      expect(revision).toContain(`on: { on: 'foreignServer', schema: '', name: 'films' }`);
      const up = await project.migrate('upgrade', 'head');
      expect(up.stderr).toBe('');
      expect(up.code).toBe(0);
      await expectSameSchema(target.url, source.url, { privileges: true });
      expect((await project.migrate('check')).stdout).toBe('No differences: the database matches the model.');

      const down = await project.migrate('downgrade', 'base');
      expect(down.stderr).toBe('');
      expect(down.code).toBe(0);
      expect(await aclFacts(target.url)).toEqual(fresh);
    } finally {
      await dropRoles([source, target]);
    }
  });

  skipWhen(
    testTarget() === 'pglite' || (inject('serverVersion') ?? 0) >= 170000,
    'MAINTAIN is a privilege from PostgreSQL 17 on, which this server (or PGlite, on 18) has',
  ).it('refuses, before anything runs, a revision that grants MAINTAIN on a server before PostgreSQL 17', async () => {
    const db = await createTestDatabase();
    // Whatever the privileges setting: the revision's grant runs all the same.
    const project = tempProject(db.url);
    maintainRevisions(project);
    const tables = `SELECT count(*)::int AS n FROM pg_class WHERE relname = 'items'`;
    const upgraded = await project.migrate('upgrade', 'head');
    expect(upgraded.code).toBe(2);
    const release = (await queryRows<{ v: string }>(db.url, "SELECT current_setting('server_version') AS v"))[0]!.v;
    expect(upgraded.stderr).toBe(
      `error [server-version]: the revisions to run use what PostgreSQL ${release.split(' ')[0]}, the server's version, does not have: the grant of MAINTAIN on table public.items to ${anon} in revision m2 (m2_maintain.ts), which needs PostgreSQL 17 or later; nothing was applied`,
    );
    expect(await queryRows(db.url, tables)).toEqual([{ n: 0 }]);
    // Nor does a downgrade run one that revokes it.
    const stamped = await project.migrate('stamp', 'm2');
    expect(stamped.code).toBe(0);
    const downgraded = await project.migrate('downgrade', 'base');
    expect(downgraded.code).toBe(2);
    expect(downgraded.stderr).toContain(
      `the revoke of MAINTAIN on table public.items from ${anon} in revision m2 (m2_maintain.ts), which needs PostgreSQL 17 or later; nothing was applied`,
    );
    expect(await queryRows(db.url, `SELECT version_num FROM public.athanor_version`)).toEqual([{ version_num: 'm2' }]);
  });

  it("grants to the role the migrations run as on what it does not own (the public schema, a serial's sequence of another role's table) are kept both ways, owners managed or not", async () => {
    for (const owners of [true, false]) {
      const source = await createTestDatabase();
      const target = await createTestDatabase();
      try {
        await createRoles(source);
        await runSql(
          source.url,
          `CREATE TABLE public.tokens (id bigserial PRIMARY KEY, note text);
           ALTER TABLE public.tokens OWNER TO "${anon}";
           GRANT ALL ON SEQUENCE public.tokens_id_seq TO CURRENT_USER;
           GRANT USAGE ON SCHEMA public TO CURRENT_USER;`,
        );
        const settings = `privileges: 'all',${owners ? ' owners: true,' : ''}`;
        const pulled = tempProject(source.url, settings);
        expect((await pulled.migrate('pull')).code).toBe(0);
        const model = pulled.read('models.ts');
        expect(model).toContain("metadata.grants({ sequence: 'tokens_id_seq' }, [");
        const checked = await pulled.migrate('check');
        expect(checked.stdout).toBe('No differences: the database matches the model.');

        await createRoles(target);
        const project = tempProject(target.url, settings);
        project.write('models.ts', model);
        expect((await project.migrate('revision', '--autogenerate', '-m', 'initial')).code).toBe(0);
        expect((await project.migrate('upgrade', 'head')).code).toBe(0);
        // Owners unmanaged, the table is the session's in the new database: the grant to it is then its own.
        if (owners) expect(await queryRows(target.url, ACLS_SQL)).toEqual(await queryRows(source.url, ACLS_SQL));
        expect((await project.migrate('check')).stdout).toBe('No differences: the database matches the model.');
      } finally {
        await dropRoles([source, target]);
      }
    }
  });

  it('check reports a revoked grant and an extra one; with privileges none nothing about grants appears', async () => {
    const db = await createTestDatabase();
    try {
      await createRoles(db);
      await runSql(db.url, SCHEMA_SQL);
      const project = tempProject(db.url, `privileges: { roles: ['${anon}', '${authenticated}'] },`);
      const pulling = await project.migrate('pull');
      expect(pulling.stderr).toBe('');
      expect(pulling.code).toBe(0);
      const model = project.read('models.ts');
      expect(model).toContain(`'${anon}'`);
      expect(model).not.toContain(serviceRole);
      expect(model).not.toContain(`'PUBLIC'`);
      expect((await project.migrate('check')).code).toBe(0);

      await runSql(
        db.url,
        `REVOKE SELECT ON public.profiles FROM "${anon}"; GRANT DELETE ON public.notes TO "${authenticated}";
         REVOKE USAGE ON TYPE public.mood FROM "${anon}"; REVOKE GRANT OPTION FOR USAGE ON DOMAIN api.email FROM "${authenticated}";
         REVOKE ALL ON public.profiles FROM "${serviceRole}";`,
      );
      const drifted = await project.migrate('check');
      expect(drifted.code).toBe(1);
      expect(drifted.stdout).toContain(`grant select on table public.profiles to ${anon}`);
      expect(drifted.stdout).toContain(`revoke delete on table public.notes from ${authenticated}`);
      expect(drifted.stdout).toContain(`grant usage on type public.mood to ${anon}`);
      expect(drifted.stdout).toContain(`grant usage on domain api.email to ${authenticated} with grant option`);
      expect(drifted.stdout).not.toContain(serviceRole);

      const off = tempProject(db.url);
      off.write('models.ts', model);
      const quiet = await off.migrate('check');
      expect(quiet.stdout).toBe('No differences: the database matches the model.');
      expect(quiet.code).toBe(0);
      expect((await off.migrate('pull', '--out', 'pulled.ts')).code).toBe(0);
      expect(off.read('pulled.ts')).not.toMatch(/grant|revoke/);
    } finally {
      await dropRoles([db]);
    }
  });

  it("refuses in one line to read a role named as the owner's marker where the setting manages its privileges, and to keep its grants where it does not", async () => {
    const db = await createTestDatabase();
    try {
      await createRoles(db);
      // The name is the point: it takes no suffix. Only this test makes it, and drops it after.
      await runSql(
        db.url,
        `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'OWNER') THEN CREATE ROLE "OWNER" NOLOGIN; END IF; END $$;`,
      );
      await runSql(
        db.url,
        `CREATE TABLE public.t (id integer); GRANT SELECT ON public.t TO "OWNER"; GRANT SELECT ON public.t TO "${anon}";
         ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO "OWNER";`,
      );
      const all = tempProject(db.url, "privileges: 'all',");
      const refused = await all.migrate('pull');
      expect(refused.code).not.toBe(0);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toContain(
        `role "OWNER" holds SELECT on table public.t, but OWNER is each object's owner in a model: rename the role`,
      );
      expect(readdirSync(all.dir)).not.toContain('models.ts');

      await runSql(db.url, `CREATE VIEW public.v AS SELECT id FROM public.t; GRANT SELECT ON public.v TO "OWNER";`);
      const some = tempProject(db.url, `privileges: { roles: ['${anon}'] },`);
      expect((await some.migrate('pull')).code).toBe(0);
      expect(some.read('models.ts')).not.toContain('OWNER');
      expect((await some.migrate('check')).code).toBe(0);
      // Left alone, the role's grants are kept on a view made again; a model cannot name the role to keep them.
      await runSql(db.url, 'CREATE OR REPLACE VIEW public.v AS SELECT id, 1 AS extra FROM public.t;');
      const kept = await some.migrate('revision', '--autogenerate', '-m', 'restore');
      expect(kept.code).not.toBe(0);
      expect(kept.stderr.trim().split('\n')).toHaveLength(1);
      expect(kept.stderr).toContain(
        `role "OWNER" holds SELECT on view public.v, which the changes drop and create again, but OWNER is each object's owner in a model: rename the role`,
      );
      expect(readdirSync(some.versionsDir).filter((f) => f.endsWith('.ts'))).toEqual([]);
    } finally {
      if (testTarget() === 'server') {
        await runSql(db.url, 'DROP OWNED BY "OWNER"').catch(() => undefined);
        await runSql(adminUrl(), 'DROP ROLE IF EXISTS "OWNER"');
      }
      await dropRoles([db]);
    }
  });

  it('keeps the grants the setting leaves alone on a view dropped and created again, both ways', async () => {
    const db = await createTestDatabase();
    try {
      await createRoles(db);
      await runSql(
        db.url,
        `${SCHEMA_SQL}
         GRANT SELECT ON public.note_bodies TO "${authenticated}";
         GRANT SELECT (body) ON public.note_bodies TO "${serviceRole}";`,
      );
      // Only anon's grants are managed: the others are the database's own business.
      const project = tempProject(db.url, `privileges: { roles: ['${anon}'] },`);
      expect((await project.migrate('pull')).code).toBe(0);
      expect(project.read('models.ts')).not.toMatch(new RegExp(`grant\\([^)]*'${authenticated}'`));
      const acl = () => aclFacts(db.url);
      const before = await acl();
      // By hand: the view gains a column, which only dropping and creating it again takes away.
      await runSql(
        db.url,
        `CREATE OR REPLACE VIEW public.note_bodies AS SELECT id, body, 1 AS extra FROM public.notes;`,
      );
      const mutated = await acl();
      const written = await project.migrate('revision', '--autogenerate', '-m', 'restore');
      expect([written.code, written.stderr]).toEqual([0, '']);
      const revision = project.read(
        `migrations/versions/${readdirSync(project.versionsDir).find((f) => f.endsWith('.ts'))!}`,
      );
      expect(revision).toContain('op.dropView(');
      expect(revision).toContain(`from: '${authenticated}'`);
      const upgraded = await project.migrate('upgrade', 'head');
      expect([upgraded.code, upgraded.stderr]).toEqual([0, '']);
      expect(await acl()).toEqual(before);
      expect((await project.migrate('check')).code).toBe(0);
      const downgraded = await project.migrate('downgrade', '-1');
      expect([downgraded.code, downgraded.stderr]).toEqual([0, '']);
      expect(await acl()).toEqual(mutated);
    } finally {
      await dropRoles([db]);
    }
  });

  it('refuses, before anything runs, a model or a revision that grants to a role the database lacks', async () => {
    const db = await createTestDatabase();
    const ghost = `ghost_${suffix}`;
    const project = tempProject(db.url, "privileges: 'all',");
    project.write(
      'models.ts',
      `import { defineMetadata, grant, text } from 'athanor';
export const metadata = defineMetadata();
export const items = metadata.table('items', { name: text() }, { grants: [grant(['select'], ['${ghost}', 'PUBLIC'])] });
`,
    );
    const checked = await project.migrate('check');
    expect(checked.code).toBe(2);
    expect(checked.stderr).toContain(
      `error [missing-roles]: the model grants privileges to roles the database does not have: ${ghost};`,
    );
    const items = `SELECT count(*)::int AS n FROM pg_class WHERE relname = 'items'`;
    expect(await queryRows(db.url, items)).toEqual([{ n: 0 }]);

    // A revision written while the role existed, run where it no longer does: refused before anything is applied.
    await runSql(db.url, `CREATE ROLE "${ghost}" NOLOGIN`);
    try {
      const written = await project.migrate('revision', '--autogenerate', '-m', 'items', '--rev-id', 'item0001');
      expect(written.code).toBe(0);
    } finally {
      await runSql(db.url, `DROP ROLE "${ghost}"`);
    }
    const upgraded = await project.migrate('upgrade', 'head');
    expect(upgraded.code).toBe(2);
    expect(upgraded.stderr).toContain(
      `error [missing-roles]: the revisions to run grant or revoke privileges of, or give objects to, roles the database does not have: ${ghost};`,
    );
    expect(await queryRows(db.url, items)).toEqual([{ n: 0 }]);
  });

  it('creates the roles the config lists, NOLOGIN: autogenerate those the model names, saying so first, upgrade the rest; check creates none', async () => {
    const db = await createTestDatabase();
    const reader = `reader_${suffix}`;
    const writer = `writer_${suffix}`;
    const exists = `SELECT rolname AS name, rolcanlogin AS login FROM pg_roles WHERE rolname IN ('${reader}', '${writer}') ORDER BY 1`;
    const project = tempProject(db.url, `privileges: 'all',\n  roles: ['${reader}', '${writer}'],`);
    project.write(
      'models.ts',
      `import { defineMetadata, grant, text } from 'athanor';
export const metadata = defineMetadata();
export const items = metadata.table('items', { name: text() }, { grants: [grant(['select'], '${reader}')] });
`,
    );
    try {
      const checked = await project.migrate('check');
      expect(checked.code).toBe(2);
      expect(checked.stderr).toContain(
        `roles the database does not have: ${reader}; \`migrate revision --autogenerate\` and \`migrate upgrade\` create them`,
      );
      expect(await queryRows(db.url, exists)).toEqual([]);

      const written = await project.migrate('revision', '--autogenerate', '-m', 'items', '--rev-id', 'item0001');
      expect(written.code).toBe(0);
      expect(written.stderr).toContain(
        `Creating role(s) ${reader} (roles in the config), NOLOGIN: the model names them, and comparing needs them; \`migrate upgrade\` creates the config's other roles`,
      );
      expect(written.stderr).not.toContain('Created role(s)');
      expect(await queryRows(db.url, exists)).toEqual([{ name: reader, login: false }]);

      // The role the model does not name (or one gone: another cluster, say), upgrade creates before it applies anything.
      const upgraded = await project.migrate('upgrade', 'head');
      expect(upgraded.code).toBe(0);
      expect(upgraded.stderr).toContain(`Created role(s) ${writer} (roles in the config), NOLOGIN`);
      expect((await project.migrate('check')).code).toBe(0);

      const bad = tempProject(db.url, "roles: ['PUBLIC'],");
      const refused = await bad.migrate('upgrade', 'head');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/roles in .* must be a list of role names \(PUBLIC is not a role\)/);
    } finally {
      if (testTarget() === 'server') {
        for (const role of [reader, writer]) await runSql(db.url, `DROP OWNED BY "${role}"`).catch(() => undefined);
        await runSql(adminUrl(), `DROP ROLE IF EXISTS "${reader}", "${writer}"`);
      }
    }
  });
});
