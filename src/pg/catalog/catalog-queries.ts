import type { ColumnStorage, ReplicaIdentityModel } from '../../schema/model.js';
import { OWNER_GRANTEE, PUBLIC_GRANTEE } from '../../schema/model.js';
import { quoteLiteral } from '../../sql/literal.js';

/**
 * The batched pg_catalog queries the reflector runs. Each query reads one kind
 * of object for every reflected table at once, so the number of queries never
 * depends on the number of tables. All of them take one parameter: `$1`, the
 * schemas to read as `text[]`, or null for every user schema.
 *
 * They expect the search path to be `pg_catalog` only, so that `format_type`,
 * `pg_get_expr` and friends print schema-qualified, canonical text.
 */

/** The namespaces to read (`ns`): `$1` (`text[]`), or every user schema when it is null. */
export const NAMESPACES = `
  ns AS (
    SELECT n.oid, n.nspname
    FROM pg_namespace n
    WHERE CASE
      WHEN $1::text[] IS NULL THEN n.nspname <> 'information_schema' AND n.nspname !~ '^pg_(catalog$|toast|temp)'
      ELSE n.nspname = ANY ($1::text[])
    END
  )`;

/** The name of the role of oid `grantee` as an ACL entry names it: `PUBLIC` for 0. */
export function granteeName(grantee: string): string {
  return `CASE WHEN ${grantee} = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(${grantee})::text END`;
}

/**
 * An ACL entry's grantee as the model names it: `OWNER` (`OWNER_GRANTEE`) where `ofOwner` holds, an
 * entry of the object's owner (or of the role whose new objects default privileges are for), else as
 * `granteeName` names it.
 */
export function aclGranteeName(grantee: string, ofOwner: string): string {
  return `CASE WHEN ${ofOwner} THEN ${quoteLiteral(OWNER_GRANTEE)} ELSE ${granteeName(grantee)} END`;
}

/**
 * Whether the role of oid `grantee`, an ACL entry's other than the owner's (`ofOwner`), has a name the
 * model spells its markers with: `OWNER` (`OWNER_GRANTEE`), or `PUBLIC` in any case (`modelGrantee`).
 */
export function markerNamedRole(grantee: string, ofOwner: string): string {
  const name = `pg_get_userbyid(${grantee})::text`;
  return `(NOT ${ofOwner} AND ${grantee} <> 0
    AND (upper(${name}) = ${quoteLiteral(PUBLIC_GRANTEE)} OR ${name} = ${quoteLiteral(OWNER_GRANTEE)}))`;
}

/** `[schema.]name` of a catalog object, the schema left out for pg_catalog's (as the empty search path prints). */
export function catalogName(schema: string, name: string): string {
  return `CASE WHEN ${schema} = 'pg_catalog' THEN quote_ident(${name}) ELSE quote_ident(${schema}) || '.' || quote_ident(${name}) END`;
}

/** An operator as `OPERATOR(schema.op)`, always qualified, from its oid. */
export function operatorReference(oid: string): string {
  return `(SELECT format('OPERATOR(%I.%s)', opn.nspname, op.oprname)
     FROM pg_operator op JOIN pg_namespace opn ON opn.oid = op.oprnamespace WHERE op.oid = ${oid})`;
}

/**
 * The collation of oid `collation` as a `COLLATE` clause names it, where it is not `own`, the
 * collation its type gives; null otherwise.
 */
export function collationName(collation: string, own: string): string {
  return `CASE WHEN ${collation} <> 0 AND ${collation} <> ${own} THEN
    (SELECT ${catalogName('colln.nspname', 'coll.collname')}
       FROM pg_collation coll JOIN pg_namespace colln ON colln.oid = coll.collnamespace
      WHERE coll.oid = ${collation}) END`;
}

/** Namespaces to read (`ns`) and the tables in them (`rel`). */
export const SCOPE = `${NAMESPACES},
  rel AS (
    SELECT c.oid, ns.nspname AS schema, c.relname AS name,
      c.relkind, c.relispartition, c.relpartbound, c.relrowsecurity, c.relforcerowsecurity, c.relpersistence,
      c.reloptions, c.reltoastrelid, c.relreplident
    FROM pg_class c
    JOIN ns ON ns.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
      AND NOT EXISTS (
        SELECT 1 FROM pg_depend d
        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
      )
  )`;

/**
 * Whether sequence `sequence` has the persistence `serial` gives it in table
 * `table`: the table's from PostgreSQL 15 on (unlogged with an unlogged
 * table), before that always logged. One made apart and attached with
 * `OWNED BY` may differ: it is a sequence of its own then.
 */
export const SERIAL_PERSISTENCE = (sequence: string, table: string): string =>
  `(${sequence}.relpersistence = ${table}.relpersistence OR current_setting('server_version_num')::int < 150000)`;

/** The name of the index `CLUSTER ON` marks on the table or materialized view of oid `relation`, null for none. */
export const CLUSTERED_INDEX = (relation: string): string =>
  `(SELECT ci.relname::text FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
      WHERE i.indrelid = ${relation} AND i.indisclustered)`;

export const SCHEMAS_SQL = `
WITH ${SCOPE}
SELECT ns.nspname AS name FROM ns ORDER BY ns.nspname`;

export interface SchemaRow {
  name: string;
}

/**
 * One row per column; a table without columns gives one row with null column
 * fields. `seq_schema`/`seq_name` are set only when the default is exactly
 * `nextval()` of a sequence that the column owns (`OWNED BY`, deptype 'a')
 * and that has the options `serial` gives it: the column's type, start 1,
 * increment 1, from 1 to the type's maximum, cache 1, no cycle, and the
 * table's persistence (`SERIAL_PERSISTENCE`; `hasSerialOptions` in
 * `reflect-objects.ts` applies the same rule).
 */
export function columnsSql(serverVersion: number): string {
  return COLUMNS_SQL.replace(COMPRESSION, serverVersion >= 140000 ? 'a.attcompression' : 'NULL::"char"').replace(
    NOT_NULL_CONSTRAINTS,
    serverVersion >= 180000 ? 'true' : 'false',
  );
}

/*
 * A catalog column that came in a later release is named in the statement only on servers that have it.
 * Reading it through \`to_jsonb\` of the whole row works on every release, but costs a conversion of
 * every row: at 10,000 tables, 1.5 s of the columns statement's 4.3 s.
 */
const COMPRESSION = '/* attcompression */';
const NULLS_NOT_DISTINCT = '/* indnullsnotdistinct */';
/** NOT NULL constraints in pg_constraint (contype 'n') came in 18. */
const NOT_NULL_CONSTRAINTS = '/* not null constraints */';

const COLUMNS_SQL = `
WITH ${SCOPE},
  -- The columns a partition key uses, plain or in an expression: each is recorded as internal to the table.
  partition_keys AS (SELECT kd.objid AS oid, array_agg(ka.attname::text ORDER BY ka.attnum) AS columns
    FROM pg_depend kd JOIN pg_attribute ka ON ka.attrelid = kd.objid AND ka.attnum = kd.objsubid
    WHERE kd.classid = 'pg_class'::regclass AND kd.objsubid > 0 AND kd.deptype = 'i'
      AND kd.refclassid = 'pg_class'::regclass AND kd.refobjid = kd.objid AND kd.refobjsubid = 0
      AND kd.objid IN (SELECT oid FROM rel WHERE relkind = 'p')
    GROUP BY kd.objid),
  -- What belongs to the table, worked out once a table and repeated on each of its columns' rows.
  tab AS MATERIALIZED (SELECT
    rel.oid, rel.schema, rel.name, rel.relrowsecurity, rel.relforcerowsecurity, rel.relpersistence,
    CASE rel.relreplident WHEN 'f' THEN to_json('full'::text) WHEN 'n' THEN to_json('nothing'::text)
      WHEN 'i' THEN (SELECT json_build_object('index', ri.relname) FROM pg_index i JOIN pg_class ri ON ri.oid = i.indexrelid
        WHERE i.indrelid = rel.oid AND i.indisreplident) END AS replica_identity,
    ${CLUSTERED_INDEX('rel.oid')} AS cluster_on,
    -- Null rather than an empty array, as the options of columns and indexes below: most have none, and
    -- the client parses each array it is sent.
    NULLIF(ARRAY(
      SELECT o FROM unnest(rel.reloptions) AS o
      UNION ALL
      SELECT 'toast.' || o FROM pg_class toast CROSS JOIN unnest(toast.reloptions) AS o WHERE toast.oid = rel.reltoastrelid
    ), '{}') AS table_storage,
    CASE WHEN rel.relkind = 'p' THEN pg_get_partkeydef(rel.oid) END AS partition_by,
    CASE WHEN rel.relkind = 'p' THEN COALESCE(pk.columns, '{}') END AS partition_columns,
    CASE WHEN rel.relispartition THEN (
      SELECT json_build_object('schema', pn.nspname, 'table', pc.relname, 'bound', pg_get_expr(rel.relpartbound, rel.oid))
      FROM pg_inherits ih
      JOIN pg_class pc ON pc.oid = ih.inhparent
      JOIN pg_namespace pn ON pn.oid = pc.relnamespace
      WHERE ih.inhrelid = rel.oid
    ) END AS partition_of,
    CASE WHEN NOT rel.relispartition THEN (
      SELECT json_agg(json_build_object('schema', pn.nspname, 'table', pc.relname) ORDER BY ih.inhseqno)
      FROM pg_inherits ih
      JOIN pg_class pc ON pc.oid = ih.inhparent
      JOIN pg_namespace pn ON pn.oid = pc.relnamespace
      WHERE ih.inhrelid = rel.oid
    ) END AS inherits,
    (SELECT min(fa.attnum) FROM pg_attribute fa WHERE fa.attrelid = rel.oid AND fa.attnum > 0 AND NOT fa.attisdropped)
      AS first_attnum
    FROM rel
    LEFT JOIN partition_keys pk ON pk.oid = rel.oid)
SELECT
  rel.oid::text AS table_oid,
  t.schema,
  t.name AS table_name,
  t.relrowsecurity AS rls_enabled,
  t.relforcerowsecurity AS rls_forced,
  t.relpersistence = 'u' AS unlogged,
  t.replica_identity,
  t.cluster_on,
  t.table_storage,
  t.partition_by,
  t.partition_columns,
  t.partition_of,
  t.inherits,
  a.attnum AS position,
  a.attname AS name,
  -- A column an inheritance child only inherits (not declared by it as well) belongs to its parents.
  NOT a.attislocal AS inherited,
  format_type(a.atttypid, a.atttypmod) AS type,
  -- From 18 on NOT NULL is a constraint (contype 'n') with a name; one added NOT VALID leaves the column nullable here.
  a.attnotnull AND nn.convalidated IS NOT FALSE AS not_null,
  CASE WHEN nn.convalidated THEN nn.conname END AS not_null_name,
  CASE WHEN a.attstattarget IS NOT NULL AND a.attstattarget <> -1 THEN a.attstattarget::int END AS statistics,
  -- The planner's options only: some builds keep options of their own here.
  -- Most columns have none of those: the subquery runs only for those that name one (a build that keeps its own
  -- option on every column made it run for every column otherwise).
  CASE WHEN a.attoptions IS NOT NULL AND array_to_string(a.attoptions, ' ') LIKE '%n_distinct%' THEN
    NULLIF(ARRAY(SELECT o FROM unnest(a.attoptions) AS o WHERE o ~ '^n_distinct(_inherited)?='), '{}') END AS options,
  CASE WHEN a.attstorage <> ty.typstorage THEN
    CASE a.attstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END
  END AS storage,
  -- attcompression came in 14: null before.
  CASE ${COMPRESSION} WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' END AS compression,
  a.attidentity::text AS identity,
  a.attgenerated::text AS generated,
  pg_get_expr(ad.adbin, ad.adrelid) AS default_expr,
  seq.seq_schema,
  seq.seq_name,
  ${collationName('a.attcollation', 'ty.typcollation')} AS collation,
  idseq.start AS identity_start,
  idseq.increment AS identity_increment,
  idseq.min AS identity_min,
  idseq.max AS identity_max,
  idseq.cache AS identity_cache,
  idseq.cycle AS identity_cycle,
  idseq.name AS identity_sequence
FROM tab rel
LEFT JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
-- The table's own fields on its first row only (the reader copies them to the others, TABLE_FIELDS): at
-- 10,000 tables, 155,000 rows fewer times eleven fields to send and parse.
LEFT JOIN LATERAL (SELECT rel.* WHERE a.attnum IS NULL OR a.attnum = rel.first_attnum) t ON true
LEFT JOIN pg_type ty ON ty.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN LATERAL (
  SELECT k.conname, k.convalidated
  FROM pg_constraint k
  -- Before 18 there are no NOT NULL constraints to look for (the condition is false then).
  WHERE ${NOT_NULL_CONSTRAINTS} AND a.attnotnull
    AND k.conrelid = a.attrelid AND k.contype = 'n' AND k.conkey[1] = a.attnum
  LIMIT 1
) nn ON true
-- The two lookups below find at most one row each (an identity column has one sequence; a default names one),
-- so they take the first without ordering: a sort for each of the 180,000 columns of 10,000 tables cost the
-- statement a sixth of its time on the server.
LEFT JOIN LATERAL (
  SELECT s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min,
         s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle, sc.relname AS name
  FROM pg_depend idd
  JOIN pg_sequence s ON s.seqrelid = idd.objid
  JOIN pg_class sc ON sc.oid = s.seqrelid
  WHERE a.attidentity <> '' AND idd.classid = 'pg_class'::regclass AND idd.refclassid = 'pg_class'::regclass
    AND idd.refobjid = a.attrelid AND idd.refobjsubid = a.attnum AND idd.deptype = 'i'
  LIMIT 1
) idseq ON true
LEFT JOIN LATERAL (
  SELECT sn.nspname AS seq_schema, s.relname AS seq_name
  FROM pg_depend dd
  JOIN pg_class s ON s.oid = dd.refobjid AND s.relkind = 'S'
  JOIN pg_sequence ps ON ps.seqrelid = s.oid
  JOIN pg_namespace sn ON sn.oid = s.relnamespace
  JOIN pg_depend od
    ON od.classid = 'pg_class'::regclass AND od.objid = s.oid AND od.deptype = 'a'
   AND od.refclassid = 'pg_class'::regclass AND od.refobjid = a.attrelid AND od.refobjsubid = a.attnum
  -- Only a column with a default and of a sequence's type (smallint, integer, bigint) can have one: checked
  -- first, once a column, so that the others look nothing up.
  WHERE ad.oid IS NOT NULL AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)
    AND dd.classid = 'pg_attrdef'::regclass AND dd.objid = ad.oid AND dd.refclassid = 'pg_class'::regclass
    AND pg_get_expr(ad.adbin, ad.adrelid) = format('nextval(%L::regclass)', s.oid::regclass::text)
    AND ps.seqtypid = a.atttypid AND ps.seqstart = 1 AND ps.seqincrement = 1 AND ps.seqmin = 1 AND ps.seqcache = 1
    AND NOT ps.seqcycle
    AND ps.seqmax = CASE a.atttypid WHEN 'int2'::regtype THEN 32767 WHEN 'int4'::regtype THEN 2147483647 ELSE 9223372036854775807 END
    AND ${SERIAL_PERSISTENCE('s', 'rel')}
  LIMIT 1
) seq ON true
-- Unordered: the reader orders the rows (reflect.ts, inColumnOrder).
`;

/**
 * The fields of a columns row that are its table's: the statement sends them
 * on the table's first row (the column of the lowest `position`, or the one
 * row of a table without columns), null on the others, and the reader copies
 * them to the others (`inColumnOrder`).
 */
export const TABLE_FIELDS = [
  'schema',
  'table_name',
  'rls_enabled',
  'rls_forced',
  'unlogged',
  'replica_identity',
  'cluster_on',
  'table_storage',
  'partition_by',
  'partition_columns',
  'partition_of',
  'inherits',
] as const satisfies readonly (keyof ColumnRow)[];

export interface ColumnRow {
  table_oid: string;
  schema: string;
  table_name: string;
  rls_enabled: boolean;
  rls_forced: boolean;
  unlogged: boolean;
  /** `REPLICA IDENTITY` other than `DEFAULT`, as the model holds it; null for the default. */
  replica_identity: ReplicaIdentityModel | null;
  /** The index `CLUSTER ON` marks, null for none. */
  cluster_on: string | null;
  /** The table's storage parameters as `name=value`, the TOAST table's as `toast.name=value`; null for none. */
  table_storage: string[] | null;
  /** `pg_get_partkeydef()` of a partitioned table, else null. */
  partition_by: string | null;
  /** The columns a partitioned table's key uses, in column order, as `pg_depend` records them; else null. */
  partition_columns: string[] | null;
  /** The parent and bound of a partition, else null. */
  partition_of: { schema: string; table: string; bound: string } | null;
  /** The tables an inheritance child (not a partition) inherits from, in order, else null. */
  inherits: { schema: string; table: string }[] | null;
  position: number | null;
  /** True for a column the table inherits and does not declare itself (`NOT attislocal`). */
  inherited: boolean | null;
  name: string | null;
  type: string | null;
  not_null: boolean | null;
  /** The name of the column's validated NOT NULL constraint (PostgreSQL 18 on), else null. */
  not_null_name: string | null;
  /** The statistics target when not the default, else null. */
  statistics: number | null;
  /** Attribute options (`n_distinct`, `n_distinct_inherited`) as `name=value`; null for none. */
  options: string[] | null;
  /** `PLAIN`, `EXTERNAL`, `MAIN` or `EXTENDED` when not the type's own, else null. */
  storage: ColumnStorage | null;
  /** `pglz` or `lz4` when set, else null. */
  compression: string | null;
  /** '' (none), 'a' (always) or 'd' (by default). */
  identity: string | null;
  /** '' (none), 's' (stored) or 'v' (virtual, PostgreSQL 18+). */
  generated: string | null;
  default_expr: string | null;
  seq_schema: string | null;
  seq_name: string | null;
  /** A collation other than the type's own, as a `COLLATE` clause names it; null otherwise. */
  collation: string | null;
  /** The identity sequence's options as decimal text; null when the column is no identity. */
  identity_start: string | null;
  identity_increment: string | null;
  identity_min: string | null;
  identity_max: string | null;
  identity_cache: string | null;
  identity_cycle: boolean | null;
  /** The identity sequence's name (in the table's schema); null when the column is no identity. */
  identity_sequence: string | null;
}

/**
 * Primary keys, uniques, foreign keys, checks and exclusions declared on the table itself. The key
 * columns' names come from one array of names a table (`att`, indexed by attnum: a table's attnums run
 * from 1 without gaps, a dropped column keeping its place), read once for the tables the keys name,
 * rather than a scan of the table's columns for each list of each constraint. Only primary keys,
 * uniques and foreign keys have their columns read: a check's or exclusion's are in its definition.
 */
export const CONSTRAINTS_SQL = `
WITH ${SCOPE},
  con AS MATERIALIZED (
    SELECT con.oid, con.conrelid, con.conname, con.contype, con.conkey, con.confrelid, con.confkey, con.conindid,
      con.confdeltype, con.confupdtype, con.confmatchtype, con.condeferrable, con.condeferred, con.convalidated,
      con.connoinherit
    FROM pg_constraint con
    JOIN rel ON rel.oid = con.conrelid
    WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND con.conislocal AND con.conparentid = 0
  ),
  att AS MATERIALIZED (
    SELECT a.attrelid, array_agg(a.attname::text ORDER BY a.attnum) AS names
    FROM pg_attribute a
    WHERE a.attnum > 0 AND a.attrelid IN (
      SELECT conrelid FROM con WHERE contype IN ('p', 'u', 'f') UNION SELECT confrelid FROM con WHERE contype = 'f'
    )
    GROUP BY a.attrelid
  )
SELECT
  con.conrelid::text AS table_oid,
  con.conname AS name,
  con.contype::text AS type,
  pg_get_constraintdef(con.oid) AS definition,
  CASE WHEN con.contype IN ('p', 'u', 'f') THEN
    (SELECT json_agg(ca.names[k.attnum] ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord))
  END AS columns,
  rn.nspname AS ref_schema,
  rc.relname AS ref_table,
  CASE WHEN con.contype = 'f' THEN
    (SELECT json_agg(fa.names[k.attnum] ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord))
  END AS ref_columns,
  con.confdeltype::text AS on_delete,
  con.confupdtype::text AS on_update,
  con.confmatchtype::text AS match_type,
  con.condeferrable AS deferrable,
  con.condeferred AS deferred,
  con.convalidated AS validated,
  con.connoinherit AS no_inherit,
  -- INCLUDE columns are plain columns of the table (never expressions), after the key's.
  CASE WHEN ci.indnatts > ci.indnkeyatts THEN
    (SELECT json_agg(ca.names[ci.indkey[k.pos - 1]] ORDER BY k.pos) FROM generate_series(ci.indnkeyatts + 1, ci.indnatts::int) AS k(pos))
  END AS include,
  -- A key added ONLY to a partitioned table: its index is invalid while a partition lacks one attached.
  con.contype IN ('p', 'u') AND NOT COALESCE(ci.indisvalid, true) AS invalid,
  -- An exclusion's are in its definition (pg_get_constraintdef prints WITH (...) for it alone).
  ki.reloptions AS storage
FROM con
LEFT JOIN att ca ON ca.attrelid = con.conrelid
LEFT JOIN att fa ON fa.attrelid = con.confrelid
LEFT JOIN pg_index ci ON ci.indexrelid = con.conindid AND con.contype IN ('p', 'u')
LEFT JOIN pg_class ki ON ki.oid = ci.indexrelid
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
ORDER BY con.conrelid, con.conname`;

export interface ConstraintRow {
  table_oid: string;
  name: string;
  /** 'p', 'u', 'f', 'c' or 'x'. */
  type: string;
  definition: string;
  /** A primary key's, unique's or foreign key's columns; null for a check or an exclusion. */
  columns: string[] | null;
  ref_schema: string | null;
  ref_table: string | null;
  ref_columns: string[] | null;
  on_delete: string;
  on_update: string;
  /** 'f' (full), 'p' (partial) or 's' (simple). */
  match_type: string;
  deferrable: boolean;
  deferred: boolean;
  validated: boolean;
  no_inherit: boolean;
  /** INCLUDE columns of a primary key's or unique constraint's index, or null. */
  include: string[] | null;
  /** Whether a primary key's or unique constraint's index is invalid (added `ONLY` to a partitioned table). */
  invalid: boolean;
  /** A primary key's or unique constraint's index's storage parameters as `name=value`; null for none. */
  storage: string[] | null;
}

/** Indexes that do not back a primary key, unique or exclusion constraint, those attached to a parent's index included. */
export function indexesSql(serverVersion: number): string {
  return INDEXES_SQL.replace(NULLS_NOT_DISTINCT, serverVersion >= 150000 ? 'i.indnullsnotdistinct' : 'false');
}

const INDEXES_SQL = `
WITH ${SCOPE}
SELECT
  i.indrelid::text AS table_oid,
  ic.relname AS name,
  i.indisunique AS is_unique,
  i.indisvalid AS is_valid,
  am.amname AS method,
  -- The key's attributes looked up one by one: joined, the planner hashed the index's attributes anew for
  -- every index (100 ms of the statement's 850 at 10,000 tables).
  (SELECT json_agg(json_build_object(
            'column', (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k.pos - 1]),
            'expression', CASE WHEN i.indkey[k.pos - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k.pos, false) END,
            'text', pg_get_indexdef(i.indexrelid, k.pos, false),
            'statistics', (SELECT CASE WHEN ia.attstattarget IS NOT NULL AND ia.attstattarget <> -1 THEN ia.attstattarget::int END
                           FROM pg_attribute ia WHERE ia.attrelid = i.indexrelid AND ia.attnum = k.pos))
          ORDER BY k.pos)
     FROM generate_series(1, i.indnkeyatts::int) AS k(pos)
  ) AS columns,
  (SELECT json_agg(a.attname ORDER BY k.pos)
     FROM generate_series(i.indnkeyatts + 1, i.indnatts::int) AS k(pos)
     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.pos - 1]
  ) AS include,
  ${NULLS_NOT_DISTINCT} AS nulls_not_distinct,
  ic.reloptions AS storage,
  pg_get_indexdef(i.indexrelid) AS definition,
  pg_get_expr(i.indpred, i.indrelid) AS predicate,
  (SELECT pi.relname FROM pg_inherits ih JOIN pg_class pi ON pi.oid = ih.inhparent WHERE ih.inhrelid = i.indexrelid) AS parent_index
FROM pg_index i
JOIN rel ON rel.oid = i.indrelid
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
WHERE NOT EXISTS (
  SELECT 1 FROM pg_constraint c
  WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')
)
ORDER BY i.indrelid, ic.relname`;

/**
 * The index statement for every release: \`indnullsnotdistinct\` (15) read
 * through \`to_jsonb\`. For the few indexes of materialized views, read in the
 * statement of objects, which does not depend on the release.
 */
export const INDEXES_ANY_VERSION_SQL = INDEXES_SQL.replace(
  NULLS_NOT_DISTINCT,
  "COALESCE((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false)",
);

export interface IndexRow {
  table_oid: string;
  name: string;
  is_unique: boolean;
  /** False for an index a failed `CREATE INDEX CONCURRENTLY` left behind. */
  is_valid: boolean;
  method: string;
  /** Each key: a column name or an expression, and its text as the definition prints it. */
  columns: { column: string | null; expression: string | null; text: string; statistics?: number | null }[];
  /** INCLUDE columns, or null when there are none. */
  include: string[] | null;
  nulls_not_distinct: boolean;
  /** Storage parameters as `name=value`; null (or empty) for none. */
  storage: string[] | null;
  /** The whole `CREATE INDEX` statement, read for each key's collation, operator class and order. */
  definition: string;
  predicate: string | null;
  /**
   * For a partition's index attached to an index of its parent, that index's
   * name: the index itself belongs to the parent, only its name to the partition.
   */
  parent_index: string | null;
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

/** Row-level security policies of the reflected tables, roles by name (`public` for PUBLIC). */
export const POLICIES_SQL = `
WITH ${SCOPE}
SELECT
  p.polrelid::text AS table_oid,
  p.polname AS name,
  p.polpermissive AS permissive,
  p.polcmd::text AS command,
  (SELECT json_agg(r.name ORDER BY r.name)
     FROM (SELECT CASE WHEN o = 0 THEN 'public' ELSE pg_get_userbyid(o)::text END AS name
           FROM unnest(p.polroles) AS o) r) AS roles,
  pg_get_expr(p.polqual, p.polrelid) AS using_expr,
  pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr
FROM pg_policy p
JOIN rel ON rel.oid = p.polrelid
ORDER BY p.polrelid, p.polname`;

export interface PolicyRow {
  table_oid: string;
  name: string;
  permissive: boolean;
  /** '*' (all), 'r' (select), 'a' (insert), 'w' (update) or 'd' (delete). */
  command: string;
  roles: string[] | null;
  using_expr: string | null;
  check_expr: string | null;
}
