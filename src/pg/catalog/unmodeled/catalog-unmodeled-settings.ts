import {
  displayName,
  EVERY_SCHEMA,
  extensionMember,
  storageParameters,
  type UnmodeledPart,
} from './catalog-unmodeled-helpers.js';

/**
 * Settings of tables, indexes and columns that the model does not hold, and
 * objects that belong to the database rather than to a schema. Database-wide
 * objects are listed when they touch a reflected schema (or when every
 * schema is reflected). Each part follows the shape described in
 * catalog-unmodeled-helpers.ts.
 */

/** Tables (plain and partitioned) in the reflected schemas, not an extension's, with `joins` before the WHERE. */
function tables(joins = ''): string {
  return `pg_class c
JOIN ns ON ns.oid = c.relnamespace${joins === '' ? '' : `\n${joins}`}
WHERE c.relkind IN ('r', 'p') AND NOT ${extensionMember('pg_class', 'c.oid')}`;
}
const TABLES = tables();

const ON_TABLE = `ns.nspname AS rel_schema, c.relname AS rel_name`;
const TABLE_NAME = displayName('ns.nspname', 'c.relname');

/**
 * A partition's trigger made from its parent's (a clone) that fires otherwise
 * than the parent's: the model holds the parent's firing, which `ALTER TABLE`
 * on the parent sets on its partitions too.
 */
const PARTITION_TRIGGER_FIRINGS = `
SELECT ${TABLE_NAME} || ' ' || t.tgname AS name,
  format('ALTER TABLE %I.%I %s TRIGGER %I;', ns.nspname, c.relname,
    CASE t.tgenabled WHEN 'D' THEN 'DISABLE' WHEN 'R' THEN 'ENABLE REPLICA' WHEN 'A' THEN 'ENABLE ALWAYS' ELSE 'ENABLE' END,
    t.tgname) AS definition,
  NULL AS description, ${ON_TABLE}
FROM ${tables('JOIN pg_trigger t ON t.tgrelid = c.oid JOIN pg_trigger parent ON parent.oid = t.tgparentid')}
  AND t.tgenabled <> parent.tgenabled`;

/** `CREATE TABLE ... OF type`. */
const TYPED_TABLES = `
SELECT ${TABLE_NAME} || ' of ' || format_type(c.reloftype, NULL) AS name,
  format('ALTER TABLE %I.%I OF %s;', ns.nspname, c.relname, format_type(c.reloftype, NULL)) AS definition,
  NULL AS description, ${ON_TABLE}
FROM ${TABLES} AND c.reloftype <> 0`;

/**
 * An identity column's sequence set apart from its table's persistence (`ALTER SEQUENCE ... SET UNLOGGED` on a
 * logged table's, or `SET LOGGED` on an unlogged one's). Any other sequence's persistence is modeled.
 */
const IDENTITY_SEQUENCE_PERSISTENCE = `
SELECT ${TABLE_NAME} AS name,
  format('ALTER SEQUENCE %I.%I SET %s;', ns.nspname, c.relname,
    CASE c.relpersistence WHEN 'u' THEN 'UNLOGGED' ELSE 'LOGGED' END) AS definition,
  NULL AS description, ${ON_TABLE}
FROM pg_class c
JOIN ns ON ns.oid = c.relnamespace
JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
  AND d.deptype = 'i'
JOIN pg_class t ON t.oid = d.refobjid
WHERE c.relkind = 'S' AND c.relpersistence <> t.relpersistence AND NOT ${extensionMember('pg_class', 'c.oid')}`;

const TABLE_ACCESS_METHODS = `
SELECT ${TABLE_NAME} AS name, format('ALTER TABLE %I.%I SET ACCESS METHOD %I;', ns.nspname, c.relname, am.amname) AS definition,
  NULL AS description, ${ON_TABLE}
FROM ${tables('JOIN pg_am am ON am.oid = c.relam')} AND am.amname <> 'heap'`;

/**
 * NOT NULL constraints (PostgreSQL 18) added `NOT VALID` (the model reads
 * the column as nullable) or `NO INHERIT` (the model reads a plain NOT NULL
 * under the same name, which is replaced).
 */
const NOT_NULL_CONSTRAINTS = `
SELECT ${TABLE_NAME} || ' ' || k.conname AS name,
  CASE WHEN k.convalidated THEN format('ALTER TABLE %I.%I DROP CONSTRAINT %I;', ns.nspname, c.relname, k.conname) || E'\\n' ELSE '' END
    || format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s;', ns.nspname, c.relname, k.conname, pg_get_constraintdef(k.oid)) AS definition,
  NULL AS description, ${ON_TABLE}
FROM ${tables('JOIN pg_constraint k ON k.conrelid = c.oid')} AND k.contype = 'n' AND (NOT k.convalidated OR k.connoinherit)`;

/**
 * What a table that inherits (not a partition) sets on a column it only
 * inherits: its own NOT NULL where no parent's column has one, and its own
 * default where it differs from every parent's. The model leaves such a
 * column to its parents.
 */
const INHERITED_COLUMN_SETTINGS = `
SELECT ${TABLE_NAME} || '.' || quote_ident(a.attname) AS name,
  concat_ws(E'\\n',
    CASE WHEN a.attnotnull AND NOT p.not_null
      THEN format('ALTER TABLE %I.%I ALTER COLUMN %I SET NOT NULL;', ns.nspname, c.relname, a.attname) END,
    CASE WHEN NOT p.same_default THEN CASE WHEN d.adbin IS NULL
      THEN format('ALTER TABLE %I.%I ALTER COLUMN %I DROP DEFAULT;', ns.nspname, c.relname, a.attname)
      ELSE format('ALTER TABLE %I.%I ALTER COLUMN %I SET DEFAULT %s;', ns.nspname, c.relname, a.attname,
        pg_get_expr(d.adbin, d.adrelid)) END END) AS definition,
  NULL AS description, ${ON_TABLE}
FROM ${tables(`JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  AND NOT a.attislocal AND a.attinhcount > 0
LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
CROSS JOIN LATERAL (
  SELECT coalesce(bool_or(pa.attnotnull), false) AS not_null,
    coalesce(bool_or(pg_get_expr(pd.adbin, pd.adrelid) IS NOT DISTINCT FROM pg_get_expr(d.adbin, d.adrelid)), false)
      AS same_default
  FROM pg_inherits h
  JOIN pg_attribute pa ON pa.attrelid = h.inhparent AND pa.attname = a.attname
  LEFT JOIN pg_attrdef pd ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum
  WHERE h.inhrelid = c.oid) p`)} AND NOT c.relispartition
  AND ((a.attnotnull AND NOT p.not_null) OR NOT p.same_default)`;

/**
 * Storage parameters of a partition's key's index that are not its parent's key's index's (the model holds those
 * of keys and plain indexes, and of a partition's plain indexes in `indexStorage`): the parent's reset, its own set.
 */
const PARTITION_KEY_STORAGE = `
SELECT ${displayName('ns.nspname', 'ic.relname')} AS name,
  concat_ws(' ',
    CASE WHEN pic.reloptions IS NOT NULL THEN format('ALTER INDEX %I.%I RESET (%s);', ns.nspname, ic.relname,
      (SELECT string_agg(split_part(o, '=', 1), ', ') FROM unnest(pic.reloptions) AS o)) END,
    CASE WHEN ic.reloptions IS NOT NULL THEN
      format('ALTER INDEX %I.%I SET (%s);', ns.nspname, ic.relname, ${storageParameters('ic.reloptions')}) END) AS definition,
  NULL AS description, ${ON_TABLE}
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN ns ON ns.oid = c.relnamespace
JOIN pg_inherits ih ON ih.inhrelid = i.indexrelid
JOIN pg_class pic ON pic.oid = ih.inhparent
WHERE c.relispartition AND NOT ${extensionMember('pg_class', 'c.oid')}
  AND ic.reloptions IS DISTINCT FROM pic.reloptions
  AND EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)`;

/** `ALTER INDEX ... ALTER COLUMN n SET STATISTICS m`: index columns are named by their number. */
const INDEX_STATISTICS = `
SELECT ${displayName('ns.nspname', 'ic.relname')} || ' column ' || ia.attnum AS name,
  format('ALTER INDEX %I.%I ALTER COLUMN %s SET STATISTICS %s;', ns.nspname, ic.relname, ia.attnum, ia.attstattarget) AS definition,
  NULL AS description, ${ON_TABLE}
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_attribute ia ON ia.attrelid = ic.oid AND ia.attnum > 0
JOIN pg_class c ON c.oid = i.indrelid
JOIN ns ON ns.oid = c.relnamespace
WHERE NOT ${extensionMember('pg_class', 'c.oid')}
  AND ia.attstattarget IS NOT NULL AND ia.attstattarget >= 0
  -- The model holds those of a table's or a materialized view's own indexes (col(sql\`...\`, { statistics })); not those of a partition's.
  AND c.relispartition`;

/**
 * Per-column settings of tables, each null when it is the default; `parent_*`
 * holds the same setting of the column it inherits from (first parent), so that
 * settings a partition or child copied from its parent are listed once.
 */
const COLUMN_SETTINGS = `(
  SELECT ns.nspname, c.relname, c.relispartition, a.attname, s.*, p.*
  FROM ${tables(`JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  CROSS JOIN LATERAL (${columnSettings('a', 'setting')}) s
  LEFT JOIN LATERAL (
    SELECT ps.* FROM pg_inherits ih
    JOIN pg_attribute pa ON pa.attrelid = ih.inhparent AND pa.attname = a.attname AND NOT pa.attisdropped
    CROSS JOIN LATERAL (${columnSettings('pa', 'parent')}) ps
    WHERE a.attinhcount > 0 AND ih.inhrelid = c.oid
    ORDER BY ih.inhseqno LIMIT 1
  ) p ON true`)}
) col`;

function columnSettings(a: string, prefix: string): string {
  return `SELECT
      CASE WHEN ${a}.attstorage <> (SELECT ty.typstorage FROM pg_type ty WHERE ty.oid = ${a}.atttypid)
        THEN CASE ${a}.attstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END END AS ${prefix}_storage,
      CASE NULLIF(to_jsonb(${a}) ->> 'attcompression', '') WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' END AS ${prefix}_compression,
      CASE WHEN ${a}.attstattarget IS NOT NULL AND ${a}.attstattarget <> -1 THEN ${a}.attstattarget::text END AS ${prefix}_statistics,
      ${storageParameters(`ARRAY(SELECT o FROM unnest(${a}.attoptions) AS o WHERE o ~ '^n_distinct(_inherited)?=')`)} AS ${prefix}_options`;
}

/** `onlyPartitions`: a setting the model holds for a table's own columns, listed only for partitions (whose columns it leaves to the parent). */
function columnSetting(setting: string, clause: string, onlyPartitions = false): string {
  return `
SELECT ${displayName('col.nspname', 'col.relname')} || '.' || col.attname AS name,
  format('ALTER TABLE %I.%I ALTER COLUMN %I ${clause};', col.nspname, col.relname, col.attname, col.setting_${setting}) AS definition,
  NULL AS description, col.nspname AS rel_schema, col.relname AS rel_name
FROM ${COLUMN_SETTINGS}
WHERE col.setting_${setting} IS NOT NULL AND col.setting_${setting} IS DISTINCT FROM col.parent_${setting}${onlyPartitions ? ' AND col.relispartition' : ''}`;
}

/** Subscriptions of this database; their connection string is never printed. */
const SUBSCRIPTIONS = `
SELECT s.subname AS name, NULL AS definition,
  format('subscription %I to publication(s) %s; its connection string is not printed',
    s.subname, array_to_string(s.subpublications, ', ')) AS description,
  NULL AS rel_schema, NULL AS rel_name
FROM pg_subscription s
WHERE ${EVERY_SCHEMA} AND s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())`;

/**
 * User mappings of the servers the model holds (those a reflected foreign table uses, or every one when every
 * schema is reflected). Their options may hold a password: they are never printed, and not modeled.
 */
const USER_MAPPINGS = `
SELECT um.usename || ' on ' || um.srvname AS name, NULL AS definition,
  format('user mapping for %s on server %I; its options are not printed, as they may hold a password',
    CASE WHEN um.umuser = 0 THEN 'PUBLIC' ELSE quote_ident(um.usename) END, um.srvname) AS description,
  NULL AS rel_schema, NULL AS rel_name
FROM pg_user_mappings um
WHERE ${EVERY_SCHEMA} OR EXISTS (SELECT 1 FROM pg_foreign_table ft JOIN pg_class fc ON fc.oid = ft.ftrelid
                                 WHERE ft.ftserver = um.srvid AND fc.relnamespace IN (SELECT oid FROM ns))`;

/** User mappings (wrappers and servers are modeled): after the types and routines, before foreign tables. */
export const SERVER_PARTS: readonly UnmodeledPart[] = [{ kind: 'user mapping', sql: USER_MAPPINGS }];

/** Settings of tables, indexes and columns, in the order they are listed. */
export const TABLE_SETTING_PARTS: readonly UnmodeledPart[] = [
  { kind: 'typed table', sql: TYPED_TABLES },
  { kind: 'identity sequence persistence', sql: IDENTITY_SEQUENCE_PERSISTENCE },
  { kind: 'table access method', sql: TABLE_ACCESS_METHODS },
  { kind: 'NOT NULL constraint NOT VALID or NO INHERIT', sql: NOT_NULL_CONSTRAINTS },
  { kind: 'inherited column setting', sql: INHERITED_COLUMN_SETTINGS },
  { kind: 'partition key storage setting', sql: PARTITION_KEY_STORAGE },
  { kind: 'index column statistics target', sql: INDEX_STATISTICS },
  { kind: 'partition column storage setting', sql: columnSetting('storage', 'SET STORAGE %s', true) },
  { kind: 'partition column compression setting', sql: columnSetting('compression', 'SET COMPRESSION %s', true) },
  { kind: 'partition column statistics target', sql: columnSetting('statistics', 'SET STATISTICS %s', true) },
  { kind: 'partition column option setting', sql: columnSetting('options', 'SET (%s)', true) },
  { kind: 'partition trigger firing', sql: PARTITION_TRIGGER_FIRINGS },
];

/** Objects of the database that use tables: listed last. */
export const DATABASE_PARTS: readonly UnmodeledPart[] = [{ kind: 'subscription', sql: SUBSCRIPTIONS }];
