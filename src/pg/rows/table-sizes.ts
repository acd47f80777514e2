import type { Driver } from '../connection/driver.js';
import { quoteQualified } from '../quote.js';

export interface TableSize {
  /**
   * The planner's estimate (`pg_class.reltuples`); null when the table was
   * never vacuumed or analyzed: -1 from PostgreSQL 14 on, and on 13 no pages
   * counted and no rows while the table holds pages. A partitioned table's are
   * its partitions' (null when one of them was never analyzed).
   */
  rows: number | null;
  /** `pg_total_relation_size`, as `pg_size_pretty` prints it: `12 GB`; a partitioned table's partitions' together. */
  size: string;
}

/** Each table's leaf relations (a plain table is its own; a partitioned table's hold its rows). */
const SIZES_SQL = `SELECT t.schema, t.name, s.rows, pg_size_pretty(s.bytes) AS size
FROM unnest($1::text[], $2::text[]) AS t(schema, name)
JOIN pg_namespace n ON n.nspname = t.schema
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.name
CROSS JOIN LATERAL (
  SELECT CASE WHEN bool_or(l.unknown) THEN NULL ELSE COALESCE(sum(l.reltuples), 0) END::float8 AS rows,
    COALESCE(sum(pg_total_relation_size(l.oid)), 0)::bigint AS bytes
  FROM (
    SELECT p.oid, p.reltuples,
      p.reltuples < 0 OR (p.reltuples = 0 AND p.relpages = 0 AND pg_relation_size(p.oid) > 0) AS unknown
    FROM (
      SELECT c.oid AS relid WHERE c.relkind <> 'p'
      UNION ALL
      SELECT tree.relid FROM pg_partition_tree(c.oid) tree WHERE c.relkind = 'p' AND tree.isleaf
    ) leaf
    JOIN pg_class p ON p.oid = leaf.relid
  ) l
) s`;

/** The estimated size of each existing table among `tables`, keyed `schema.name` (one statement). */
export async function readTableSizes(
  driver: Driver,
  tables: readonly { schema: string; name: string }[],
): Promise<Map<string, TableSize>> {
  if (tables.length === 0) return new Map();
  const { rows } = await driver.query<{ schema: string; name: string; rows: number | null; size: string }>(SIZES_SQL, [
    tables.map((t) => t.schema),
    tables.map((t) => t.name),
  ]);
  return new Map(rows.map((r) => [`${r.schema}.${r.name}`, { rows: r.rows, size: r.size }]));
}

/** Those of `tables` that hold at least one row (one statement). */
export async function readTablesWithRows<T extends { schema: string; name: string }>(
  driver: Driver,
  tables: readonly T[],
): Promise<T[]> {
  if (tables.length === 0) return [];
  const sql = tables
    .map((t, i) => `SELECT ${i} AS i WHERE EXISTS (SELECT FROM ${quoteQualified(t.schema, t.name)})`)
    .join(' UNION ALL ');
  const { rows } = await driver.query<{ i: number }>(sql);
  return rows.map((r) => tables[r.i]!);
}
