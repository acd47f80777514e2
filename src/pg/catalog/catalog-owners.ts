import type { GrantObjectKind, OwnerModel } from '../../schema/model.js';
import { compareOwners } from '../../schema/model.js';
import { NAMESPACES } from './catalog-queries.js';
import { extensionMember } from './unmodeled/catalog-unmodeled-helpers.js';

/**
 * The owner of every object privileges can be on (relations, sequences,
 * schemas, routines, enums, composite types and domains), for the batched
 * objects statement (catalog-objects-statement.ts), read when the project
 * manages privileges or owners. A sequence a column owns goes with its
 * table (`ALTER TABLE ... OWNER` moves it), the `public` schema is the
 * database's, and objects an extension made are left out, as the privileges'
 * reading leaves them.
 */
export const OWNERS_SQL = `
WITH ${NAMESPACES}
SELECT CASE WHEN c.relkind IN ('v', 'm') THEN 'view' WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END AS kind,
  ns.nspname AS schema, c.relname AS name, NULL::text AS argument_types, pg_get_userbyid(c.relowner)::text AS owner
FROM pg_class c
JOIN ns ON ns.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND NOT ${extensionMember('pg_class', 'c.oid')}
  AND NOT (c.relkind = 'S' AND EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
  ))
UNION ALL
SELECT 'schema', ns.nspname, ns.nspname, NULL, pg_get_userbyid(n.nspowner)::text
FROM pg_namespace n
JOIN ns ON ns.oid = n.oid
WHERE n.nspname <> 'public' AND NOT ${extensionMember('pg_namespace', 'n.oid')}
UNION ALL
SELECT CASE WHEN p.prokind = 'p' THEN 'procedure' ELSE 'function' END,
  ns.nspname, p.proname, oidvectortypes(p.proargtypes), pg_get_userbyid(p.proowner)::text
FROM pg_proc p
JOIN ns ON ns.oid = p.pronamespace
WHERE NOT ${extensionMember('pg_proc', 'p.oid')}
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid AND x.deptype = 'i')
UNION ALL
SELECT CASE WHEN t.typtype = 'd' THEN 'domain' ELSE 'type' END,
  ns.nspname, t.typname, NULL, pg_get_userbyid(t.typowner)::text
FROM pg_type t
JOIN ns ON ns.oid = t.typnamespace
WHERE (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c')))
  AND NOT ${extensionMember('pg_type', 't.oid')}`;

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
    .filter((row) => row.kind === 'schema' || keep(row.schema, row.name))
    .map((row): OwnerModel => ({
      target: {
        on: row.kind,
        schema: row.schema,
        name: row.name,
        ...(row.argument_types === null ? {} : { argumentTypes: row.argument_types }),
      },
      owner: row.owner,
    }))
    .sort(compareOwners);
}
