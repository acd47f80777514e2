import {
  CLUSTERED_INDEX,
  collationName,
  INDEXES_ANY_VERSION_SQL,
  NAMESPACES,
  SERIAL_PERSISTENCE,
} from './catalog-queries.js';
import { AGGREGATE_DEFINITION } from './catalog-aggregates.js';
import { extensionMember } from './unmodeled/catalog-unmodeled-helpers.js';
import { firingSql } from './catalog-firing.js';
import type { Firing } from '../../schema/model.js';
import { PUBLIC_SCHEMA_COMMENT } from '../../schema/comment-targets.js';
import { quoteLiteral } from '../../sql/literal.js';

/**
 * The batched pg_catalog queries for objects besides tables and enums:
 * extensions, sequences, domains, views (and their indexes), routines,
 * triggers and comments. Like those in catalog-queries.ts, each reads one
 * kind of object for every schema at once, takes `$1` (the schemas as
 * `text[]`, or null for every user schema) and expects the search path to be
 * `pg_catalog` only (catalog-objects-statement.ts reads them all in one
 * statement). Objects that belong to an extension, and those the
 * server creates as parts of others (a range type's constructors), are left out.
 */

/**
 * True when the server created the object (of catalog `catalog`, oid `oid`)
 * itself as part of another one (pg_depend 'i'), like the constructor
 * functions of a range type and its multirange type: they come and go with
 * their owner and are not the user's to declare.
 */
function internalPart(catalog: string, oid: string): string {
  return `EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '${catalog}'::regclass AND x.objid = ${oid} AND x.deptype = 'i')`;
}

/**
 * What an object depends on, as JSON objects `{schema, name}` for relations
 * (a table's row type counts as the table) and `{schema, name,
 * argumentTypes}` for routines; `$classid`/`$objid` name the dependent.
 */
function dependencies(classid: string, objid: string, self: string): string {
  return `COALESCE((
    SELECT jsonb_agg(DISTINCT dep.ref)
    FROM pg_depend d
    LEFT JOIN pg_type dt ON d.refclassid = 'pg_type'::regclass AND dt.oid = d.refobjid
    LEFT JOIN pg_type de ON de.oid = dt.typelem
    CROSS JOIN LATERAL (
      SELECT CASE
        WHEN d.refclassid = 'pg_class'::regclass OR dt.typrelid <> 0 OR de.typrelid <> 0 THEN (
          SELECT jsonb_build_object('schema', rn.nspname, 'name', rc.relname)
          FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace
          WHERE rc.oid = CASE WHEN d.refclassid = 'pg_class'::regclass THEN d.refobjid
                              WHEN dt.typrelid <> 0 THEN dt.typrelid ELSE de.typrelid END
            AND rc.relkind IN ('r', 'p', 'v', 'm', 'f'))
        WHEN d.refclassid = 'pg_proc'::regclass THEN (
          SELECT jsonb_build_object('schema', pn.nspname, 'name', rp.proname, 'argumentTypes', oidvectortypes(rp.proargtypes))
          FROM pg_proc rp JOIN pg_namespace pn ON pn.oid = rp.pronamespace
          WHERE rp.oid = d.refobjid)
      END AS ref
    ) dep
    WHERE d.classid = '${classid}'::regclass AND d.objid = ${objid} AND d.deptype = 'n'
      AND NOT (d.refclassid = 'pg_class'::regclass AND d.refobjid = ${self})
      AND dep.ref IS NOT NULL
  ), '[]'::jsonb)`;
}

export const EXTENSIONS_SQL = `
WITH ${NAMESPACES}
SELECT e.extname AS name, ns.nspname AS schema
FROM pg_extension e
JOIN ns ON ns.oid = e.extnamespace
ORDER BY e.extname`;

/**
 * The extensions named in `$1`, wherever they are installed: those a model
 * declares that a reading of its schemas left out (moved by hand to a schema
 * it does not read).
 */
export const EXTENSIONS_NAMED_SQL = `
SELECT e.extname AS name, n.nspname AS schema
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = ANY($1::text[])
ORDER BY e.extname`;

export interface ExtensionRow {
  name: string;
  schema: string;
}

/**
 * Every sequence, with the column that owns it (`OWNED BY`, or an identity's
 * internal one) and whether that column's default is exactly its `nextval()`.
 */
export const SEQUENCES_SQL = `
WITH ${NAMESPACES}
SELECT
  ns.nspname AS schema,
  c.relname AS name,
  format_type(s.seqtypid, NULL) AS type,
  s.seqstart::text AS start,
  s.seqincrement::text AS increment,
  s.seqmin::text AS min,
  s.seqmax::text AS max,
  s.seqcache::text AS cache,
  s.seqcycle AS cycle,
  c.relpersistence = 'u' AS unlogged,
  owner.deptype AS owner_deptype,
  owner.table_name AS owner_table,
  owner.column_name AS owner_column,
  owner.column_type AS owner_type,
  owner.is_default AS owner_default,
  owner.serial_persistence AS owner_serial_persistence
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN ns ON ns.oid = c.relnamespace
LEFT JOIN LATERAL (
  SELECT d.deptype::text AS deptype, t.relname AS table_name, a.attname AS column_name,
    format_type(a.atttypid, a.atttypmod) AS column_type,
    COALESCE(pg_get_expr(ad.adbin, ad.adrelid) = format('nextval(%L::regclass)', c.oid::regclass::text), false) AS is_default,
    ${SERIAL_PERSISTENCE('c', 't')} AS serial_persistence
  FROM pg_depend d
  JOIN pg_class t ON t.oid = d.refobjid
  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
    AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
  ORDER BY d.deptype
  LIMIT 1
) owner ON true
WHERE NOT ${extensionMember('pg_class', 'c.oid')}
ORDER BY ns.nspname, c.relname`;

export interface SequenceRow {
  schema: string;
  name: string;
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
  unlogged: boolean;
  /** 'a' (OWNED BY), 'i' (an identity's), or null when no column owns it. */
  owner_deptype: string | null;
  owner_table: string | null;
  owner_column: string | null;
  owner_type: string | null;
  owner_default: boolean | null;
  /** Whether it has the persistence `serial` gives it in the owner's table (`SERIAL_PERSISTENCE`); null when no column owns it. */
  owner_serial_persistence: boolean | null;
}

export const DOMAINS_SQL = `
WITH ${NAMESPACES}
SELECT
  ns.nspname AS schema,
  t.typname AS name,
  format_type(t.typbasetype, t.typtypmod) AS type,
  -- Its collation where it is not its base type's, named as a column's is.
  ${collationName('t.typcollation', '(SELECT base.typcollation FROM pg_type base WHERE base.oid = t.typbasetype)')} AS collation,
  t.typnotnull AS not_null,
  pg_get_expr(t.typdefaultbin, 0) AS default_expr,
  COALESCE((
    SELECT json_agg(json_build_object('name', con.conname, 'definition', pg_get_constraintdef(con.oid), 'validated', con.convalidated)
                    ORDER BY con.conname)
    FROM pg_constraint con
    WHERE con.contypid = t.oid AND con.contype = 'c'
  ), '[]'::json) AS checks,
  -- The routines its default and checks call (the default's uses hang off the type, a check's off its constraint).
  (SELECT COALESCE(jsonb_agg(DISTINCT ref) FILTER (WHERE ref ? 'argumentTypes'), '[]'::jsonb)
     FROM (SELECT ${dependencies('pg_type', 't.oid', '0')} AS refs
           UNION ALL
           SELECT ${dependencies('pg_constraint', 'con.oid', '0')}
           FROM pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c') uses
     CROSS JOIN LATERAL jsonb_array_elements(uses.refs) AS ref) AS depends_on
FROM pg_type t
JOIN ns ON ns.oid = t.typnamespace
WHERE t.typtype = 'd' AND NOT ${extensionMember('pg_type', 't.oid')}
ORDER BY ns.nspname, t.typname`;

export interface DomainRow {
  schema: string;
  name: string;
  type: string;
  collation: string | null;
  not_null: boolean;
  default_expr: string | null;
  checks: { name: string; definition: string; validated: boolean }[];
  depends_on: DependencyRow[];
}

export const VIEWS_SQL = `
WITH ${NAMESPACES}
SELECT
  c.oid::text AS oid,
  ns.nspname AS schema,
  c.relname AS name,
  c.relkind = 'm' AS materialized,
  c.relkind = 'm' AND NOT c.relispopulated AS no_data,
  pg_get_viewdef(c.oid) AS definition,
  COALESCE(c.reloptions, '{}'::text[]) AS options,
  COALESCE((
    SELECT json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum)
    FROM pg_attribute a
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  ), '[]'::json) AS columns,
  (SELECT json_object_agg(a.attname, pg_get_expr(ad.adbin, ad.adrelid) ORDER BY a.attname)
     FROM pg_attrdef ad
     JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
     WHERE ad.adrelid = c.oid) AS column_defaults,
  (SELECT COALESCE(jsonb_agg(DISTINCT ref), '[]'::jsonb)
     FROM pg_rewrite r
     CROSS JOIN LATERAL jsonb_array_elements(${dependencies('pg_rewrite', 'r.oid', 'c.oid')}) AS ref
     WHERE r.ev_class = c.oid) AS depends_on,
  ${CLUSTERED_INDEX('c.oid')} AS cluster_on
FROM pg_class c
JOIN ns ON ns.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND NOT ${extensionMember('pg_class', 'c.oid')}
ORDER BY ns.nspname, c.relname`;

export interface DependencyRow {
  schema: string;
  name: string;
  argumentTypes?: string;
}

export interface ViewRow {
  oid: string;
  schema: string;
  name: string;
  materialized: boolean;
  /** A materialized view that holds no data (created `WITH NO DATA`, not refreshed since). */
  no_data: boolean;
  definition: string;
  options: string[];
  columns: { name: string; type: string }[];
  /** Column defaults by name, or null for none. */
  column_defaults: Record<string, string> | null;
  depends_on: DependencyRow[];
  /** A materialized view's `CLUSTER ON` index, null for none. */
  cluster_on: string | null;
}

/**
 * Indexes of materialized views: the table index query with its relations
 * narrowed to materialized views, so both read indexes the same way.
 */
export const VIEW_INDEXES_SQL = onMaterializedViews(INDEXES_ANY_VERSION_SQL);

function onMaterializedViews(sql: string): string {
  const tables = "c.relkind IN ('r', 'p')";
  if (sql.split(tables).length !== 2)
    throw new Error('the index query no longer narrows its relations the expected way');
  return sql.replace(tables, "c.relkind = 'm'");
}

export const FUNCTIONS_SQL = `
WITH ${NAMESPACES}
SELECT
  ns.nspname AS schema,
  p.proname AS name,
  p.prokind::text AS kind,
  oidvectortypes(p.proargtypes) AS argument_types,
  pg_get_function_arguments(p.oid) AS arguments,
  COALESCE(pg_get_function_result(p.oid), '') AS result,
  CASE WHEN p.prokind = 'a' THEN ${AGGREGATE_DEFINITION} ELSE pg_get_functiondef(p.oid) END AS definition,
  ${dependencies('pg_proc', 'p.oid', '0')} AS depends_on
FROM pg_proc p
JOIN ns ON ns.oid = p.pronamespace
WHERE NOT ${extensionMember('pg_proc', 'p.oid')} AND NOT ${internalPart('pg_proc', 'p.oid')}
ORDER BY ns.nspname, p.proname, oidvectortypes(p.proargtypes)`;

export interface FunctionRow {
  schema: string;
  name: string;
  /** 'f' (function), 'p' (procedure), 'a' (aggregate) or 'w' (window function). */
  kind: string;
  argument_types: string;
  arguments: string;
  result: string;
  definition: string;
  depends_on: DependencyRow[];
}

/** Triggers written by users: not internal (constraint enforcement), not cloned onto partitions. */
export const TRIGGERS_SQL = `
WITH ${NAMESPACES}
SELECT ns.nspname AS schema, c.relname AS table_name, t.tgname AS name, pg_get_triggerdef(t.oid) AS definition,
  ${firingSql('t.tgenabled')} AS firing
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN ns ON ns.oid = c.relnamespace
WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND NOT ${extensionMember('pg_class', 'c.oid')}
ORDER BY ns.nspname, c.relname, t.tgname`;

export interface TriggerRow {
  schema: string;
  table_name: string;
  name: string;
  definition: string;
  firing: Firing | null;
}

/**
 * Comments on relations and their columns (a composite type's attributes
 * too), constraints, types, routines,
 * triggers and policies, and those `arms` read (the parts'
 * `comments`, in these rows, with `ns` in scope): objects made after initdb
 * only (those in the server's own schemas only when a schema list names one).
 * `relation` is the relation the object belongs to (itself for a relation,
 * the table of an index), for telling whether it is in the model. Those on
 * schemas and extensions are `SCHEMA_COMMENTS_SQL`'s, in rows of the same
 * shape.
 */
export function commentsSql(arms: readonly string[]): string {
  return `
WITH ${NAMESPACES}
SELECT
  CASE WHEN d.objsubid <> 0 THEN 'column'
       WHEN c.relkind IN ('r', 'p') THEN 'table'
       WHEN c.relkind = 'v' THEN 'view'
       WHEN c.relkind = 'm' THEN 'materializedView'
       WHEN c.relkind = 'f' THEN 'foreignTable'
       WHEN c.relkind IN ('i', 'I') THEN 'index'
       ELSE 'sequence' END AS on_kind,
  ns.nspname AS schema,
  -- The column looked up by its table and number, in the index (a join read each of the table's columns).
  CASE WHEN d.objsubid <> 0 THEN (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum = d.objsubid)
       ELSE c.relname END AS name,
  CASE WHEN d.objsubid <> 0 THEN c.relname END AS parent,
  NULL::text AS argument_types,
  COALESCE(ic.relname, c.relname) AS relation,
  d.description AS text
FROM pg_description d
JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid
JOIN ns ON ns.oid = c.relnamespace
LEFT JOIN pg_index i ON i.indexrelid = c.oid
LEFT JOIN pg_class ic ON ic.oid = i.indrelid
WHERE (c.relkind IN ('r', 'p', 'v', 'm', 'f', 'i', 'I', 'S') OR c.relkind = 'c' AND d.objsubid <> 0)
  AND NOT ${extensionMember('pg_class', 'c.oid')}
UNION ALL
SELECT CASE WHEN con.contypid <> 0 THEN 'domainConstraint' ELSE 'constraint' END,
  ns.nspname, con.conname, COALESCE(rc.relname, ty.typname), NULL, rc.relname, d.description
FROM pg_description d
JOIN pg_constraint con ON d.classoid = 'pg_constraint'::regclass AND d.objoid = con.oid
JOIN ns ON ns.oid = con.connamespace
LEFT JOIN pg_class rc ON rc.oid = con.conrelid
LEFT JOIN pg_type ty ON ty.oid = con.contypid
UNION ALL
SELECT 'type', ns.nspname, t.typname, NULL, NULL, NULL, d.description
FROM pg_description d
JOIN pg_type t ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid
JOIN ns ON ns.oid = t.typnamespace
WHERE t.typtype IN ('e', 'd', 'c', 'r') AND NOT ${extensionMember('pg_type', 't.oid')}
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
  ns.nspname, p.proname, NULL, oidvectortypes(p.proargtypes), NULL, d.description
FROM pg_description d
JOIN pg_proc p ON d.classoid = 'pg_proc'::regclass AND d.objoid = p.oid
JOIN ns ON ns.oid = p.pronamespace
WHERE NOT ${extensionMember('pg_proc', 'p.oid')} AND NOT ${internalPart('pg_proc', 'p.oid')}
UNION ALL
SELECT 'policy', ns.nspname, pol.polname, c.relname, NULL, c.relname, d.description
FROM pg_description d
JOIN pg_policy pol ON d.classoid = 'pg_policy'::regclass AND d.objoid = pol.oid
JOIN pg_class c ON c.oid = pol.polrelid
JOIN ns ON ns.oid = c.relnamespace
UNION ALL
SELECT 'trigger', ns.nspname, t.tgname, c.relname, NULL, c.relname, d.description
FROM pg_description d
JOIN pg_trigger t ON d.classoid = 'pg_trigger'::regclass AND d.objoid = t.oid
JOIN pg_class c ON c.oid = t.tgrelid
JOIN ns ON ns.oid = c.relnamespace
WHERE NOT t.tgisinternal${arms.map((arm) => `\nUNION ALL${arm}`).join('')}`;
}

/**
 * Comments on schemas and extensions, in `commentsSql`'s rows: initdb makes
 * some of these (the public schema's, plpgsql's), so they are read always.
 * The public schema's own (initdb's) is no comment of the model's; a public
 * schema with none reads as '' (`undeclaredComment`).
 */
export const SCHEMA_COMMENTS_SQL = `
WITH ${NAMESPACES}
SELECT 'schema' AS on_kind, ns.nspname AS schema, ns.nspname AS name, NULL::text AS parent,
  NULL::text AS argument_types, NULL::text AS relation, d.description AS text
FROM pg_description d
JOIN ns ON d.classoid = 'pg_namespace'::regclass AND d.objoid = ns.oid AND d.objsubid = 0
WHERE NOT (ns.nspname = 'public' AND d.description = ${quoteLiteral(PUBLIC_SCHEMA_COMMENT)})
UNION ALL
-- A public schema with no comment (dropped and made again): '', which the model writes for none.
SELECT 'schema', ns.nspname, ns.nspname, NULL, NULL, NULL, ''
FROM ns
WHERE ns.nspname = 'public' AND NOT EXISTS (
  SELECT FROM pg_description d WHERE d.classoid = 'pg_namespace'::regclass AND d.objoid = ns.oid AND d.objsubid = 0)
UNION ALL
-- An extension's comment only when it is not its control file's own (which CREATE EXTENSION sets).
SELECT 'extension', ns.nspname, e.extname, NULL, NULL, NULL, d.description
FROM pg_description d
JOIN pg_extension e ON d.classoid = 'pg_extension'::regclass AND d.objoid = e.oid
JOIN ns ON ns.oid = e.extnamespace
WHERE d.description IS DISTINCT FROM (SELECT a.comment FROM pg_available_extensions a WHERE a.name = e.extname)`;

export interface CommentRow {
  on_kind: string;
  schema: string;
  name: string;
  parent: string | null;
  argument_types: string | null;
  relation: string | null;
  text: string;
}
