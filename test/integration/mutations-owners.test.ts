import { cpSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase, queryRows, runSql, type TestDatabase } from '../helpers/database.js';
import { dropOwnedSchema, ownedSchemaSql, ownerAndAclFacts as facts } from '../helpers/owners.js';
import { tempProject } from '../helpers/project.js';
import { testRoles } from '../helpers/roles.js';
import { expectClean, expectMutationsRestored, type PrivilegeMutation } from '../helpers/privilege-mutations.js';

/*
 * Owners changed by hand on a database whose model was pulled from it
 * (`owners: true`), one kind of object at a time: each is seen by check, put
 * back by autogenerate and upgrade (every owner and ACL compared), and given
 * back by downgrade. Off (the default), owners are neither read nor compared.
 */

const roles = testRoles('owna', 'ownb', 'reader');
const [ownA, ownB, reader] = roles.names as [string, string, string];
const SCHEMA_SQL = ownedSchemaSql(ownA, ownB, reader);
const CONFIG = "privileges: 'all',\n  owners: true,";
const dropAll = (...dbs: TestDatabase[]): Promise<void> => dropOwnedSchema(roles, ...dbs);

describe('owners changed by hand', { timeout: 600_000 }, () => {
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
          sees: "give table app.mine to the migrations' own role as its owner",
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
        { sql: 'ALTER SERVER own_srv OWNER TO CURRENT_USER', sees: `give foreign server own_srv to ${ownB}` },
        // The public schema's default owner is the database's (pg_database_owner), not the migrations' role;
        // before 14 it is the bootstrap superuser, the role these tests run as.
        { sql: `ALTER SCHEMA public OWNER TO "${ownB}"`, sees: 'give schema public to its default owner' },
        ...((inject('serverVersion') ?? 0) >= 140000
          ? [{ sql: 'ALTER SCHEMA public OWNER TO CURRENT_USER', sees: 'give schema public to its default owner' }]
          : []),
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

  it('owners of objects no privilege is on: statistics, a collation, text search, a publication', async () => {
    const db = await createTestDatabase();
    try {
      await roles.create(db);
      // A publication's owner needs CREATE on the database.
      await runSql(
        db.url,
        `DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO "${ownA}", "${ownB}"', current_database()); END $$;
         CREATE SCHEMA app;
         CREATE TABLE app.items (id integer PRIMARY KEY, name text);
         CREATE STATISTICS app.item_stats (dependencies) ON id, name FROM app.items;
         ALTER STATISTICS app.item_stats OWNER TO "${ownA}";
         CREATE COLLATION app.plain FROM "C";
         ALTER COLLATION app.plain OWNER TO "${ownB}";
         CREATE TEXT SEARCH DICTIONARY app.words (TEMPLATE = pg_catalog.simple);
         ALTER TEXT SEARCH DICTIONARY app.words OWNER TO "${ownA}";
         CREATE TEXT SEARCH CONFIGURATION app.search (COPY = pg_catalog.simple);
         ALTER TEXT SEARCH CONFIGURATION app.search OWNER TO "${ownB}";
         CREATE PUBLICATION own_pub FOR TABLE app.items;
         ALTER PUBLICATION own_pub OWNER TO "${ownA}";`,
      );
      const project = tempProject(db.url, CONFIG);
      expect((await project.migrate('pull')).code).toBe(0);
      const model = project.read('models.ts');
      expect(model).toContain(`metadata.owner({ statistics: 'item_stats', schema: 'app' }, '${ownA}');`);
      expect(model).toContain(`metadata.owner({ publication: 'own_pub' }, '${ownA}');`);
      await expectClean(project);
      const mutations: PrivilegeMutation[] = [
        {
          sql: `ALTER STATISTICS app.item_stats OWNER TO "${ownB}"`,
          sees: `give statistics app.item_stats to ${ownA} as its owner`,
        },
        { sql: 'ALTER COLLATION app.plain OWNER TO CURRENT_USER', sees: `give collation app.plain to ${ownB}` },
        {
          sql: `ALTER TEXT SEARCH DICTIONARY app.words OWNER TO "${ownB}"`,
          sees: `give text search dictionary app.words to ${ownA}`,
        },
        {
          sql: `ALTER TEXT SEARCH CONFIGURATION app.search OWNER TO "${ownA}"`,
          sees: `give text search configuration app.search to ${ownB}`,
        },
        { sql: 'ALTER PUBLICATION own_pub OWNER TO CURRENT_USER', sees: `give publication own_pub to ${ownA}` },
      ];
      await expectMutationsRestored(db, project, mutations, () => ownedOnlyFacts(db.url));
    } finally {
      await dropAll(db);
    }
  });

  it("a table given by hand to the role its columns are granted to: the grants stay that role's both ways", async () => {
    const db = await createTestDatabase();
    try {
      await roles.create(db);
      // ALTER ... OWNER TO gives the old owner's entries to the new one, those on columns too.
      await runSql(
        db.url,
        `CREATE SCHEMA app;
         CREATE TABLE app.items (id integer PRIMARY KEY, name text, note text);
         GRANT SELECT ON app.items TO "${reader}";
         GRANT UPDATE (name, note) ON app.items TO "${reader}";
         GRANT INSERT (name) ON app.items TO "${ownA}";
         ALTER TABLE app.items OWNER TO "${ownA}";`,
      );
      const project = tempProject(db.url, CONFIG);
      expect((await project.migrate('pull')).code).toBe(0);
      await expectClean(project);
      const mutations: PrivilegeMutation[] = [
        { sql: `ALTER TABLE app.items OWNER TO "${reader}"`, sees: `give table app.items to ${ownA} as its owner` },
        {
          sql: 'ALTER TABLE app.items OWNER TO CURRENT_USER',
          sees: `give table app.items to ${ownA} as its owner`,
        },
      ];
      await expectMutationsRestored(db, project, mutations, () =>
        queryRows(
          db.url,
          // Each ACL's entries in one order: the order a revision's revokes and grants leave is not compared.
          `SELECT attname, (SELECT array_agg(e::text ORDER BY e::text)
                            FROM unnest(CASE WHEN a.attnum > 0 THEN a.attacl ELSE c.relacl END) e) AS acl,
                  pg_get_userbyid(c.relowner) = current_user AS by_session
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
           WHERE a.attrelid = 'app.items'::regclass AND (a.attnum > 0 OR a.attname = 'ctid') ORDER BY a.attnum`,
        ),
      );
    } finally {
      await dropAll(db);
    }
  });
});

/** The owners of the statistics, collations and text search objects of `app`, and of the publications. */
function ownedOnlyFacts(url: string): Promise<unknown[]> {
  return queryRows(
    url,
    `SELECT kind, name, CASE WHEN owner = current_user THEN 'session' ELSE owner END AS owner FROM (
       SELECT 'statistics' AS kind, stxname::text AS name, pg_get_userbyid(stxowner)::text AS owner
       FROM pg_statistic_ext WHERE stxnamespace = 'app'::regnamespace
       UNION ALL
       SELECT 'collation', collname::text, pg_get_userbyid(collowner)::text FROM pg_collation WHERE collnamespace = 'app'::regnamespace
       UNION ALL
       SELECT 'dictionary', dictname::text, pg_get_userbyid(dictowner)::text FROM pg_ts_dict WHERE dictnamespace = 'app'::regnamespace
       UNION ALL
       SELECT 'configuration', cfgname::text, pg_get_userbyid(cfgowner)::text FROM pg_ts_config WHERE cfgnamespace = 'app'::regnamespace
       UNION ALL
       SELECT 'publication', pubname::text, pg_get_userbyid(pubowner)::text FROM pg_publication
     ) o ORDER BY kind, name COLLATE "C"`,
  );
}
