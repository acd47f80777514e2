import type {
  GrantModel,
  GrantObjectKind,
  OwnerObjectKind,
  OwnerTarget,
  Privilege,
  PrivilegesSetting,
} from '../../schema/model.js';
import {
  compareGrants,
  describeGrantTarget,
  managedGrants,
  modelGrantee,
  OWNER_GRANTEE,
  PUBLIC_GRANTEE,
} from '../../schema/model.js';
import { AthanorError } from '../../util/errors.js';
import { quoteIdent } from '../../sql/identifier.js';
import { SERVERS } from './catalog-foreign.js';
import { aclGranteeName, markerNamedRole, NAMESPACES } from './catalog-queries.js';
import { extensionMember } from './unmodeled/catalog-unmodeled-helpers.js';

/**
 * The objects privileges can be on, with their owner, ACL and the kind's
 * default ACL (`acldefault`), one row per relation, sequence, schema,
 * routine, enum, composite type and domain, and one per column with an ACL
 * of its own (`column_name`), and the wrappers and servers (in no schema,
 * '') of `srv`; `linked` is a sequence a column owns (serial, identity).
 * Objects an extension made are left out but for its wrappers
 * (`from_extension`). A CTE body over `ns` and `srv`.
 */
export const GRANTABLE_OBJECTS_SQL = `
  SELECT CASE WHEN c.relkind IN ('v', 'm') THEN 'view' WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END AS kind,
    ns.nspname AS schema, c.relname AS name, NULL::text AS argument_types, NULL::text AS column_name,
    c.relowner AS owner, c.relacl AS acl,
    acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner) AS dflt,
    c.relkind = 'S' AND EXISTS (
      SELECT 1 FROM pg_depend d
      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
        AND d.deptype IN ('a', 'i')
    ) AS linked,
    false AS from_extension
  FROM pg_class c
  JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND NOT ${extensionMember('pg_class', 'c.oid')}
  UNION ALL
  SELECT CASE WHEN c.relkind IN ('v', 'm') THEN 'view' ELSE 'table' END,
    ns.nspname, c.relname, NULL, a.attname::text, c.relowner, a.attacl, NULL::aclitem[], false, false
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN ns ON ns.oid = c.relnamespace
  WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
    AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT ${extensionMember('pg_class', 'c.oid')}
  UNION ALL
  SELECT 'schema', ns.nspname, ns.nspname, NULL, NULL, n.nspowner, n.nspacl, acldefault('n', n.nspowner), false, false
  FROM pg_namespace n
  JOIN ns ON ns.oid = n.oid
  WHERE NOT ${extensionMember('pg_namespace', 'n.oid')}
  UNION ALL
  SELECT CASE WHEN p.prokind = 'p' THEN 'procedure' ELSE 'function' END,
    ns.nspname, p.proname, oidvectortypes(p.proargtypes), NULL, p.proowner, p.proacl, acldefault('f', p.proowner), false, false
  FROM pg_proc p
  JOIN ns ON ns.oid = p.pronamespace
  WHERE NOT ${extensionMember('pg_proc', 'p.oid')}
    AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid AND x.deptype = 'i')
  UNION ALL
  SELECT CASE WHEN t.typtype = 'd' THEN 'domain' ELSE 'type' END,
    ns.nspname, t.typname, NULL, NULL, t.typowner, t.typacl, acldefault('T', t.typowner), false, false
  FROM pg_type t
  JOIN ns ON ns.oid = t.typnamespace
  WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c')))
    AND NOT ${extensionMember('pg_type', 't.oid')}
  UNION ALL
  SELECT 'foreignDataWrapper', '', w.fdwname, NULL, NULL, w.fdwowner, w.fdwacl, acldefault('F', w.fdwowner),
    false, ${extensionMember('pg_foreign_data_wrapper', 'w.oid')}
  FROM pg_foreign_data_wrapper w
  WHERE EXISTS (SELECT 1 FROM srv WHERE srv.srvfdw = w.oid)
    OR NOT EXISTS (SELECT 1 FROM pg_foreign_server s WHERE s.srvfdw = w.oid)
  UNION ALL
  SELECT 'foreignServer', '', s.srvname, NULL, NULL, s.srvowner, s.srvacl, acldefault('S', s.srvowner), false, false
  FROM srv
  JOIN pg_foreign_server s ON s.oid = srv.oid
`;

/**
 * The privileges on relations (and their columns), sequences, schemas,
 * routines, enums, composite types, domains, foreign data wrappers and
 * servers, for the batched objects statement (catalog-objects-statement.ts),
 * read only when the `privileges` setting manages them. Each object's ACL is
 * read as Postgres computes it: a NULL ACL is the kind's default
 * (`acldefault`). What the ACL grants beyond the default comes out as a row,
 * and so does what the default grants and the ACL does not (`revoked`); the
 * owner's own privileges are left out (but for a column's, entries of its
 * own) except those it took away from itself, which come out as revoked from
 * `OWNER` (`OWNER_GRANTEE`), and those it holds with the grant option (which
 * an owner has anyway, but its ACL shows), granted to `OWNER`; grants of one
 * privilege by several grantors are one row (with the grant option when any
 * has it).
 * Objects an extension made are left out, but for its wrappers: the
 * extension is modeled and not its wrapper, yet the grants on the wrapper
 * (`GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw`) are the database's
 * own. Wrappers and servers, in no schema (''), are read as their models
 * are (catalog-foreign.ts): those of foreign tables of other schemas only
 * are left to those schemas' model.
 */
export const GRANTS_SQL = `
WITH ${NAMESPACES},
srv AS (${SERVERS}),
objs AS (${GRANTABLE_OBJECTS_SQL}),
entries AS (
  SELECT o.kind, o.schema, o.name, o.argument_types, o.column_name, o.owner, e.grantee, e.privilege_type,
    bool_or(e.is_grantable) AS grantable, false AS revoked, false AS of_owner
  FROM objs o, aclexplode(COALESCE(o.acl, o.dflt)) e
  WHERE (e.grantee <> o.owner OR o.column_name IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM aclexplode(o.dflt) d WHERE d.grantee = e.grantee AND d.privilege_type = e.privilege_type)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  UNION ALL
  SELECT o.kind, o.schema, o.name, o.argument_types, o.column_name, o.owner, d.grantee, d.privilege_type,
    false, true, d.grantee = o.owner
  FROM objs o, aclexplode(o.dflt) d
  WHERE NOT EXISTS (
      SELECT 1 FROM aclexplode(COALESCE(o.acl, o.dflt)) e WHERE e.grantee = d.grantee AND e.privilege_type = d.privilege_type
    )
  UNION ALL
  SELECT o.kind, o.schema, o.name, o.argument_types, o.column_name, o.owner, e.grantee, e.privilege_type,
    true, false, true
  FROM objs o, aclexplode(o.acl) e
  WHERE o.column_name IS NULL AND e.grantee = o.owner
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  HAVING bool_or(e.is_grantable)
)
SELECT kind, schema, name, argument_types, column_name,
  ${aclGranteeName('grantee', 'of_owner')} AS grantee,
  privilege_type AS privilege, grantable, revoked, ${markerNamedRole('grantee', 'of_owner')} AS marker_named
FROM entries`;

export interface GrantRow {
  kind: GrantObjectKind;
  schema: string;
  name: string;
  argument_types: string | null;
  column_name: string | null;
  grantee: string;
  privilege: Privilege;
  grantable: boolean;
  revoked: boolean;
  /** A role named as a marker of the model is the grantee (`markerNamedRole`). */
  marker_named: boolean;
}

/** The object a row of the privileges' or the owners' reading is on. */
export function targetOfRow<K extends OwnerObjectKind>(row: {
  kind: K;
  schema: string;
  name: string;
  argument_types: string | null;
}): OwnerTarget & { readonly on: K } {
  return {
    on: row.kind,
    schema: row.schema,
    name: row.name,
    ...(row.argument_types === null ? {} : { argumentTypes: row.argument_types }),
  };
}

/** The kinds whose rows `keep` does not decide on: no relation is of them (a schema, a wrapper, a server). */
export const NO_RELATION: ReadonlySet<OwnerObjectKind> = new Set(['schema', 'foreignDataWrapper', 'foreignServer']);

/**
 * Refuses, in one line, an entry of a role whose name the model spells a marker with (`OWNER`, or `PUBLIC`
 * in any case) among those the setting manages: a model could not tell the role from the marker. `on`
 * says what the entry is on.
 */
export function refuseMarkerNamedRoles<R extends { grantee: string; privilege: Privilege; marker_named: boolean }>(
  rows: readonly R[],
  setting: PrivilegesSetting | undefined,
  on: (row: R) => string,
): void {
  const row = managedGrants(
    rows.filter((r) => r.marker_named),
    setting,
  )[0];
  if (row === undefined) return;
  throw new AthanorError(
    'reflect',
    `role "${row.grantee}" holds ${row.privilege} on ${on(row)}, but ${markerMeaning(row.grantee)} in a model: ${renameRole(row.grantee)} or leave it out of the privileges setting`,
  );
}

/**
 * Refuses, in one line, to keep a grant the setting leaves alone on an object a comparison drops and makes
 * again (`grants`, read by `allGrantsFromRows`) where its role is named as a marker (`markerNamed`): the
 * model would give it to the owner or to every role.
 */
export function refuseKeepingMarkerNamed(grants: readonly GrantModel[], markerNamed: ReadonlySet<GrantModel>): void {
  const grant = grants.find((g) => markerNamed.has(g));
  if (grant === undefined) return;
  throw new AthanorError(
    'reflect',
    `role "${grant.grantee}" holds ${grant.privilege} on ${describeGrantTarget(grant.target, grant.column)}, which the changes drop and create again, but ${markerMeaning(grant.grantee)} in a model: ${renameRole(grant.grantee)} to keep its grants there`,
  );
}

/** What a role's name means in a model: the owner's marker or PUBLIC. */
function markerMeaning(grantee: string): string {
  return modelGrantee(grantee) === PUBLIC_GRANTEE
    ? `${PUBLIC_GRANTEE} is every role`
    : `${OWNER_GRANTEE} is each object's owner`;
}

function renameRole(grantee: string): string {
  return `rename the role (ALTER ROLE ${quoteIdent(grantee)} RENAME TO ...)`;
}

/**
 * Every row as the model's entry (`privileges: 'all'`), and those of a role named as a marker of the model
 * (`markerNamedRole`), which a model cannot tell from the marker.
 */
export function allGrantsFromRows(rows: readonly GrantRow[]): {
  grants: GrantModel[];
  markerNamed: ReadonlySet<GrantModel>;
} {
  const grants = rows.map(grantFromRow);
  const markerNamed = new Set(grants.filter((_, i) => rows[i]!.marker_named));
  return { grants: grants.sort(compareGrants), markerNamed };
}

/** The rows as the model's entries, sorted; `keep` says which relations are read (not the version table). */
export function grantsFromRows(
  rows: readonly GrantRow[],
  keep: (schema: string, name: string) => boolean,
): GrantModel[] {
  return rows
    .filter((row) => NO_RELATION.has(row.kind) || keep(row.schema, row.name))
    .map(grantFromRow)
    .sort(compareGrants);
}

function grantFromRow(row: GrantRow): GrantModel {
  return {
    target: targetOfRow(row),
    ...(row.column_name === null ? {} : { column: row.column_name }),
    grantee: row.grantee,
    privilege: row.privilege,
    grantOption: row.revoked ? false : row.grantable,
    ...(row.revoked ? { revoked: true as const } : {}),
  };
}
