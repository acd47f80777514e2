import { compareText } from '../../util/strings.js';
import type { NameMapper } from '../names/name-mapper.js';
import { PG15, type VersionNeed } from '../version-features.js';

/**
 * The model of a publication (`CREATE PUBLICATION`), what logical
 * replication sends. A publication belongs to the database, not to a schema.
 * `model.ts` re-exports it.
 */

/** The changes a publication sends, in the order Postgres lists them. */
export const PUBLISHED_CHANGES = ['insert', 'update', 'delete', 'truncate'] as const;
export type PublishedChange = (typeof PUBLISHED_CHANGES)[number];

/** One table of `FOR TABLE ...`. */
export interface PublicationTableModel {
  readonly schema: string;
  readonly table: string;
  /** Its column list (PostgreSQL 15 on), in the table's column order; absent for every column. */
  readonly columns?: readonly string[];
  /** Its row filter (PostgreSQL 15 on) as `pg_get_expr()` prints it, without the outer parentheses; absent for none. */
  readonly where?: string;
}

export interface PublicationModel {
  readonly name: string;
  /** `FOR ALL TABLES`: every table of the database, now and later. */
  readonly allTables: boolean;
  /** `FOR TABLE ...`, sorted by schema and table. */
  readonly tables: readonly PublicationTableModel[];
  /** `FOR TABLES IN SCHEMA ...` (PostgreSQL 15 on), sorted. */
  readonly schemas: readonly string[];
  /** `publish`: the changes it sends, in `PUBLISHED_CHANGES` order. */
  readonly publish: readonly PublishedChange[];
  /** `publish_via_partition_root`: a partition's changes sent as its root table's. */
  readonly viaRoot: boolean;
}

/**
 * A table a publication sends the updates or deletes of while its replica
 * identity cannot serve them, and why (`it has no primary key and no replica
 * identity`, `its column list leaves out id of its replica identity`):
 * Postgres refuses the statements of `refused` on it from then on. The
 * operation that brings it about (the publication's create or alter, or the
 * table's create, identity change or primary key drop) carries it in
 * `unidentified`, which autogenerate fills from the model; it changes no SQL.
 */
export interface IdentityRefusal {
  readonly publication: string;
  readonly schema: string;
  readonly table: string;
  readonly refused: readonly ('UPDATE' | 'DELETE')[];
  readonly why: string;
}

/** A publication's tables in schema and table order. */
export function comparePublicationTables(a: PublicationTableModel, b: PublicationTableModel): number {
  return compareText(a.schema, b.schema) || compareText(a.table, b.table);
}

/** Whether one of the publications sends the table's changes: it lists the table or its schema, or takes all tables. */
export function anyPublishes(publications: readonly PublicationModel[], schema: string, table: string): boolean {
  return publications.some(
    (p) => p.allTables || p.schemas.includes(schema) || p.tables.some((t) => t.schema === schema && t.table === table),
  );
}

/** A publication's tables, schemas and row filters, in a tenant's schema for a tenant's publication. */
export function mapPublication(publication: PublicationModel, map: NameMapper): PublicationModel {
  return {
    ...publication,
    tables: publication.tables.map((t) => ({
      ...t,
      schema: map.schema(t.schema),
      ...(t.columns !== undefined ? { columns: [...t.columns] } : {}),
      ...(t.where !== undefined ? { where: map.text(t.where) } : {}),
    })),
    schemas: publication.schemas.map(map.schema),
    publish: [...publication.publish],
  };
}

/** What a publication needs of the server's version: column lists, row filters and whole schemas 15. */
export function publicationNeeds(publication: PublicationModel): VersionNeed[] {
  const what = `publication ${publication.name}`;
  const needed: VersionNeed[] = [];
  for (const t of publication.tables) {
    if (t.columns !== undefined) needed.push({ what: `${what} lists columns of ${t.schema}.${t.table}`, since: PG15 });
    if (t.where !== undefined) needed.push({ what: `${what} filters the rows of ${t.schema}.${t.table}`, since: PG15 });
  }
  if (publication.schemas.length > 0) needed.push({ what: `${what} publishes whole schemas`, since: PG15 });
  return needed;
}
