import { cpSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, runSql, type TestDatabase } from '../helpers/database.js';
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
        { sql: 'ALTER SERVER own_srv OWNER TO CURRENT_USER', sees: `give foreign server own_srv to ${ownB}` },
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
});
