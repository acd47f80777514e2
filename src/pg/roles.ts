import { AthanorError } from '../util/errors.js';
import { maskedMessage } from '../util/mask.js';
import type { Driver } from './connection/driver.js';
import { SESSION_ROLE_SQL } from './catalog/catalog-owners.js';
import { quoteDollar, quoteIdent } from './quote.js';
import { isRoleGrantee } from '../schema/model.js';

/** Of the role names given, those the cluster does not have (`PUBLIC` and `OWNER` are no roles and never missing), sorted. */
export async function missingRoles(driver: Driver, names: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(names)].filter(isRoleGrantee);
  if (wanted.length === 0) return [];
  const { rows } = await driver.query<{ name: string }>(
    `SELECT r AS name FROM unnest($1::text[]) AS r
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r)
     ORDER BY r COLLATE "C"`,
    [wanted],
  );
  return rows.map((row) => row.name);
}

/** The role the session runs as (`current_user`): the role `ALTER DEFAULT PRIVILEGES` without `FOR ROLE` is about. */
export async function currentRole(driver: Driver): Promise<string> {
  const { rows } = await driver.query<{ name: string }>(SESSION_ROLE_SQL);
  return rows[0]!.name;
}

/** The role that owns a schema (`pg_database_owner` for `public` from PostgreSQL 14 on), '' for none of that name. */
export async function schemaOwner(driver: Driver, schema: string): Promise<string> {
  const { rows } = await driver.query<{ owner: string }>(
    'SELECT pg_catalog.pg_get_userbyid(nspowner)::text AS owner FROM pg_catalog.pg_namespace WHERE nspname = $1',
    [schema],
  );
  return rows[0]?.owner ?? '';
}

/** Creates the roles a config lists that the cluster lacks (`createMissingRoles`), telling which when there are some. */
export async function createListedRoles(
  driver: Driver,
  names: readonly string[],
  told: (created: string[]) => void,
): Promise<void> {
  if (names.length === 0) return;
  const created = await createMissingRoles(driver, names);
  if (created.length > 0) told(created);
}

/**
 * Creates those of `names` the cluster lacks, as roles that cannot log in;
 * one another run created meanwhile is taken as it is. Returns the roles it
 * created, sorted.
 */
export async function createMissingRoles(driver: Driver, names: readonly string[]): Promise<string[]> {
  const missing = await missingRoles(driver, names);
  for (const name of missing) {
    // Runs at once (tenants of a fleet) may race: the loser sees the role exist, or its catalog row.
    const body = `BEGIN CREATE ROLE ${quoteIdent(name)} NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END`;
    try {
      await driver.exec(`DO ${quoteDollar(body, 'athanor')}`);
    } catch (error) {
      throw new AthanorError(
        'missing-roles',
        `cannot create the role ${name} that roles in the config lists: ${maskedMessage(error)}; create it as a role with CREATEROLE, then run again; nothing was applied`,
        { cause: error },
      );
    }
  }
  return missing;
}
