import { PART_COMMENT_CATALOGS } from '../catalog-objects-statement.js';
import { FIRST_USER_OID } from '../catalog-part.js';
import { EVERY_SCHEMA, type UnmodeledPart } from './catalog-unmodeled-helpers.js';

/**
 * Comments the model has no place for: on operator classes and families and
 * every other object outside the kinds whose
 * comments the objects statement reads (catalog-objects.ts `commentsSql` and
 * `SCHEMA_COMMENTS_SQL`, and the foreign server and wrapper comments listed on
 * their own). Each is written as the `COMMENT ON` statement that sets it
 * again, naming the object as `pg_identify_object()` does.
 */

/**
 * The catalogs whose comments are modeled, or listed by another part: those
 * the objects statement's own comments read, then those its kinds' parts do.
 */
const MODELED_CATALOGS = [
  'pg_namespace',
  'pg_constraint',
  'pg_proc',
  'pg_trigger',
  'pg_policy',
  'pg_extension',
  'pg_foreign_server',
  'pg_foreign_data_wrapper',
  ...PART_COMMENT_CATALOGS,
]
  .map((catalog) => `'${catalog}'::regclass`)
  .join(', ');

/** The `COMMENT ON` keyword for a `pg_identify_object()` type where the two differ. */
const KEYWORD = `CASE o.type WHEN 'composite type column' THEN 'COLUMN' ELSE upper(o.type) END`;

/** An object in no schema is listed with what it belongs to: an extension's schema. */
const SCHEMALESS_IN_SCOPE = `(${EVERY_SCHEMA}
    OR d.classoid = 'pg_extension'::regclass
      AND EXISTS (SELECT 1 FROM pg_extension e WHERE e.oid = d.objoid AND e.extnamespace IN (SELECT oid FROM ns)))`;

const OTHER_COMMENTS = `
SELECT o.type || ' ' || o.identity AS name,
  format('COMMENT ON %s %s IS %L;', ${KEYWORD}, o.identity, d.description) AS definition,
  NULL AS description, NULL AS rel_schema, NULL AS rel_name
FROM pg_description d
CROSS JOIN LATERAL pg_identify_object(d.classoid, d.objoid, d.objsubid) o
WHERE d.objoid >= ${FIRST_USER_OID}
  AND d.classoid NOT IN (${MODELED_CATALOGS})
  AND NOT (d.classoid = 'pg_class'::regclass
    AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = d.objoid
      AND (c.relkind IN ('r', 'p', 'v', 'm', 'f', 'i', 'I', 'S') OR c.relkind = 'c' AND d.objsubid <> 0)))
  AND NOT (d.classoid = 'pg_type'::regclass
    AND EXISTS (SELECT 1 FROM pg_type t WHERE t.oid = d.objoid AND t.typtype IN ('e', 'd', 'c', 'r')))
  AND NOT (d.classoid = 'pg_extension'::regclass
    AND EXISTS (SELECT 1 FROM pg_extension e JOIN pg_available_extensions a ON a.name = e.extname
                WHERE e.oid = d.objoid AND a.comment IS NOT DISTINCT FROM d.description))
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = d.classoid AND x.objid = d.objoid AND x.deptype = 'e')
  AND (o.schema IN (SELECT nspname FROM ns) OR o.schema IS NULL AND ${SCHEMALESS_IN_SCOPE})`;

/** Listed last, after the objects they are on. */
export const COMMENT_PARTS: readonly UnmodeledPart[] = [{ kind: 'comment', sql: OTHER_COMMENTS }];
