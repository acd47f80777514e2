import { describe, expect, it } from 'vitest';
import { createTestDatabase, runSql, testTarget } from '../helpers/database.js';
import { aclFacts } from '../helpers/fixtures.js';
import { tempProject } from '../helpers/project.js';
import { testRoles } from '../helpers/roles.js';
import { skipWhen } from '../helpers/skips.js';
import { expectClean, expectMutationsRestored, type PrivilegeMutation } from '../helpers/privilege-mutations.js';

/*
 * Privileges changed by hand on a database whose model was pulled from it,
 * one kind of grant at a time: each added, revoked and changed (the grant
 * option given or taken, a column's privilege) is seen by check, put back
 * exactly by autogenerate and upgrade (every ACL compared), and given back by
 * downgrade. Default privileges have their own cases (default-privileges.test.ts).
 * Roles belong to the cluster: on a server they are named with a random
 * suffix and dropped after the test.
 */

const roles = testRoles('anon', 'auth');
const [anon, auth] = roles.names as [string, string];

const SCHEMA_SQL = `
CREATE SCHEMA app;
CREATE TABLE app.items (id integer PRIMARY KEY, name text, price numeric);
CREATE VIEW app.item_names AS SELECT id, name FROM app.items;
CREATE SEQUENCE app.counter;
CREATE FUNCTION app.secret() RETURNS integer LANGUAGE sql AS 'SELECT 42';
CREATE PROCEDURE app.tidy() LANGUAGE sql AS 'SELECT 1';
CREATE TYPE app.mood AS ENUM ('ok', 'sad');
CREATE DOMAIN app.email AS text;
GRANT USAGE ON SCHEMA app TO "${anon}", "${auth}";
GRANT SELECT ON app.items TO "${anon}";
GRANT SELECT ON app.items TO "${auth}" WITH GRANT OPTION;
GRANT SELECT (price) ON app.items TO "${auth}";
GRANT USAGE ON SEQUENCE app.counter TO "${anon}";
REVOKE EXECUTE ON FUNCTION app.secret() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.secret() TO "${auth}";
GRANT EXECUTE ON PROCEDURE app.tidy() TO "${auth}";
REVOKE USAGE ON TYPE app.mood FROM PUBLIC;
GRANT USAGE ON DOMAIN app.email TO "${auth}";
CREATE TYPE app.span AS RANGE (SUBTYPE = integer);
GRANT USAGE ON TYPE app.span TO "${anon}";
`;

/** Each change made by hand, and what check says autogenerate would do about it. */
const MUTATIONS: PrivilegeMutation[] = [
  // Added: on a table, with the grant option, on a column, to PUBLIC, on a view.
  { sql: `GRANT DELETE ON app.items TO "${auth}"`, sees: `revoke delete on table app.items from ${auth}` },
  {
    sql: `GRANT INSERT ON app.items TO "${anon}" WITH GRANT OPTION`,
    sees: `revoke insert on table app.items from ${anon}`,
  },
  {
    sql: `GRANT UPDATE (name) ON app.items TO "${anon}"`,
    sees: `revoke update (name) on table app.items from ${anon}`,
  },
  { sql: 'GRANT SELECT ON app.items TO PUBLIC', sees: 'revoke select on table app.items from PUBLIC' },
  // A column's privilege to the table's owner: an entry of the column's own, which pg_dump shows.
  { sql: 'GRANT UPDATE (name) ON app.items TO CURRENT_USER', sees: 'revoke update (name) on table app.items from ' },
  { sql: `GRANT SELECT ON app.item_names TO "${anon}"`, sees: `revoke select on view app.item_names from ${anon}` },
  // Revoked: on a schema, a table, a column, a procedure, a domain, a range type.
  { sql: `REVOKE USAGE ON SCHEMA app FROM "${anon}"`, sees: `grant usage on schema app to ${anon}` },
  { sql: `REVOKE SELECT ON app.items FROM "${anon}"`, sees: `grant select on table app.items to ${anon}` },
  {
    sql: `REVOKE SELECT (price) ON app.items FROM "${auth}"`,
    sees: `grant select (price) on table app.items to ${auth}`,
  },
  {
    sql: `REVOKE EXECUTE ON PROCEDURE app.tidy() FROM "${auth}"`,
    sees: `grant execute on procedure app.tidy() to ${auth}`,
  },
  { sql: `REVOKE USAGE ON DOMAIN app.email FROM "${auth}"`, sees: `grant usage on domain app.email to ${auth}` },
  { sql: `REVOKE USAGE ON TYPE app.span FROM "${anon}"`, sees: `grant usage on type app.span to ${anon}` },
  // A default taken away given back: PUBLIC's EXECUTE on a routine, USAGE on a type.
  {
    sql: 'GRANT EXECUTE ON FUNCTION app.secret() TO PUBLIC',
    sees: 'revoke execute on function app.secret() from PUBLIC',
  },
  { sql: 'GRANT USAGE ON TYPE app.mood TO PUBLIC', sees: 'revoke usage on type app.mood from PUBLIC' },
  // Changed: the grant option taken away, and given.
  {
    sql: `REVOKE GRANT OPTION FOR SELECT ON app.items FROM "${auth}"`,
    sees: `grant select on table app.items to ${auth} with grant option`,
  },
  {
    sql: `GRANT USAGE ON SEQUENCE app.counter TO "${anon}" WITH GRANT OPTION`,
    sees: `on sequence app.counter from ${anon}`,
  },
];

/** Foreign data: a wrapper made by hand, two servers of it, a foreign table of one. */
const FOREIGN_SQL = `
CREATE FOREIGN DATA WRAPPER dummy;
CREATE SERVER films FOREIGN DATA WRAPPER dummy;
CREATE SERVER archive FOREIGN DATA WRAPPER dummy;
CREATE FOREIGN TABLE public.remote_items (id integer, name text) SERVER films;
GRANT USAGE ON FOREIGN DATA WRAPPER dummy TO "${anon}";
GRANT USAGE ON FOREIGN SERVER films TO "${auth}" WITH GRANT OPTION;
GRANT SELECT ON public.remote_items TO "${anon}";
GRANT SELECT (name) ON public.remote_items TO "${auth}";
`;

const FOREIGN_MUTATIONS: PrivilegeMutation[] = [
  // Added: on a wrapper, on a server with the grant option, on a server to PUBLIC, on a foreign table.
  {
    sql: `GRANT USAGE ON FOREIGN DATA WRAPPER dummy TO "${auth}"`,
    sees: `revoke usage on foreign data wrapper dummy from ${auth}`,
  },
  {
    sql: `GRANT USAGE ON FOREIGN SERVER archive TO "${anon}" WITH GRANT OPTION`,
    sees: `revoke usage on foreign server archive from ${anon}`,
  },
  { sql: 'GRANT USAGE ON FOREIGN SERVER films TO PUBLIC', sees: 'revoke usage on foreign server films from PUBLIC' },
  {
    sql: `GRANT INSERT ON public.remote_items TO "${anon}"`,
    sees: `revoke insert on table public.remote_items from ${anon}`,
  },
  // Revoked: on a wrapper, on a server (with its grant option), on a foreign table's column.
  {
    sql: `REVOKE USAGE ON FOREIGN DATA WRAPPER dummy FROM "${anon}"`,
    sees: `grant usage on foreign data wrapper dummy to ${anon}`,
  },
  {
    sql: `REVOKE USAGE ON FOREIGN SERVER films FROM "${auth}"`,
    sees: `grant usage on foreign server films to ${auth} with grant option`,
  },
  {
    sql: `REVOKE SELECT (name) ON public.remote_items FROM "${auth}"`,
    sees: `grant select (name) on table public.remote_items to ${auth}`,
  },
  // Changed: the grant option given on a wrapper, taken away on a server.
  {
    sql: `GRANT USAGE ON FOREIGN DATA WRAPPER dummy TO "${anon}" WITH GRANT OPTION`,
    sees: `revoke usage on foreign data wrapper dummy from ${anon}`,
  },
  {
    sql: `REVOKE GRANT OPTION FOR USAGE ON FOREIGN SERVER films FROM "${auth}"`,
    sees: `grant usage on foreign server films to ${auth} with grant option`,
  },
];

/** An extension's wrapper is not modeled, but the grants on it are. */
const EXTENSION_WRAPPER_SQL = `
CREATE EXTENSION postgres_fdw;
GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw TO "${auth}";
`;

const EXTENSION_WRAPPER_MUTATIONS: PrivilegeMutation[] = [
  {
    sql: `GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw TO "${anon}" WITH GRANT OPTION`,
    sees: `revoke usage on foreign data wrapper postgres_fdw from ${anon}`,
  },
  {
    sql: `REVOKE USAGE ON FOREIGN DATA WRAPPER postgres_fdw FROM "${auth}"`,
    sees: `grant usage on foreign data wrapper postgres_fdw to ${auth}`,
  },
  {
    sql: `GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw TO "${auth}" WITH GRANT OPTION`,
    sees: `grant usage on foreign data wrapper postgres_fdw to ${auth}`,
  },
];

/**
 * The owner's own privileges taken away: an append-only table, a sequence nobody moves by hand, a routine;
 * and given the grant option, which the owner holds anyway but its ACL (and pg_dump) shows.
 */
const OWNER_SQL = `
CREATE SCHEMA app;
CREATE TABLE app.audit (id bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), entry text);
REVOKE UPDATE, DELETE, TRUNCATE ON app.audit FROM CURRENT_USER;
GRANT SELECT ON app.audit TO CURRENT_USER WITH GRANT OPTION;
GRANT SELECT, INSERT ON app.audit TO "${auth}";
CREATE SEQUENCE app.counter;
REVOKE UPDATE ON SEQUENCE app.counter FROM CURRENT_USER;
CREATE FUNCTION app.secret() RETURNS integer LANGUAGE sql AS 'SELECT 42';
REVOKE EXECUTE ON FUNCTION app.secret() FROM CURRENT_USER;
`;

const OWNER_MUTATIONS: PrivilegeMutation[] = [
  { sql: 'GRANT UPDATE ON app.audit TO CURRENT_USER', sees: 'revoke update on table app.audit from its owner' },
  { sql: 'REVOKE SELECT ON app.audit FROM CURRENT_USER', sees: 'grant select on table app.audit to its owner' },
  {
    sql: 'GRANT ALL ON SEQUENCE app.counter TO CURRENT_USER',
    sees: 'revoke update on sequence app.counter from its owner',
  },
  {
    sql: 'GRANT EXECUTE ON FUNCTION app.secret() TO CURRENT_USER',
    sees: 'revoke execute on function app.secret() from its owner',
  },
  {
    sql: 'GRANT INSERT ON app.audit TO CURRENT_USER WITH GRANT OPTION',
    sees: 'take the grant option for insert on table app.audit from its owner',
  },
  {
    sql: 'REVOKE GRANT OPTION FOR SELECT ON app.audit FROM CURRENT_USER',
    sees: 'grant select on table app.audit to its owner with grant option',
  },
];

describe('privileges changed by hand', { timeout: 600_000 }, () => {
  it('check sees each change; autogenerate and upgrade restore every ACL exactly, downgrade gives the change back', async () => {
    const db = await createTestDatabase();
    try {
      await roles.create(db);
      await runSql(db.url, SCHEMA_SQL);
      const project = tempProject(db.url, "privileges: 'all',");
      expect((await project.migrate('pull')).code).toBe(0);
      await expectClean(project);
      await expectMutationsRestored(db, project, MUTATIONS, () => aclFacts(db.url));
    } finally {
      await roles.drop(db);
    }
  });

  it('on foreign data wrappers, servers and foreign tables: the same, each change undone exactly', async () => {
    const db = await createTestDatabase();
    try {
      await roles.create(db);
      await runSql(db.url, FOREIGN_SQL);
      const project = tempProject(db.url, "privileges: 'all',");
      expect((await project.migrate('pull')).code).toBe(0);
      await expectClean(project);
      await expectMutationsRestored(db, project, FOREIGN_MUTATIONS, () => aclFacts(db.url));
    } finally {
      await roles.drop(db);
    }
  });

  skipWhen(testTarget() === 'pglite', 'PGlite has no postgres_fdw extension').it(
    "on an extension's wrapper (postgres_fdw): the same, the wrapper itself left to its extension",
    async () => {
      const db = await createTestDatabase();
      try {
        await roles.create(db);
        await runSql(db.url, EXTENSION_WRAPPER_SQL);
        const project = tempProject(db.url, "privileges: 'all',");
        expect((await project.migrate('pull')).code).toBe(0);
        expect(project.read('models.ts')).not.toContain('foreignDataWrapper(');
        await expectClean(project);
        await expectMutationsRestored(db, project, EXTENSION_WRAPPER_MUTATIONS, () => aclFacts(db.url));
      } finally {
        await roles.drop(db);
      }
    },
  );

  it("a table rebuilt for a new partitioning gets its grants back, and those of its serial column's sequence", async () => {
    const target = await createTestDatabase();
    const db = await createTestDatabase();
    try {
      const events = (partitioned: string): string => `
        CREATE TABLE public.events (id serial, at date NOT NULL, body text)${partitioned};
        GRANT SELECT, INSERT ON public.events TO "${anon}";
        GRANT UPDATE (body) ON public.events TO "${auth}";
        GRANT USAGE, SELECT ON SEQUENCE public.events_id_seq TO "${anon}";`;
      await roles.create(target);
      await runSql(target.url, events(' PARTITION BY RANGE (at)'));
      const pulled = tempProject(target.url, "privileges: 'all',");
      expect((await pulled.migrate('pull')).code).toBe(0);
      await roles.create(db);
      await runSql(db.url, events(''));
      const before = await aclFacts(db.url);
      const project = tempProject(db.url, "privileges: 'all',");
      project.write('models.ts', pulled.read('models.ts'));
      const rev = await project.migrate('revision', '--autogenerate', '-m', 'partitioned', '--rev-id', 'part0001');
      expect(rev.stderr).toBe('');
      expect(rev.code).toBe(0);
      expect(project.read('migrations/versions/part0001_partitioned.ts')).toContain('stashRows');
      const up = await project.migrate('upgrade', 'head');
      expect(up.stderr).toBe('');
      expect(up.code).toBe(0);
      expect(await aclFacts(db.url)).toEqual(await aclFacts(target.url));
      await expectClean(project);
      expect((await project.migrate('downgrade', '-1')).code).toBe(0);
      expect(await aclFacts(db.url)).toEqual(before);
    } finally {
      await roles.drop(db, target);
    }
  });
  it("the owner's own privileges taken away or given the grant option: pulled, built again from the model, each change undone", async () => {
    const db = await createTestDatabase();
    const empty = await createTestDatabase();
    try {
      await roles.create(db);
      await runSql(db.url, OWNER_SQL);
      const project = tempProject(db.url, "privileges: 'all',");
      expect((await project.migrate('pull')).code).toBe(0);
      expect(project.read('models.ts')).toContain("revoke(['update', 'delete', 'truncate'], 'OWNER')");
      expect(project.read('models.ts')).toContain("grant(['select'], 'OWNER', { withGrantOption: true })");
      await expectClean(project);

      await roles.create(empty);
      const built = tempProject(empty.url, "privileges: 'all',");
      built.write('models.ts', project.read('models.ts'));
      const generated = await built.migrate('revision', '--autogenerate', '-m', 'all');
      expect(generated.stderr).toBe('');
      expect(generated.code).toBe(0);
      const up = await built.migrate('upgrade', 'head');
      expect(up.stderr).toBe('');
      expect(up.code).toBe(0);
      expect(await aclFacts(empty.url)).toEqual(await aclFacts(db.url));
      expect((await built.migrate('downgrade', 'base')).code).toBe(0);

      await expectMutationsRestored(db, project, OWNER_MUTATIONS, () => aclFacts(db.url));
    } finally {
      await roles.drop(db, empty);
    }
  });
});
