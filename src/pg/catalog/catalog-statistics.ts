import { listPart, madeAfterInitdb } from './catalog-part.js';
import type { StatisticsModel } from '../../schema/model.js';
import { compareQualified } from '../../schema/object-keys.js';
import { NAMESPACES } from './catalog-queries.js';

/**
 * Extended statistics objects (`CREATE STATISTICS`) in the reflected schemas,
 * for the batched objects statement (catalog-objects.ts): those no extension
 * made. The definition prints every name qualified (the reading's empty
 * search path); the target is null for the default (-1 before PostgreSQL 17,
 * null from 17 on).
 */
export const STATISTICS_SQL = `
WITH ${NAMESPACES}
SELECT ns.nspname AS schema, s.stxname AS name, rn.nspname AS table_schema, rc.relname AS table_name,
  pg_get_statisticsobjdef(s.oid) AS definition, NULLIF(s.stxstattarget, -1) AS target
FROM pg_statistic_ext s
JOIN ns ON ns.oid = s.stxnamespace
JOIN pg_class rc ON rc.oid = s.stxrelid
JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_statistic_ext'::regclass AND x.objid = s.oid AND x.deptype = 'e')
ORDER BY ns.nspname, s.stxname`;

/** Comments on statistics objects, an arm of `commentsSql` (catalog-objects.ts) in its rows. */
const STATISTICS_COMMENTS_SQL = `
SELECT 'statistics', ns.nspname, s.stxname, NULL, NULL, NULL, d.description
FROM pg_description d
JOIN pg_statistic_ext s ON d.classoid = 'pg_statistic_ext'::regclass AND d.objoid = s.oid
JOIN ns ON ns.oid = s.stxnamespace`;

export interface StatisticsRow {
  schema: string;
  name: string;
  table_schema: string;
  table_name: string;
  definition: string;
  target: number | null;
}

export function statisticsFromRows(rows: readonly StatisticsRow[]): StatisticsModel[] {
  return rows
    .map((row): StatisticsModel => ({
      schema: row.schema,
      name: row.name,
      tableSchema: row.table_schema,
      table: row.table_name,
      definition: row.definition,
      ...(row.target !== null ? { target: row.target } : {}),
    }))
    .sort(compareQualified);
}

/** The extended statistics' part of the objects statement, which makes their list. */
export const STATISTICS_PART = listPart({
  sql: STATISTICS_SQL,
  comments: { on: 'pg_statistic_ext', sql: STATISTICS_COMMENTS_SQL },
  presence: madeAfterInitdb('pg_statistic_ext'),
  list: 'statistics',
  fromRows: statisticsFromRows,
});
