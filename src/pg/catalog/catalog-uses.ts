import { SCOPE } from './catalog-queries.js';

/**
 * What uses a column of a reflected table, a routine, an operator or an
 * operator class of a reflected schema, or a key of a reflected table, as
 * the server records it in `pg_depend` (normal and automatic dependencies):
 * a row-level security policy (its USING and WITH CHECK), a trigger
 * (`UPDATE OF`, its WHEN and its function), a rule (the columns and
 * operators its actions and condition use), a constraint, an index (its
 * keys, their operator classes, expressions and predicate), a generated
 * column (its expression), a column default, and a view or materialized
 * view using a column or an operator (the relations and routines a view uses
 * are read with the view, its `dependsOn`; a view's sort and grouping
 * operators are uses too, though its text does not name them; a view records
 * each column it reads, those of a `SELECT *` as it expanded at creation, and
 * a whole-row reference as a use of the table, which is left out: it stands
 * in the way of no column). The columns of a partition key are read with
 * their table (`TableModel.partitionKeyColumns`), on both sides. NOT NULL constraints
 * (PostgreSQL 18) are the columns' own and left out. A generated column's
 * uses hang off its default from PostgreSQL 14 on, and off the column itself
 * before (12 and 13): both are read. The index of a primary key, unique or
 * exclusion constraint is the constraint, as the model has it, both as a
 * user (its operator classes) and as what a foreign key uses (the key it
 * references). Operators and operator classes an extension owns are left
 * out, as the model leaves them out. One row per user and what it uses, in
 * one statement for every table; `$1` as in every catalog query. With `$2`
 * and `$3` (the schemas and names of some tables, in pairs), only the uses
 * of those tables' columns and keys, and of routines, operators and
 * operator classes: what a comparison asks about when only those tables
 * differ (`SchemaModel.dependencyTables`).
 *
 * The catalog knows what Postgres itself holds on to: a trigger function's
 * arguments and a routine's body are text it does not read, and name nothing
 * here.
 */
export const USES_SQL = `
WITH ${SCOPE},
  -- The tables whose columns and keys are looked up as what is used: those $2 and $3 name (schemas and names,
  -- in pairs), or every table when $2 is null.
  scoped AS (SELECT rel.oid FROM rel
    WHERE $2::text[] IS NULL OR (rel.schema::text, rel.name::text) IN (SELECT * FROM unnest($2::text[], $3::text[]))),
  routines AS (SELECT p.oid, ns.nspname AS schema, p.proname::text AS name, oidvectortypes(p.proargtypes) AS args
    FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace),
  operators AS (SELECT o.oid, ns.nspname AS schema, o.oprname::text AS name,
      CASE WHEN o.oprleft = 0 THEN 'NONE' ELSE format_type(o.oprleft, NULL) END || ', ' || format_type(o.oprright, NULL) AS args
    FROM pg_operator o JOIN ns ON ns.oid = o.oprnamespace
    WHERE NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_operator'::regclass AND x.objid = o.oid AND x.deptype = 'e')),
  classes AS (SELECT c.oid, ns.nspname AS schema, c.opcname::text AS name, am.amname::text AS method
    FROM pg_opclass c JOIN ns ON ns.oid = c.opcnamespace JOIN pg_am am ON am.oid = c.opcmethod
    WHERE NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_opclass'::regclass AND x.objid = c.oid AND x.deptype = 'e')),
  -- The indexes of the scoped tables: the keys a foreign key may use.
  scoped_keys AS (SELECT i.indexrelid AS oid FROM pg_index i WHERE i.indrelid IN (SELECT oid FROM scoped)),
  -- Looked up by what is used, each kind apart, so that a few scoped tables cost a few index lookups.
  dep AS (
    SELECT DISTINCT d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid, d.refobjsubid
    FROM (
      SELECT d.* FROM pg_depend d
      WHERE d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.refobjid IN (SELECT oid FROM scoped)
      UNION ALL
      SELECT d.* FROM pg_depend d
      WHERE d.refclassid = 'pg_class'::regclass AND d.refobjsubid = 0 AND d.classid = 'pg_constraint'::regclass
        AND d.refobjid IN (SELECT oid FROM scoped_keys)
      UNION ALL
      SELECT d.* FROM pg_depend d WHERE d.refclassid = 'pg_proc'::regclass AND d.refobjid IN (SELECT oid FROM routines)
      UNION ALL
      SELECT d.* FROM pg_depend d WHERE d.refclassid = 'pg_operator'::regclass AND d.refobjid IN (SELECT oid FROM operators)
      UNION ALL
      SELECT d.* FROM pg_depend d WHERE d.refclassid = 'pg_opclass'::regclass AND d.refobjid IN (SELECT oid FROM classes)
    ) d
    WHERE d.deptype IN ('n', 'a')
      AND d.classid IN ('pg_policy'::regclass, 'pg_trigger'::regclass, 'pg_constraint'::regclass,
                        'pg_class'::regclass, 'pg_attrdef'::regclass, 'pg_rewrite'::regclass)
      AND (d.classid <> 'pg_rewrite'::regclass OR d.refclassid IN ('pg_operator'::regclass, 'pg_class'::regclass))
  ),
  -- The indexes of reflected tables that are used (a scoped table's) or use something, each with the key
  -- constraint it is the index of, if any.
  keys AS (SELECT i.indexrelid AS oid, i.indrelid AS table_oid, COALESCE(k.conname, ic.relname)::text AS name,
      CASE WHEN k.oid IS NULL THEN 'index' ELSE 'constraint' END AS kind
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')
    WHERE i.indrelid IN (SELECT oid FROM rel)
      AND (i.indexrelid IN (SELECT oid FROM scoped_keys)
        OR i.indexrelid IN (SELECT objid FROM dep WHERE classid = 'pg_class'::regclass AND objsubid = 0))),
  -- What owns a user: a reflected table, or a view or materialized view (of the columns and operators it uses).
  owners AS (SELECT oid, schema, name FROM rel
    UNION ALL
    SELECT c.oid, ns.nspname, c.relname FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('v', 'm')),
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
    SELECT keys.kind, keys.table_oid, keys.name, dep.refclassid, dep.refobjid, dep.refobjsubid
    FROM dep JOIN keys ON dep.classid = 'pg_class'::regclass AND keys.oid = dep.objid
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
    UNION ALL
    SELECT 'view', r.ev_class, NULL, dep.refclassid, dep.refobjid, dep.refobjsubid
    FROM dep JOIN pg_rewrite r ON dep.classid = 'pg_rewrite'::regclass AND r.oid = dep.objid AND r.rulename = '_RETURN'
    UNION ALL
    SELECT 'rule', r.ev_class, r.rulename::text, dep.refclassid, dep.refobjid, dep.refobjsubid
    FROM dep JOIN pg_rewrite r ON dep.classid = 'pg_rewrite'::regclass AND r.oid = dep.objid AND r.rulename <> '_RETURN'
  )
SELECT u.kind, owner.schema, owner.name AS table_name, u.name,
  CASE u.refclassid WHEN 'pg_proc'::regclass THEN 'routine' WHEN 'pg_operator'::regclass THEN 'operator'
    WHEN 'pg_opclass'::regclass THEN 'operatorClass' ELSE COALESCE(key.kind, 'column') END AS used_kind,
  COALESCE(used.schema, r.schema, o.schema, oc.schema) AS used_schema,
  COALESCE(used.name, r.name, o.name, oc.name) AS used_name,
  COALESCE(ua.attname::text, key.name, r.args, o.args, oc.method) AS used_part
FROM users u
JOIN owners owner ON owner.oid = u.table_oid
LEFT JOIN keys key ON u.refclassid = 'pg_class'::regclass AND u.refobjsubid = 0 AND key.oid = u.refobjid
LEFT JOIN rel used ON u.refclassid = 'pg_class'::regclass AND used.oid = COALESCE(key.table_oid, u.refobjid)
LEFT JOIN pg_attribute ua ON u.refclassid = 'pg_class'::regclass AND u.refobjsubid > 0
  AND ua.attrelid = u.refobjid AND ua.attnum = u.refobjsubid
LEFT JOIN routines r ON u.refclassid = 'pg_proc'::regclass AND r.oid = u.refobjid
LEFT JOIN operators o ON u.refclassid = 'pg_operator'::regclass AND o.oid = u.refobjid
LEFT JOIN classes oc ON u.refclassid = 'pg_opclass'::regclass AND oc.oid = u.refobjid`;

export interface UseRow {
  /**
   * What uses: 'policy', 'trigger', 'rule', 'constraint', 'index', 'column'
   * (a generated one), 'default' (a column's) or 'view' (a view or materialized view).
   */
  kind: 'policy' | 'trigger' | 'rule' | 'constraint' | 'index' | 'column' | 'default' | 'view';
  schema: string;
  /** The user's table (or view, for a rule), or the view. */
  table_name: string;
  /** The user's name on its table (a column's, for a generated column or a default); null for a view. */
  name: string | null;
  /**
   * What is used: a column of a reflected table, a key of one (the
   * constraint, or a unique index that is not one), or a routine, operator or
   * operator class of a reflected schema.
   */
  used_kind: 'column' | 'constraint' | 'index' | 'routine' | 'operator' | 'operatorClass';
  used_schema: string;
  /** The table of a column or key; the routine, operator (its symbol) or operator class. */
  used_name: string;
  /**
   * The column's or key's name; the routine's argument types
   * (`oidvectortypes`, as a routine's model has them); the operator's operand
   * types (`NONE` for a prefix operator's left); the operator class's index method.
   */
  used_part: string;
}
