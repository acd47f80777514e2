/**
 * The batched pg_catalog queries the reflector runs. Each query reads one kind
 * of object for every reflected table at once, so the number of queries never
 * depends on the number of tables. All of them take one parameter: `$1`, the
 * schemas to read as `text[]`, or null for every user schema.
 *
 * They expect the search path to be `pg_catalog` only, so that `format_type`,
 * `pg_get_expr` and friends print schema-qualified, canonical text.
 */

/** Namespaces to read (`ns`) and the tables in them (`rel`). */
const SCOPE = `
  ns AS (
    SELECT n.oid, n.nspname
    FROM pg_namespace n
    WHERE CASE
      WHEN $1::text[] IS NULL THEN n.nspname <> 'information_schema' AND n.nspname !~ '^pg_(catalog$|toast|temp)'
      ELSE n.nspname = ANY ($1::text[])
    END
  ),
  rel AS (
    SELECT c.oid, ns.nspname AS schema, c.relname AS name
    FROM pg_class c
    JOIN ns ON ns.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
      AND NOT c.relispartition
      AND NOT EXISTS (
        SELECT 1 FROM pg_depend d
        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
      )
  )`;

/**
 * Remembers the current search path and switches to `pg_catalog` in one
 * statement: the materialized CTE is read before the select list is computed.
 */
export const SWITCH_SEARCH_PATH_SQL = `
WITH saved AS MATERIALIZED (SELECT current_setting('search_path') AS search_path)
SELECT saved.search_path, set_config('search_path', 'pg_catalog', false) AS applied
FROM saved`;

export const RESTORE_SEARCH_PATH_SQL = `SELECT set_config('search_path', $1, false) AS restored`;

export interface SearchPathRow {
  search_path: string;
}

export const SCHEMAS_SQL = `
WITH ${SCOPE}
SELECT ns.nspname AS name FROM ns ORDER BY ns.nspname`;

export interface SchemaRow {
  name: string;
}

/**
 * One row per column; a table without columns gives one row with null column
 * fields. `seq_schema`/`seq_name` are set only when the default is exactly
 * `nextval()` of a sequence that the column owns (`OWNED BY`, deptype 'a').
 */
export const COLUMNS_SQL = `
WITH ${SCOPE}
SELECT
  rel.oid::text AS table_oid,
  rel.schema,
  rel.name AS table_name,
  a.attnum AS position,
  a.attname AS name,
  format_type(a.atttypid, a.atttypmod) AS type,
  a.attnotnull AS not_null,
  a.attidentity::text AS identity,
  a.attgenerated::text AS generated,
  pg_get_expr(ad.adbin, ad.adrelid) AS default_expr,
  seq.seq_schema,
  seq.seq_name
FROM rel
LEFT JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN LATERAL (
  SELECT sn.nspname AS seq_schema, s.relname AS seq_name
  FROM pg_depend dd
  JOIN pg_class s ON s.oid = dd.refobjid AND s.relkind = 'S'
  JOIN pg_namespace sn ON sn.oid = s.relnamespace
  JOIN pg_depend od
    ON od.classid = 'pg_class'::regclass AND od.objid = s.oid AND od.deptype = 'a'
   AND od.refclassid = 'pg_class'::regclass AND od.refobjid = a.attrelid AND od.refobjsubid = a.attnum
  WHERE dd.classid = 'pg_attrdef'::regclass AND dd.objid = ad.oid AND dd.refclassid = 'pg_class'::regclass
    AND pg_get_expr(ad.adbin, ad.adrelid) = format('nextval(%L::regclass)', s.oid::regclass::text)
  ORDER BY s.oid
  LIMIT 1
) seq ON true
ORDER BY rel.oid, a.attnum`;

export interface ColumnRow {
  table_oid: string;
  schema: string;
  table_name: string;
  position: number | null;
  name: string | null;
  type: string | null;
  not_null: boolean | null;
  /** '' (none), 'a' (always) or 'd' (by default). */
  identity: string | null;
  /** '' (none) or 's' (stored). */
  generated: string | null;
  default_expr: string | null;
  seq_schema: string | null;
  seq_name: string | null;
}

/** Primary keys, uniques, foreign keys and checks declared on the table itself. */
export const CONSTRAINTS_SQL = `
WITH ${SCOPE}
SELECT
  con.conrelid::text AS table_oid,
  con.conname AS name,
  con.contype::text AS type,
  pg_get_constraintdef(con.oid) AS definition,
  (SELECT json_agg(a.attname ORDER BY k.ord)
     FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
  rn.nspname AS ref_schema,
  rc.relname AS ref_table,
  (SELECT json_agg(a.attname ORDER BY k.ord)
     FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS ref_columns,
  con.confdeltype::text AS on_delete,
  con.confupdtype::text AS on_update
FROM pg_constraint con
JOIN rel ON rel.oid = con.conrelid
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.contype IN ('p', 'u', 'f', 'c') AND con.conislocal AND con.conparentid = 0
ORDER BY con.conrelid, con.conname`;

export interface ConstraintRow {
  table_oid: string;
  name: string;
  /** 'p', 'u', 'f' or 'c'. */
  type: string;
  definition: string;
  columns: string[] | null;
  ref_schema: string | null;
  ref_table: string | null;
  ref_columns: string[] | null;
  on_delete: string;
  on_update: string;
}

/** Indexes that do not back a primary key, unique or exclusion constraint. */
export const INDEXES_SQL = `
WITH ${SCOPE}
SELECT
  i.indrelid::text AS table_oid,
  ic.relname AS name,
  i.indisunique AS is_unique,
  am.amname AS method,
  (SELECT json_agg(json_build_object(
            'column', a.attname,
            'expression', CASE WHEN i.indkey[k.pos - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k.pos, false) END)
          ORDER BY k.pos)
     FROM generate_series(1, i.indnkeyatts::int) AS k(pos)
     LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.pos - 1]
  ) AS columns,
  pg_get_expr(i.indpred, i.indrelid) AS predicate
FROM pg_index i
JOIN rel ON rel.oid = i.indrelid
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
WHERE NOT EXISTS (
  SELECT 1 FROM pg_constraint c
  WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')
)
ORDER BY i.indrelid, ic.relname`;

export interface IndexRow {
  table_oid: string;
  name: string;
  is_unique: boolean;
  method: string;
  columns: { column: string | null; expression: string | null }[];
  predicate: string | null;
}

/** Enum types that no extension owns, with their labels in sort order. */
export const ENUMS_SQL = `
WITH ${SCOPE}
SELECT
  ns.nspname AS schema,
  t.typname AS name,
  COALESCE(
    (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid),
    '[]'::json
  ) AS labels
FROM pg_type t
JOIN ns ON ns.oid = t.typnamespace
WHERE t.typtype = 'e'
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
  )
ORDER BY ns.nspname, t.typname`;

export interface EnumRow {
  schema: string;
  name: string;
  labels: string[];
}
