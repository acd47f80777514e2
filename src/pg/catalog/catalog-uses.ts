import { SCOPE } from './catalog-queries.js';

/**
 * What uses a column of a reflected table or a routine of a reflected
 * schema, as the server records it in `pg_depend` (normal and automatic
 * dependencies): a row-level security policy (its USING and WITH CHECK), a
 * trigger (`UPDATE OF`, its WHEN and its function), a constraint, an index
 * (its keys, expressions and predicate), a generated column (its expression)
 * and a column default. NOT NULL constraints (PostgreSQL 18) are the columns'
 * own and left out. A generated column's uses hang off its default from
 * PostgreSQL 14 on, and off the column itself before (12 and 13): both are
 * read. One row per user and what it uses, in one statement for
 * every table; `$1` as in every catalog query.
 *
 * The catalog knows what Postgres itself holds on to: a trigger function's
 * arguments and a routine's body are text it does not read, and name nothing
 * here.
 */
export const USES_SQL = `
WITH ${SCOPE},
  routines AS (SELECT p.oid, ns.nspname AS schema, p.proname::text AS name, oidvectortypes(p.proargtypes) AS args
    FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace),
  dep AS (
    SELECT DISTINCT d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid, d.refobjsubid
    FROM pg_depend d
    WHERE d.deptype IN ('n', 'a')
      AND d.classid IN ('pg_policy'::regclass, 'pg_trigger'::regclass, 'pg_constraint'::regclass,
                        'pg_class'::regclass, 'pg_attrdef'::regclass)
      AND ((d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.refobjid IN (SELECT oid FROM rel))
        OR (d.refclassid = 'pg_proc'::regclass AND d.refobjid IN (SELECT oid FROM routines)))
  ),
  users AS (
    SELECT 'policy' AS kind, p.polrelid AS table_oid, p.polname::text AS name, dep.refclassid, dep.refobjid, dep.refobjsubid
    FROM dep JOIN pg_policy p ON dep.classid = 'pg_policy'::regclass AND p.oid = dep.objid
    UNION ALL
    SELECT 'trigger', t.tgrelid, t.tgname::text, dep.refclassid, dep.refobjid, dep.refobjsubid
    FROM dep JOIN pg_trigger t ON dep.classid = 'pg_trigger'::regclass AND t.oid = dep.objid AND NOT t.tgisinternal
    UNION ALL
    SELECT 'constraint', c.conrelid, c.conname::text, dep.refclassid, dep.refobjid, dep.refobjsubid
    FROM dep JOIN pg_constraint c ON dep.classid = 'pg_constraint'::regclass AND c.oid = dep.objid AND c.conrelid <> 0
      AND c.contype <> 'n'
    UNION ALL
    SELECT 'index', i.indrelid, ic.relname::text, dep.refclassid, dep.refobjid, dep.refobjsubid
    FROM dep
    JOIN pg_index i ON dep.classid = 'pg_class'::regclass AND i.indexrelid = dep.objid
    JOIN pg_class ic ON ic.oid = i.indexrelid
    UNION ALL
    SELECT CASE WHEN a.attgenerated <> '' THEN 'column' ELSE 'default' END, ad.adrelid, a.attname::text,
      dep.refclassid, dep.refobjid, dep.refobjsubid
    FROM dep
    JOIN pg_attrdef ad ON dep.classid = 'pg_attrdef'::regclass AND ad.oid = dep.objid
    JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
    WHERE NOT (dep.refclassid = 'pg_class'::regclass AND dep.refobjid = ad.adrelid AND dep.refobjsubid = ad.adnum)
    UNION ALL
    SELECT 'column', a.attrelid, a.attname::text, dep.refclassid, dep.refobjid, dep.refobjsubid
    FROM dep
    JOIN pg_attribute a ON dep.classid = 'pg_class'::regclass AND dep.objsubid > 0
      AND a.attrelid = dep.objid AND a.attnum = dep.objsubid AND a.attgenerated <> ''
    WHERE NOT (dep.refclassid = 'pg_class'::regclass AND dep.refobjid = dep.objid AND dep.refobjsubid = dep.objsubid)
  )
SELECT u.kind, owner.schema, owner.name AS table_name, u.name,
  CASE WHEN u.refclassid = 'pg_proc'::regclass THEN 'routine' ELSE 'column' END AS used_kind,
  COALESCE(used.schema, r.schema) AS used_schema, COALESCE(used.name, r.name) AS used_name,
  COALESCE(ua.attname::text, r.args) AS used_part
FROM users u
JOIN rel owner ON owner.oid = u.table_oid
LEFT JOIN rel used ON u.refclassid = 'pg_class'::regclass AND used.oid = u.refobjid
LEFT JOIN pg_attribute ua ON u.refclassid = 'pg_class'::regclass AND ua.attrelid = u.refobjid AND ua.attnum = u.refobjsubid
LEFT JOIN routines r ON u.refclassid = 'pg_proc'::regclass AND r.oid = u.refobjid`;

export interface UseRow {
  /** What uses: 'policy', 'trigger', 'constraint', 'index', 'column' (a generated one) or 'default' (a column's). */
  kind: 'policy' | 'trigger' | 'constraint' | 'index' | 'column' | 'default';
  schema: string;
  table_name: string;
  /** The user's name on its table (a column's, for a generated column or a default). */
  name: string;
  /** What is used: a column of a reflected table, or a routine of a reflected schema. */
  used_kind: 'column' | 'routine';
  used_schema: string;
  /** The table of a column, or the routine. */
  used_name: string;
  /** The column's name, or the routine's argument types (`oidvectortypes`, as a routine's model has them). */
  used_part: string;
}
