import type { GrantObjectKind, OwnerModel } from '../../schema/model.js';
import { compareOwners } from '../../schema/model.js';
import { GRANTABLE_OBJECTS_SQL, NO_RELATION, targetOfRow } from './catalog-grants.js';
import { SERVERS } from './catalog-foreign.js';
import { NAMESPACES } from './catalog-queries.js';

/**
 * The owner of every object privileges can be on (relations, sequences,
 * schemas, routines, enums, composite types, domains, wrappers and servers), for the batched
 * objects statement (catalog-objects-statement.ts), read when the project
 * manages privileges or owners. A sequence a column owns goes with its
 * table (`ALTER TABLE ... OWNER` moves it), the `public` schema is the
 * database's, and objects an extension made are left out, as the privileges'
 * reading leaves them.
 */
export const OWNERS_SQL = `
WITH ${NAMESPACES},
srv AS (${SERVERS}),
objs AS (${GRANTABLE_OBJECTS_SQL})
SELECT kind, schema, name, argument_types, pg_get_userbyid(owner)::text AS owner
FROM objs
WHERE column_name IS NULL AND NOT linked AND NOT from_extension AND NOT (kind = 'schema' AND name = 'public')`;

/** The role the reading runs as, who owns what the migrations create. */
export const SESSION_ROLE_SQL = `SELECT current_user::text AS name`;

export interface OwnerRow {
  kind: GrantObjectKind;
  schema: string;
  name: string;
  argument_types: string | null;
  owner: string;
}

/** The rows as owners, sorted; `keep` says which relations are read (not the version table). */
export function ownersFromRows(
  rows: readonly OwnerRow[],
  keep: (schema: string, name: string) => boolean,
): OwnerModel[] {
  return rows
    .filter((row) => NO_RELATION.has(row.kind) || keep(row.schema, row.name))
    .map((row): OwnerModel => ({ target: targetOfRow(row), owner: row.owner }))
    .sort(compareOwners);
}
