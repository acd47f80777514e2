import { SCOPE } from './catalog-queries.js';

/**
 * What uses a column of a reflected table, as the server records it in
 * `pg_depend` (normal and automatic dependencies): a row-level security
 * policy (its USING and WITH CHECK), a trigger (`UPDATE OF` and its WHEN), a
 * constraint, an index (its keys, expressions and predicate) and a generated
 * column (its expression). NOT NULL constraints (PostgreSQL 18) are the
 * columns' own and left out. One row per user and column used, in one
 * statement for every table; `$1` as in every catalog query.
 *
 * The catalog knows what Postgres itself holds on to: a trigger function's
 * arguments and a routine's body are text it does not read, and name nothing
 * here.
 */
export const COLUMN_USES_SQL = `
WITH ${SCOPE},
  dep AS (
    SELECT DISTINCT d.classid, d.objid, d.refobjid, d.refobjsubid
    FROM pg_depend d
    JOIN rel ON rel.oid = d.refobjid
    WHERE d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('n', 'a')
      AND d.classid IN ('pg_policy'::regclass, 'pg_trigger'::regclass, 'pg_constraint'::regclass,
                        'pg_class'::regclass, 'pg_attrdef'::regclass)
  ),
  users AS (
    SELECT 'policy' AS kind, p.polrelid AS table_oid, p.polname::text AS name, dep.refobjid, dep.refobjsubid
    FROM dep JOIN pg_policy p ON dep.classid = 'pg_policy'::regclass AND p.oid = dep.objid
    UNION ALL
    SELECT 'trigger', t.tgrelid, t.tgname::text, dep.refobjid, dep.refobjsubid
    FROM dep JOIN pg_trigger t ON dep.classid = 'pg_trigger'::regclass AND t.oid = dep.objid AND NOT t.tgisinternal
    UNION ALL
    SELECT 'constraint', c.conrelid, c.conname::text, dep.refobjid, dep.refobjsubid
    FROM dep JOIN pg_constraint c ON dep.classid = 'pg_constraint'::regclass AND c.oid = dep.objid AND c.conrelid <> 0
      AND c.contype <> 'n'
    UNION ALL
    SELECT 'index', i.indrelid, ic.relname::text, dep.refobjid, dep.refobjsubid
    FROM dep
    JOIN pg_index i ON dep.classid = 'pg_class'::regclass AND i.indexrelid = dep.objid
    JOIN pg_class ic ON ic.oid = i.indexrelid
    UNION ALL
    SELECT 'column', ad.adrelid, a.attname::text, dep.refobjid, dep.refobjsubid
    FROM dep
    JOIN pg_attrdef ad ON dep.classid = 'pg_attrdef'::regclass AND ad.oid = dep.objid
    JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum AND a.attgenerated <> ''
    WHERE NOT (dep.refobjid = ad.adrelid AND dep.refobjsubid = ad.adnum)
  )
SELECT u.kind, owner.schema, owner.name AS table_name, u.name,
  used.schema AS used_schema, used.name AS used_table, ua.attname::text AS used_column
FROM users u
JOIN rel owner ON owner.oid = u.table_oid
JOIN rel used ON used.oid = u.refobjid
JOIN pg_attribute ua ON ua.attrelid = u.refobjid AND ua.attnum = u.refobjsubid`;

export interface ColumnUseRow {
  /** What uses the column: 'policy', 'trigger', 'constraint', 'index' or 'column' (a generated one). */
  kind: 'policy' | 'trigger' | 'constraint' | 'index' | 'column';
  schema: string;
  table_name: string;
  /** The user's name on its table. */
  name: string;
  used_schema: string;
  used_table: string;
  used_column: string;
}
