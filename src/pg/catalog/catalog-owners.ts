import type { OwnerModel, OwnerObjectKind } from '../../schema/model.js';
import { compareOwners } from '../../schema/model.js';
import { isDatabaseKind, isOwnedOnly, OWNED_KINDS, type OwnedObjectKind } from '../../schema/object-kinds.js';
import { GRANTABLE_OBJECTS_SQL, NO_RELATION, targetOfRow } from './catalog-grants.js';
import { SERVERS } from './catalog-foreign.js';
import { NAMESPACES } from './catalog-queries.js';
import { extensionMember } from './unmodeled/catalog-unmodeled-helpers.js';

/**
 * Where the objects of each kind only owned are catalogued: the catalog, and
 * the prefix of its name, owner and namespace columns (`collname`,
 * `collowner`, `collnamespace`); a kind in no schema (`isDatabaseKind`) has
 * no namespace column. The objects statement's table of kinds
 * (catalog-objects-statement.ts) gives it.
 */
export type OwnedCatalogs = {
  readonly [K in OwnedObjectKind]: { readonly catalog: string; readonly prefix: string };
};

/**
 * The objects only owned, no privilege granted on them, with their owners;
 * those an extension made are left out, and the reading keeps those of the
 * objects the model holds.
 */
function ownedObjectsSql(catalogs: OwnedCatalogs): string {
  return OWNED_KINDS.map((kind) => {
    const { catalog, prefix } = catalogs[kind];
    const inSchema = !isDatabaseKind(kind);
    return `
  SELECT '${kind}' AS kind, ${inSchema ? 'ns.nspname' : "''"} AS schema, o.${prefix}name AS name, o.${prefix}owner AS owner
  FROM ${catalog} o${inSchema ? `\n  JOIN ns ON ns.oid = o.${prefix}namespace` : ''}
  WHERE NOT ${extensionMember(catalog, 'o.oid')}`;
  }).join('\n  UNION ALL');
}

/**
 * The oid of the role that owns the `public` schema of a new database: `pg_database_owner` from
 * PostgreSQL 14 on, the bootstrap superuser (oid 10) before.
 */
export const PUBLIC_DEFAULT_OWNER_OID = `COALESCE(
    (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = 'pg_database_owner'
       AND current_setting('server_version_num')::integer >= 140000),
    10)`;

/**
 * The owner of every object privileges can be on (relations, sequences,
 * schemas, routines, enums, composite types, domains, wrappers and servers),
 * and of every object only owned (`catalogs`), for the batched objects statement
 * (catalog-objects-statement.ts), read when the project manages privileges or
 * owners. A sequence a column owns goes with its table (`ALTER TABLE ...
 * OWNER` moves it), the `public` schema where its default owner has it
 * (`isPublicSchema`: `pg_database_owner`, the bootstrap superuser before 14),
 * and objects an extension made are left out, as the privileges' reading
 * leaves them.
 */
export function ownersSql(catalogs: OwnedCatalogs): string {
  return `
WITH ${NAMESPACES},
srv AS (${SERVERS}),
objs AS (${GRANTABLE_OBJECTS_SQL}),
owned AS (${ownedObjectsSql(catalogs)})
SELECT kind, schema, name, argument_types, pg_get_userbyid(owner)::text AS owner
FROM objs
WHERE column_name IS NULL AND NOT linked AND NOT from_extension
  AND NOT (kind = 'schema' AND name = 'public' AND owner = ${PUBLIC_DEFAULT_OWNER_OID})
UNION ALL
SELECT kind, schema, name, NULL, pg_get_userbyid(owner)::text
FROM owned`;
}

/** The role the reading runs as, who owns what the migrations create. */
export const SESSION_ROLE_SQL = `SELECT current_user::text AS name`;

export interface OwnerRow {
  kind: OwnerObjectKind;
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
    .filter((row) => isOwnedOnly(row.kind) || NO_RELATION.has(row.kind) || keep(row.schema, row.name))
    .map((row): OwnerModel => ({ target: targetOfRow(row), owner: row.owner }))
    .sort(compareOwners);
}
