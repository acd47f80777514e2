import type { DefaultPrivilegeModel, DefaultPrivilegeObjects, Privilege } from '../../schema/model.js';
import { compareDefaultPrivileges } from '../../schema/model.js';
import { aclGranteeName, markerNamedRole, NAMESPACES } from './catalog-queries.js';

/**
 * The default privileges (`pg_default_acl`), for the batched objects
 * statement, read only when the `privileges` setting manages them; those for
 * one schema only for the schemas read. They are read as Postgres stores
 * them: a global entry's ACL as a difference from the kind's hard-wired
 * default (`acldefault`), so that what it takes away comes out as a row
 * (`revoked`); an entry for one schema as the privileges it adds, to the
 * role itself too (`FOR ROLE postgres IN SCHEMA s ... TO postgres`, which
 * Supabase's schemas have). A global entry's own privileges for the role are
 * left out, but those it takes away from itself, which come out as revoked
 * from `OWNER` (`OWNER_GRANTEE`: the new object's owner), and those it gives
 * itself with the grant option, granted to `OWNER` with it; grants of one
 * privilege by several grantors are one row. The
 * role is NULL when it is the session's (`current_user`), the role the
 * migrations run as.
 */
export const DEFAULT_PRIVILEGES_SQL = `
WITH ${NAMESPACES},
d AS (
  SELECT d.defaclrole AS role, ns.nspname AS schema,
    CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
      WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' END AS kind,
    d.defaclacl AS acl,
    CASE WHEN d.defaclnamespace = 0
      THEN acldefault(CASE d.defaclobjtype WHEN 'S' THEN 's' ELSE d.defaclobjtype END, d.defaclrole)
      END AS dflt
  FROM pg_default_acl d
  LEFT JOIN ns ON ns.oid = d.defaclnamespace
  WHERE d.defaclnamespace = 0 OR ns.oid IS NOT NULL
),
entries AS (
  SELECT d.role, d.schema, d.kind, e.grantee, e.privilege_type, bool_or(e.is_grantable) AS grantable, false AS revoked,
    false AS of_owner
  FROM d, aclexplode(d.acl) e
  WHERE (e.grantee <> d.role OR d.dflt IS NULL)
    AND NOT EXISTS (SELECT 1 FROM aclexplode(d.dflt) x WHERE x.grantee = e.grantee AND x.privilege_type = e.privilege_type)
  GROUP BY 1, 2, 3, 4, 5
  UNION ALL
  SELECT d.role, d.schema, d.kind, x.grantee, x.privilege_type, false, true, x.grantee = d.role
  FROM d, aclexplode(d.dflt) x
  WHERE NOT EXISTS (SELECT 1 FROM aclexplode(d.acl) e WHERE e.grantee = x.grantee AND e.privilege_type = x.privilege_type)
  UNION ALL
  SELECT d.role, d.schema, d.kind, e.grantee, e.privilege_type, true, false, true
  FROM d, aclexplode(d.acl) e
  WHERE d.dflt IS NOT NULL AND e.grantee = d.role
  GROUP BY 1, 2, 3, 4, 5
  HAVING bool_or(e.is_grantable)
)
SELECT CASE WHEN pg_get_userbyid(role) = current_user THEN NULL ELSE pg_get_userbyid(role)::text END AS role,
  schema, kind, ${aclGranteeName('grantee', 'of_owner')} AS grantee,
  privilege_type AS privilege, grantable, revoked, ${markerNamedRole('grantee', 'of_owner')} AS marker_named
FROM entries`;

export interface DefaultPrivilegeRow {
  role: string | null;
  schema: string | null;
  kind: DefaultPrivilegeObjects;
  grantee: string;
  privilege: Privilege;
  grantable: boolean;
  revoked: boolean;
  /** A role named as a marker of the model is the grantee (`markerNamedRole`). */
  marker_named: boolean;
}

/** The rows as the model's entries, sorted. */
export function defaultPrivilegesFromRows(rows: readonly DefaultPrivilegeRow[]): DefaultPrivilegeModel[] {
  return rows
    .map((row): DefaultPrivilegeModel => ({
      ...(row.role === null ? {} : { role: row.role }),
      ...(row.schema === null ? {} : { schema: row.schema }),
      on: row.kind,
      grantee: row.grantee,
      privilege: row.privilege,
      grantOption: row.revoked ? false : row.grantable,
      ...(row.revoked ? { revoked: true as const } : {}),
    }))
    .sort(compareDefaultPrivileges);
}
