import { FIRST_USER_OID, listPart, madeAfterInitdb } from './catalog-part.js';
import type { CastContext, CastMethod, CastModel } from '../../schema/model.js';
import { compareText } from '../../schema/object-keys.js';
import { AthanorError } from '../../util/errors.js';
import type { Driver } from '../connection/driver.js';
import { sqlState } from '../connection/sql-state.js';
import { NAMESPACES } from './catalog-queries.js';

/**
 * User-defined casts (`CREATE CAST`), for the batched objects statement
 * (catalog-objects.ts): those created after initdb (oid 16384 and up), not an
 * extension's nor made by a range type for its multirange (`pg_depend` `i`),
 * whose source type, target type or function lives in a reflected schema,
 * or that names built-in types and functions only (every one when every
 * schema is reflected). Types print through `format_type`, the function through
 * `regprocedure`, both schema-qualified under the reading `search_path`.
 */
export const CASTS_SQL = `
WITH ${NAMESPACES}
SELECT format_type(c.castsource, NULL) AS source, format_type(c.casttarget, NULL) AS target,
  CASE WHEN c.castfunc = 0 THEN NULL ELSE c.castfunc::regprocedure::text END AS function,
  c.castmethod::text AS method, c.castcontext::text AS context
FROM pg_cast c
WHERE c.oid >= ${FIRST_USER_OID}
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_cast'::regclass AND x.objid = c.oid AND x.deptype IN ('e', 'i'))
  AND ($1::text[] IS NULL
    OR NOT EXISTS (SELECT 1 FROM pg_type t WHERE t.oid IN (c.castsource, c.casttarget) AND t.typnamespace <> 'pg_catalog'::regnamespace)
      AND NOT EXISTS (SELECT 1 FROM pg_proc p WHERE p.oid = c.castfunc AND p.pronamespace <> 'pg_catalog'::regnamespace)
    OR EXISTS (SELECT 1 FROM pg_type t JOIN ns ON ns.oid = t.typnamespace WHERE t.oid IN (c.castsource, c.casttarget))
    OR EXISTS (SELECT 1 FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace WHERE p.oid = c.castfunc))`;

/**
 * Comments on casts, a part of the objects statement's comments (its columns):
 * a cast is in no schema, so the row names its source type and, as its
 * parent, its target type, spelled as CASTS_SQL spells them. Whether the
 * cast is one the model holds is decided against the reflected casts.
 */
const CAST_COMMENTS_SQL = `
SELECT 'cast', '', format_type(c.castsource, NULL), format_type(c.casttarget, NULL), NULL, NULL, d.description
FROM pg_description d
JOIN pg_cast c ON d.classoid = 'pg_cast'::regclass AND d.objoid = c.oid
WHERE c.oid >= ${FIRST_USER_OID}`;

export interface CastRow {
  source: string;
  target: string;
  function: string | null;
  /** `f` function, `i` inout, `b` binary coercible. */
  method: string;
  /** `e` explicit, `a` assignment, `i` implicit. */
  context: string;
}

const METHODS: Readonly<Record<string, CastMethod>> = { f: 'function', i: 'inout', b: 'binary' };
const CONTEXTS: Readonly<Record<string, CastContext>> = { e: 'explicit', a: 'assignment', i: 'implicit' };

function castFromRow(row: CastRow): CastModel {
  const method = METHODS[row.method];
  const context = CONTEXTS[row.context];
  if (method === undefined || context === undefined) {
    throw new AthanorError(
      'reflect',
      `cast (${row.source} AS ${row.target}) has an unknown method "${row.method}" or context "${row.context}"; report this with your PostgreSQL version`,
    );
  }
  const fn = method === 'function' && row.function !== null ? { function: row.function } : {};
  return { source: row.source, target: row.target, method, ...fn, context };
}

export function castsFromRows(rows: readonly CastRow[]): CastModel[] {
  return rows.map(castFromRow).sort((a, b) => compareText(a.source, b.source) || compareText(a.target, b.target));
}

/** The casts' part of the objects statement, which makes their list. */
export const CASTS_PART = listPart({
  sql: CASTS_SQL,
  comments: { on: 'pg_cast', sql: CAST_COMMENTS_SQL },
  presence: madeAfterInitdb('pg_cast'),
  list: 'casts',
  fromRows: castsFromRows,
});

/** The SQLSTATE of `cannot cast type a to b`. */
const CANNOT_COERCE = '42846';

/**
 * The type changes Postgres has no cast for (`NULL::from::to` fails with
 * "cannot cast type"), one statement each: their USING is the author's to
 * write. A pair naming a type the database lacks yet (made by the same
 * revision) is taken as castable; the run says otherwise if it is not.
 */
export async function castsMissing<T extends { readonly from: string; readonly to: string }>(
  driver: Driver,
  pairs: readonly T[],
): Promise<T[]> {
  const missing: T[] = [];
  for (const pair of pairs) {
    try {
      await driver.query(`SELECT NULL::${pair.from}::${pair.to}`);
    } catch (error) {
      if (sqlState(error) === CANNOT_COERCE) missing.push(pair);
    }
  }
  return missing;
}
