import { listPart, madeAfterInitdb } from './catalog-part.js';
import type { RangeTypeModel } from '../../schema/model.js';
import { compareQualified } from '../../schema/object-keys.js';
import { catalogName, collationName, NAMESPACES } from './catalog-queries.js';

/**
 * Range types (`CREATE TYPE ... AS RANGE`) in the reflected schemas, for the
 * batched objects statement (catalog-objects-statement.ts): those no
 * extension made. The subtype prints as `format_type()` does; the operator
 * class only when it is not the subtype's default, the collation only when
 * it is not the subtype's own; the functions as `regproc` prints them with
 * the reading's empty search path. The multirange type (PostgreSQL 14 and
 * later, read through `to_jsonb` so that the statement runs on 13) only when
 * its name is not the one Postgres makes up.
 */
export const RANGES_SQL = `
WITH ${NAMESPACES}
SELECT ns.nspname AS schema, t.typname AS name,
  format_type(r.rngsubtype, NULL) AS subtype,
  (SELECT ${catalogName('opn.nspname', 'opc.opcname')}
     FROM pg_opclass opc JOIN pg_namespace opn ON opn.oid = opc.opcnamespace
     WHERE opc.oid = r.rngsubopc AND NOT opc.opcdefault) AS subtype_opclass,
  ${collationName('r.rngcollation', 'st.typcollation')} AS collation,
  CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::regproc::text END AS canonical,
  CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END AS subtype_diff,
  (SELECT mt.typname FROM pg_type mt
     WHERE mt.oid = (to_jsonb(r) ->> 'rngmultitypid')::oid
       AND mt.typname <> CASE WHEN strpos(t.typname, 'range') > 0
         THEN overlay(t.typname PLACING 'multirange' FROM strpos(t.typname, 'range') FOR 5)
         ELSE t.typname || '_multirange' END) AS multirange
FROM pg_range r
JOIN pg_type t ON t.oid = r.rngtypid
JOIN pg_type st ON st.oid = r.rngsubtype
JOIN ns ON ns.oid = t.typnamespace
WHERE NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e')
ORDER BY ns.nspname, t.typname`;

export interface RangeRow {
  schema: string;
  name: string;
  subtype: string;
  subtype_opclass: string | null;
  collation: string | null;
  canonical: string | null;
  subtype_diff: string | null;
  multirange: string | null;
}

/** The reflected range types, sorted by schema and name; each setting only when it is not the default. */
export function rangesFromRows(rows: readonly RangeRow[]): RangeTypeModel[] {
  const optional = (name: keyof RangeTypeModel, value: string | null): Partial<RangeTypeModel> =>
    value === null ? {} : { [name]: value };
  return rows
    .map((row): RangeTypeModel => ({
      schema: row.schema,
      name: row.name,
      subtype: row.subtype,
      ...optional('subtypeOpclass', row.subtype_opclass),
      ...optional('collation', row.collation),
      ...optional('canonical', row.canonical),
      ...optional('subtypeDiff', row.subtype_diff),
      ...optional('multirange', row.multirange),
    }))
    .sort(compareQualified);
}

/** The range types' part of the objects statement, which makes their list. */
export const RANGES_PART = listPart({
  sql: RANGES_SQL,
  presence: madeAfterInitdb('pg_range', 'rngtypid'),
  list: 'ranges',
  fromRows: rangesFromRows,
});
