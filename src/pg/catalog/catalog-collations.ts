import { listPart, madeAfterInitdb } from './catalog-part.js';
import type { CollationModel, CollationProvider } from '../../schema/model.js';
import { compareQualified as bySchemaName } from '../../schema/object-keys.js';
import { AthanorError } from '../../util/errors.js';
import { NAMESPACES } from './catalog-queries.js';

/**
 * The user's collations (`CREATE COLLATION`), for the batched objects
 * statement (catalog-objects.ts). The locale's column differs by version:
 * `collcollate`/`collctype` hold an ICU collation's locale up to 14,
 * `colliculocale` from 15, `colllocale` from 17 (which builtin collations
 * use too); `collicurules` came in 16. Those are read through `to_jsonb(row)`,
 * null where the server lacks them. Collations of extensions are left out.
 */
export const COLLATIONS_SQL = `
WITH ${NAMESPACES}
SELECT
  ns.nspname AS schema,
  co.collname AS name,
  co.collprovider::text AS provider,
  co.collcollate::text AS lc_collate,
  co.collctype::text AS lc_ctype,
  COALESCE(j.doc ->> 'colllocale', j.doc ->> 'colliculocale') AS locale,
  j.doc ->> 'collicurules' AS rules,
  co.collisdeterministic AS deterministic
FROM pg_collation co
JOIN ns ON ns.oid = co.collnamespace
CROSS JOIN LATERAL (SELECT to_jsonb(co) AS doc) j
WHERE NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_collation'::regclass AND x.objid = co.oid AND x.deptype = 'e')
ORDER BY ns.nspname, co.collname`;

/** Comments on them, a part of the objects statement's comments (its `ns` in scope, its columns). */
const COLLATION_COMMENTS_SQL = `
SELECT 'collation', ns.nspname, co.collname, NULL, NULL, NULL, d.description
FROM pg_description d
JOIN pg_collation co ON d.classoid = 'pg_collation'::regclass AND d.objoid = co.oid
JOIN ns ON ns.oid = co.collnamespace
WHERE NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_collation'::regclass AND x.objid = co.oid AND x.deptype = 'e')`;

export interface CollationRow {
  schema: string;
  name: string;
  /** `c` libc, `i` ICU, `b` builtin. */
  provider: string;
  lc_collate: string | null;
  lc_ctype: string | null;
  /** `colllocale` (17+) or `colliculocale` (15, 16); null before. */
  locale: string | null;
  rules: string | null;
  deterministic: boolean;
}

const PROVIDERS: Readonly<Record<string, CollationProvider>> = { c: 'libc', i: 'icu', b: 'builtin' };

function collationFromRow(row: CollationRow): CollationModel {
  const provider = PROVIDERS[row.provider];
  if (provider === undefined) {
    throw new AthanorError(
      'reflect',
      `collation ${row.schema}.${row.name} has an unknown provider "${row.provider}"; report this with your PostgreSQL version`,
    );
  }
  const locales =
    provider !== 'libc'
      ? { locale: row.locale ?? row.lc_collate ?? '' }
      : row.lc_collate === row.lc_ctype
        ? { locale: row.lc_collate ?? '' }
        : { lcCollate: row.lc_collate ?? '', lcCtype: row.lc_ctype ?? '' };
  return {
    schema: row.schema,
    name: row.name,
    provider,
    ...locales,
    ...(row.rules !== null && row.rules !== '' ? { rules: row.rules } : {}),
    ...(!row.deterministic ? { deterministic: false } : {}),
  };
}

export function collationsFromRows(rows: readonly CollationRow[]): CollationModel[] {
  return rows.map(collationFromRow).sort(bySchemaName);
}

/** The collations' part of the objects statement, which makes their list. */
export const COLLATIONS_PART = listPart({
  sql: COLLATIONS_SQL,
  comments: { on: 'pg_collation', sql: COLLATION_COMMENTS_SQL },
  presence: madeAfterInitdb('pg_collation'),
  list: 'collations',
  fromRows: collationsFromRows,
});
