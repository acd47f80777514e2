import type { ModelKind } from '../../schema/model-kinds.js';
import type { SchemaModel } from '../../schema/model.js';

/**
 * A part of the objects statement (`catalog-objects-statement.ts`), as the
 * module of its kind declares it: its query (`sql`, taking `$1`, the schemas
 * read), the probe's cheap condition, true whenever the part may answer a row
 * (`presence`: a superset of what the part reads, leaving out what the part
 * leaves out by the same columns and nothing else; null for a part read
 * always, one that reports objects initdb made), the comments on its objects
 * (`comments`: their catalog, and an arm of the comments' query, `commentsSql`,
 * in its rows), and, for a list of the model its rows alone make, that list
 * and how (`reads`).
 * The statement's row, the probe, the comments' query and the reading of such
 * lists are derived from the parts.
 */
export interface CatalogPart<Row, K extends ModelKind = never> {
  readonly sql: string;
  readonly presence: string | null;
  readonly comments?: PartComments;
  readonly reads?: { readonly list: K; readonly fromRows: (rows: readonly Row[]) => SchemaModel[K] };
  /** The type of the part's rows, for the compiler only. */
  readonly '~row'?: Row;
}

/** The comments on a part's objects: the catalog of those objects, and the query of its rows of `pg_description`. */
export interface PartComments {
  readonly on: string;
  readonly sql: string;
}

/** What a part's module says of it but how its rows become a list. */
type PartQueries = Pick<CatalogPart<never>, 'sql' | 'presence' | 'comments'>;

/** A part whose rows the reading turns into a list itself (they need another part's rows, or the tables left out). */
export function catalogPart<Row>(queries: PartQueries): CatalogPart<Row> {
  return queries;
}

/** A part whose rows alone make the model's list `list`, by `fromRows`. */
export function listPart<Row, K extends ModelKind>(
  part: PartQueries & { readonly list: K; readonly fromRows: (rows: readonly Row[]) => SchemaModel[K] },
): CatalogPart<Row, K> {
  const { list, fromRows, ...queries } = part;
  return { ...queries, reads: { list, fromRows } };
}

/**
 * Objects made after initdb, by users and extensions, get oids from
 * FirstNormalObjectId on (after a wraparound too); initdb's own are below it.
 */
export const FIRST_USER_OID = 16384;

/** True when `catalog` holds a row made after initdb (its oid in `oid`) that passes `filter`. */
export function madeAfterInitdb(catalog: string, oid = 'oid', filter = 'true'): string {
  return `EXISTS (SELECT FROM ${catalog} WHERE ${oid} >= ${FIRST_USER_OID} AND ${filter})`;
}
