import type { PublicationModel, PublicationTableModel, PublishedChange } from '../../schema/model.js';
import { comparePublicationTables, PUBLISHED_CHANGES } from '../../schema/model.js';
import { compareText } from '../../util/strings.js';
import { NAMESPACES } from './catalog-queries.js';
import type { PartComments } from './catalog-part.js';

/**
 * Publications (`CREATE PUBLICATION`): on the database, read when they
 * publish every table, a table or a schema reflected, or nothing yet (every
 * one when every schema is); or, `named`, those whose names `$1` lists. Each
 * lists all its tables and schemas, reflected or not.
 * A table's column list and row filter, and whole schemas
 * (`pg_publication_namespace`), came with PostgreSQL 15: the statement reads
 * them only from 15 on.
 */
export function publicationsSql(serverVersion: number, named = false): string {
  const since15 = serverVersion >= 150000;
  const columns = since15
    ? `(SELECT json_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
          WHERE a.attrelid = pr.prrelid AND a.attnum = ANY (pr.prattrs))`
    : 'NULL::json';
  const filter = since15 ? 'pg_get_expr(pr.prqual, pr.prrelid)' : 'NULL::text';
  const schemas = since15
    ? `(SELECT json_agg(pn.nspname::text) FROM pg_publication_namespace pp JOIN pg_namespace pn ON pn.oid = pp.pnnspid
        WHERE pp.pnpubid = p.oid)`
    : 'NULL::json';
  return `${named ? '' : `\nWITH ${NAMESPACES}`}
SELECT p.pubname AS name, p.puballtables AS all_tables,
  p.pubinsert AS insert, p.pubupdate AS update, p.pubdelete AS delete, p.pubtruncate AS truncate,
  p.pubviaroot AS via_root,
  (SELECT json_agg(json_build_object('schema', rn.nspname, 'table', rc.relname, 'columns', ${columns}, 'where', ${filter}))
    FROM pg_publication_rel pr JOIN pg_class rc ON rc.oid = pr.prrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace
    WHERE pr.prpubid = p.oid) AS tables,
  ${schemas} AS schemas
FROM pg_publication p
WHERE ${named ? 'p.pubname = ANY ($1::text[])' : publicationScope(since15)}`;
}

/** Whether a publication lists what the schemas of `$1` hold (every schema when null), or nothing yet. */
function publicationScope(since15: boolean): string {
  const schemaInScope = since15
    ? 'OR EXISTS (SELECT 1 FROM pg_publication_namespace pp WHERE pp.pnpubid = p.oid AND pp.pnnspid IN (SELECT oid FROM ns))'
    : '';
  const noSchema = since15 ? 'AND NOT EXISTS (SELECT 1 FROM pg_publication_namespace pp WHERE pp.pnpubid = p.oid)' : '';
  return `$1::text[] IS NULL OR p.puballtables
  OR EXISTS (SELECT 1 FROM pg_publication_rel pr JOIN pg_class rc ON rc.oid = pr.prrelid
             WHERE pr.prpubid = p.oid AND rc.relnamespace IN (SELECT oid FROM ns))
  ${schemaInScope}
  OR (NOT EXISTS (SELECT 1 FROM pg_publication_rel pr WHERE pr.prpubid = p.oid) ${noSchema})`;
}

/**
 * Comments on publications, an arm of `commentsSql` (catalog-objects.ts) in
 * its rows; the reading keeps those on the publications it read. Publications
 * are read with the tables, not as a part of the objects statement, which
 * reads their comments all the same (`PART_COMMENTS`).
 */
export const PUBLICATION_COMMENTS: PartComments = {
  on: 'pg_publication',
  sql: `
SELECT 'publication', '', p.pubname, NULL, NULL, NULL, d.description
FROM pg_description d
JOIN pg_publication p ON d.classoid = 'pg_publication'::regclass AND d.objoid = p.oid`,
};

export interface PublicationRow {
  name: string;
  all_tables: boolean;
  insert: boolean;
  update: boolean;
  delete: boolean;
  truncate: boolean;
  via_root: boolean;
  tables: { schema: string; table: string; columns: string[] | null; where: string | null }[] | null;
  schemas: string[] | null;
}

export function publicationsFromRows(rows: readonly PublicationRow[]): PublicationModel[] {
  return rows
    .map((row): PublicationModel => ({
      name: row.name,
      allTables: row.all_tables,
      tables: (row.tables ?? [])
        .map((t): PublicationTableModel => ({
          schema: t.schema,
          table: t.table,
          ...(t.columns !== null ? { columns: t.columns } : {}),
          ...(t.where !== null ? { where: t.where } : {}),
        }))
        .sort(comparePublicationTables),
      schemas: [...(row.schemas ?? [])].sort(compareText),
      publish: PUBLISHED_CHANGES.filter((change: PublishedChange) => row[change]),
      viaRoot: row.via_root,
    }))
    .sort((a, b) => compareText(a.name, b.name));
}
