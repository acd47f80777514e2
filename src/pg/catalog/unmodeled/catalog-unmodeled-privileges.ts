import { granteeName } from '../catalog-queries.js';
import { extensionMember, type UnmodeledPart } from './catalog-unmodeled-helpers.js';

/**
 * Privileges the model cannot hold, listed when the `privileges` setting
 * manages privileges: those on an extension's members (its functions, tables,
 * sequences and types) that differ from what the extension's script left
 * (`pg_init_privs`), as pg_dump dumps them. The model holds no extension's
 * members, so a `GRANT EXECUTE ON FUNCTION` on pgcrypto's `crypt` to a role
 * of the database's own would otherwise be lost without a word. `$2` is the
 * roles the setting manages (`text[]`, `PUBLIC` for PUBLIC), or null for every
 * role. Each part follows the shape described in catalog-unmodeled-helpers.ts.
 */

/**
 * Each member in the reflected schemas with what it is as GRANT names it
 * (`word`, `target`), its column (`column_name`, for a column's own ACL), its
 * ACL and the kind's default ACL.
 */
const MEMBERS = `
SELECT 'pg_class'::regclass AS classid, c.oid AS objid, 0 AS objsubid,
  CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS word,
  format('%I.%I', ns.nspname, c.relname) AS target, NULL::text AS column_name, c.relacl AS acl,
  acldefault(CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char", c.relowner) AS dflt,
  ns.nspname AS rel_schema, c.relname AS rel_name
FROM pg_class c
JOIN ns ON ns.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND ${extensionMember('pg_class', 'c.oid')}
UNION ALL
SELECT 'pg_class'::regclass, c.oid, a.attnum, 'TABLE', format('%I.%I', ns.nspname, c.relname), a.attname::text,
  a.attacl, '{}'::aclitem[], ns.nspname, c.relname
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN ns ON ns.oid = c.relnamespace
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND ${extensionMember('pg_class', 'c.oid')}
UNION ALL
SELECT 'pg_proc'::regclass, p.oid, 0, CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END,
  p.oid::regprocedure::text, NULL, p.proacl, acldefault('f', p.proowner), NULL, NULL
FROM pg_proc p
JOIN ns ON ns.oid = p.pronamespace
WHERE p.prokind IN ('f', 'p', 'w') AND ${extensionMember('pg_proc', 'p.oid')}
UNION ALL
SELECT 'pg_type'::regclass, t.oid, 0, CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END,
  format('%I.%I', ns.nspname, t.typname), NULL, t.typacl, acldefault('T', t.typowner), NULL, NULL
FROM pg_type t
JOIN ns ON ns.oid = t.typnamespace
WHERE ${extensionMember('pg_type', 't.oid')}`;

/** The entries of ACL `acl`, one per grantee and privilege, with the grant option when any grantor gave it. */
function entries(acl: string): string {
  return `(
      SELECT e.grantee, e.privilege_type, bool_or(e.is_grantable) AS grantable
      FROM aclexplode(${acl}) e GROUP BY 1, 2
    )`;
}

/**
 * What each member's ACL grants beyond what the extension left, and what it
 * left that the ACL no longer grants, one statement per member, grantee and
 * change: `GRANT`, `GRANT ... WITH GRANT OPTION`, `REVOKE`, or `REVOKE GRANT
 * OPTION FOR`. A privilege given by several grantors is one entry.
 */
const EXTENSION_MEMBER_PRIVILEGES = `
WITH members AS (${MEMBERS}),
changes AS (
  SELECT m.word, m.target, m.column_name, m.rel_schema, m.rel_name, c.grantee, c.privilege_type, c.change
  FROM members m
  LEFT JOIN pg_init_privs ip ON ip.classoid = m.classid AND ip.objoid = m.objid AND ip.objsubid = m.objsubid
  CROSS JOIN LATERAL (
    SELECT COALESCE(now.grantee, was.grantee) AS grantee, COALESCE(now.privilege_type, was.privilege_type) AS privilege_type,
      CASE
        WHEN was.grantee IS NULL THEN CASE WHEN now.grantable THEN 'grant with option' ELSE 'grant' END
        WHEN now.grantee IS NULL THEN 'revoke'
        WHEN now.grantable AND NOT was.grantable THEN 'grant with option'
        WHEN was.grantable AND NOT now.grantable THEN 'revoke option'
      END AS change
    FROM ${entries('COALESCE(m.acl, m.dflt)')} now
    FULL JOIN ${entries('COALESCE(ip.initprivs, m.dflt)')} was ON was.grantee = now.grantee AND was.privilege_type = now.privilege_type
  ) c
  WHERE c.change IS NOT NULL
),
named AS (
  SELECT ch.*, ${granteeName('ch.grantee')} AS role
  FROM changes ch
)
SELECT lower(word) || ' ' || target || COALESCE('.' || column_name, '') || ' to ' || role AS name,
  format(
    CASE change
      WHEN 'grant' THEN 'GRANT %s ON %s %s TO %s;'
      WHEN 'grant with option' THEN 'GRANT %s ON %s %s TO %s WITH GRANT OPTION;'
      WHEN 'revoke' THEN 'REVOKE %s ON %s %s FROM %s;'
      ELSE 'REVOKE GRANT OPTION FOR %s ON %s %s FROM %s;'
    END,
    string_agg(privilege_type || COALESCE(' (' || quote_ident(column_name) || ')', ''), ', ' ORDER BY privilege_type),
    word, target, CASE WHEN role = 'PUBLIC' THEN 'PUBLIC' ELSE quote_ident(role) END
  ) AS definition,
  NULL AS description, rel_schema, rel_name
FROM named
WHERE $2::text[] IS NULL OR role = ANY($2::text[])
GROUP BY word, target, column_name, role, change, rel_schema, rel_name`;

/** Listed only when the reading manages privileges (`unmodeledSql`'s `privileges`). */
export const PRIVILEGE_PARTS: readonly UnmodeledPart[] = [
  { kind: 'extension member privilege', sql: EXTENSION_MEMBER_PRIVILEGES },
];
