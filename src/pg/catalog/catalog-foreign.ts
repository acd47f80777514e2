import { FIRST_USER_OID, listPart, madeAfterInitdb } from './catalog-part.js';
import type {
  ForeignColumnModel,
  ForeignDataWrapperModel,
  ForeignOptions,
  ForeignServerModel,
  ForeignTableModel,
} from '../../schema/model.js';
import { compareQualified, compareText } from '../../schema/object-keys.js';
import { collationName, NAMESPACES } from './catalog-queries.js';

/**
 * Foreign data wrappers, servers and foreign tables, for the batched objects
 * statement (catalog-objects.ts). Wrappers and servers belong to the
 * database: each one no extension made (wrappers created after initdb) is
 * read, except, when a list of schemas is read, a server only foreign tables
 * of other schemas use, and a wrapper only such servers use: those belong to
 * the other schemas' model. Foreign tables that are partitions or
 * inherit from a table are left to the list of what the model cannot hold.
 * Options come as `[key, value]` pairs in the order Postgres keeps them.
 */

function optionPairs(column: string): string {
  return `(SELECT json_agg(json_build_array(split_part(o, '=', 1), substr(o, strpos(o, '=') + 1)) ORDER BY ord)
     FROM unnest(${column}) WITH ORDINALITY AS u(o, ord))`;
}

const NOT_EXTENSION = (catalog: string, oid: string): string =>
  `NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '${catalog}'::regclass AND x.objid = ${oid} AND x.deptype = 'e')`;

/** The foreign tables modeled: in a reflected schema, not an extension's, neither a partition nor a child. */
const MODELED_FOREIGN_TABLES = `
  SELECT ft.ftrelid, ft.ftserver, ft.ftoptions, ns.nspname, c.relname
  FROM pg_foreign_table ft
  JOIN pg_class c ON c.oid = ft.ftrelid
  JOIN ns ON ns.oid = c.relnamespace
  WHERE NOT c.relispartition AND ${NOT_EXTENSION('pg_class', 'c.oid')}
    AND NOT EXISTS (SELECT 1 FROM pg_inherits ih WHERE ih.inhrelid = c.oid)`;

/** The servers read: no extension's, and not used only by foreign tables outside the reflected schemas. */
export const SERVERS = `
  SELECT s.oid, s.srvfdw
  FROM pg_foreign_server s
  WHERE ${NOT_EXTENSION('pg_foreign_server', 's.oid')}
    AND ($1::text[] IS NULL
      OR EXISTS (SELECT 1 FROM pg_foreign_table ft JOIN pg_class fc ON fc.oid = ft.ftrelid WHERE ft.ftserver = s.oid AND fc.relnamespace IN (SELECT oid FROM ns))
      OR NOT EXISTS (SELECT 1 FROM pg_foreign_table ft WHERE ft.ftserver = s.oid))`;

export const FOREIGN_WRAPPERS_SQL = `
WITH ${NAMESPACES}, srv AS (${SERVERS})
SELECT w.fdwname AS name,
  CASE WHEN w.fdwhandler = 0 THEN NULL ELSE w.fdwhandler::regproc::text END AS handler,
  CASE WHEN w.fdwvalidator = 0 THEN NULL ELSE w.fdwvalidator::regproc::text END AS validator,
  ${optionPairs('w.fdwoptions')} AS options
FROM pg_foreign_data_wrapper w
WHERE w.oid >= ${FIRST_USER_OID} AND ${NOT_EXTENSION('pg_foreign_data_wrapper', 'w.oid')}
  AND (EXISTS (SELECT 1 FROM srv WHERE srv.srvfdw = w.oid) OR NOT EXISTS (SELECT 1 FROM pg_foreign_server s WHERE s.srvfdw = w.oid))`;

export const FOREIGN_SERVERS_SQL = `
WITH ${NAMESPACES}, srv AS (${SERVERS})
SELECT s.srvname AS name, w.fdwname AS wrapper, s.srvtype AS type, s.srvversion AS version,
  ${optionPairs('s.srvoptions')} AS options
FROM srv
JOIN pg_foreign_server s ON s.oid = srv.oid
JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw`;

export const FOREIGN_TABLES_SQL = `
WITH ${NAMESPACES}, fts AS (${MODELED_FOREIGN_TABLES})
SELECT fts.nspname AS schema, fts.relname AS name, s.srvname AS server, ${optionPairs('fts.ftoptions')} AS options,
  (SELECT json_agg(json_build_object(
      'name', a.attname,
      'type', format_type(a.atttypid, a.atttypmod),
      'not_null', a.attnotnull,
      'default', pg_get_expr(d.adbin, d.adrelid),
      'collation', ${collationName('a.attcollation', 'ty.typcollation')},
      'options', ${optionPairs('a.attfdwoptions')}) ORDER BY a.attnum)
   FROM pg_attribute a
   JOIN pg_type ty ON ty.oid = a.atttypid
   LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE a.attrelid = fts.ftrelid AND a.attnum > 0 AND NOT a.attisdropped) AS columns
FROM fts
JOIN pg_foreign_server s ON s.oid = fts.ftserver`;

type OptionPairs = [string, string][] | null;

export interface ForeignWrapperRow {
  name: string;
  handler: string | null;
  validator: string | null;
  options: OptionPairs;
}

export interface ForeignServerRow {
  name: string;
  wrapper: string;
  type: string | null;
  version: string | null;
  options: OptionPairs;
}

interface ForeignColumnRow {
  name: string;
  type: string;
  not_null: boolean;
  default: string | null;
  collation: string | null;
  options: OptionPairs;
}

export interface ForeignTableRow {
  schema: string;
  name: string;
  server: string;
  options: OptionPairs;
  columns: ForeignColumnRow[] | null;
}

function withOptions<T extends { options?: ForeignOptions }>(model: T, pairs: OptionPairs): T {
  return pairs !== null && pairs.length > 0 ? { ...model, options: Object.fromEntries(pairs) } : model;
}

export function wrappersFromRows(rows: readonly ForeignWrapperRow[]): ForeignDataWrapperModel[] {
  return rows
    .map((row) => {
      const model: ForeignDataWrapperModel = {
        name: row.name,
        ...(row.handler !== null ? { handler: row.handler } : {}),
        ...(row.validator !== null ? { validator: row.validator } : {}),
      };
      return withOptions(model, row.options);
    })
    .sort((a, b) => compareText(a.name, b.name));
}

export function serversFromRows(rows: readonly ForeignServerRow[]): ForeignServerModel[] {
  return rows
    .map((row) => {
      const model: ForeignServerModel = {
        name: row.name,
        wrapper: row.wrapper,
        ...(row.type !== null ? { type: row.type } : {}),
        ...(row.version !== null ? { version: row.version } : {}),
      };
      return withOptions(model, row.options);
    })
    .sort((a, b) => compareText(a.name, b.name));
}

export function foreignTablesFromRows(rows: readonly ForeignTableRow[]): ForeignTableModel[] {
  return rows
    .map((row) =>
      withOptions<ForeignTableModel>(
        { schema: row.schema, name: row.name, server: row.server, columns: (row.columns ?? []).map(columnFromRow) },
        row.options,
      ),
    )
    .sort(compareQualified);
}

function columnFromRow(row: ForeignColumnRow): ForeignColumnModel {
  const column: ForeignColumnModel = {
    name: row.name,
    type: row.type,
    nullable: !row.not_null,
    ...(row.default !== null ? { default: row.default } : {}),
    ...(row.collation !== null ? { collation: row.collation } : {}),
  };
  return withOptions(column, row.options);
}

/** The foreign data wrappers' part of the objects statement, which makes their list. */
export const FOREIGN_WRAPPERS_PART = listPart({
  sql: FOREIGN_WRAPPERS_SQL,
  presence: madeAfterInitdb('pg_foreign_data_wrapper'),
  list: 'foreignDataWrappers',
  fromRows: wrappersFromRows,
});

/** The foreign servers' part of the objects statement, which makes their list. */
export const FOREIGN_SERVERS_PART = listPart({
  sql: FOREIGN_SERVERS_SQL,
  presence: madeAfterInitdb('pg_foreign_server'),
  list: 'foreignServers',
  fromRows: serversFromRows,
});

/** The foreign tables' part of the objects statement, which makes their list. */
export const FOREIGN_TABLES_PART = listPart({
  sql: FOREIGN_TABLES_SQL,
  presence: madeAfterInitdb('pg_foreign_table', 'ftrelid'),
  list: 'foreignTables',
  fromRows: foreignTablesFromRows,
});
