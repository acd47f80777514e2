import { queryRows, runSql, type TestDatabase } from './database.js';
import { aclFacts } from './fixtures.js';
import type { TestRoles } from './roles.js';

/**
 * A schema `app` whose objects belong to two roles (and one to the session's),
 * with a grant to a third: what the owners tests pull, change and rebuild.
 */
export function ownedSchemaSql(ownA: string, ownB: string, reader: string): string {
  return `
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
CREATE FOREIGN DATA WRAPPER own_fdw;
GRANT USAGE ON FOREIGN DATA WRAPPER own_fdw TO "${ownB}";
CREATE SERVER own_srv FOREIGN DATA WRAPPER own_fdw;
ALTER SERVER own_srv OWNER TO "${ownB}";
`;
}

/** Every object's owner in the schema `app` (and the owners of `app` and `public`), the session's read as `session`. */
export async function ownerFacts(url: string): Promise<Record<string, unknown>[]> {
  return queryRows(
    url,
    `SELECT kind, name, CASE WHEN owner = current_user THEN 'session' ELSE owner END AS owner FROM (
       SELECT 'schema' AS kind, nspname::text AS name, pg_get_userbyid(nspowner)::text AS owner
       FROM pg_namespace WHERE nspname IN ('app', 'public')
       UNION ALL
       SELECT 'relation', c.oid::regclass::text, pg_get_userbyid(c.relowner)::text
       FROM pg_class c WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'app') AND c.relkind NOT IN ('i', 'I', 't')
       UNION ALL
       SELECT 'routine', p.oid::regprocedure::text, pg_get_userbyid(p.proowner)::text
       FROM pg_proc p WHERE p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'app')
       UNION ALL
       SELECT 'type', t.oid::regtype::text, pg_get_userbyid(t.typowner)::text
       FROM pg_type t WHERE t.typnamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'app') AND t.typtype IN ('d', 'e', 'c') AND t.typcategory <> 'A'
       UNION ALL
       SELECT 'server', srvname::text, pg_get_userbyid(srvowner)::text FROM pg_foreign_server
     ) o ORDER BY kind, name COLLATE "C"`,
  );
}

/** The owners, then every ACL. */
export async function ownerAndAclFacts(url: string): Promise<unknown[]> {
  return [...(await ownerFacts(url)), ...(await aclFacts(url))];
}

/** The schema of roles that own each other's objects first (`DROP OWNED` cannot take it), then the roles. */
export async function dropOwnedSchema(roles: TestRoles, ...dbs: TestDatabase[]): Promise<void> {
  for (const db of dbs) {
    await runSql(
      db.url,
      'DROP SCHEMA IF EXISTS app CASCADE; DROP FOREIGN DATA WRAPPER IF EXISTS own_fdw CASCADE',
    ).catch(() => undefined);
  }
  await roles.drop(...dbs);
}
