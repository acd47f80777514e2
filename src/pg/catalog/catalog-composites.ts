import { catalogPart, madeAfterInitdb } from './catalog-part.js';
import { collationName, NAMESPACES } from './catalog-queries.js';

/**
 * Composite types (`CREATE TYPE ... AS (...)`: a pg_type of typtype 'c'
 * whose pg_class has relkind 'c'; a table's row type is not one) with their
 * attributes in order, as one part of the batched objects statement
 * (`catalog-objects.ts`). Attribute types print as `format_type()` does with
 * the empty search path; a collation is read only when it is not the type's own.
 * Those that belong to an extension are left out.
 */
export const COMPOSITES_SQL = `
WITH ${NAMESPACES}
SELECT
  ns.nspname AS schema,
  t.typname AS name,
  COALESCE((
    SELECT json_agg(json_build_object(
      'name', a.attname,
      'type', format_type(a.atttypid, a.atttypmod),
      'collation', ${collationName('a.attcollation', 'at.typcollation')}) ORDER BY a.attnum)
    FROM pg_attribute a
    JOIN pg_type at ON at.oid = a.atttypid
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  ), '[]'::json) AS attributes
FROM pg_type t
JOIN ns ON ns.oid = t.typnamespace
JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
WHERE t.typtype = 'c'
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e')
ORDER BY ns.nspname, t.typname`;

export interface CompositeRow {
  schema: string;
  name: string;
  attributes: { name: string; type: string; collation: string | null }[];
}

/** The composite types' part of the objects statement; the reading makes their list (`reflect-objects.ts`). */
export const COMPOSITES_PART = catalogPart<CompositeRow>({
  sql: COMPOSITES_SQL,
  presence: madeAfterInitdb('pg_class', 'oid', "relkind = 'c'"),
});
