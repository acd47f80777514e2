import type { Driver } from '../connection/driver.js';
import { quoteIdent, quoteQualified } from '../quote.js';

/** A column that a change converts to an enum without some of its values. */
export interface EnumValueColumn {
  schema: string;
  table: string;
  column: string;
  /** The column's type as the model spells it: `public.mood` or `public.mood[]`. */
  type: string;
  /** The values the change removes. */
  values: readonly string[];
}

/** How many rows of a column hold one removed value (an array counts once for each value it holds). */
export interface EnumValueRows<C extends EnumValueColumn = EnumValueColumn> {
  column: C;
  value: string;
  rows: number;
}

/** Which of `columns` exist now, with the type named: a column a revision still to run adds has no rows. */
const EXISTING_SQL = `SELECT t.i::int AS i
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(schema, name, col, type, i)
JOIN pg_namespace n ON n.nspname = t.schema
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.name
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = t.col AND NOT a.attisdropped
WHERE a.atttypid = to_regtype(t.type)`;

/**
 * The rows of each column that hold a value about to be removed, one count
 * per column and value, only those above zero (two statements: which columns
 * exist, then one count per value of those that do).
 */
export async function rowsHoldingValues<C extends EnumValueColumn>(
  driver: Driver,
  columns: readonly C[],
): Promise<EnumValueRows<C>[]> {
  if (columns.length === 0) return [];
  const { rows: existing } = await driver.query<{ i: number }>(EXISTING_SQL, [
    columns.map((c) => c.schema),
    columns.map((c) => c.table),
    columns.map((c) => c.column),
    columns.map((c) => c.type),
  ]);
  const found = existing.map((r) => columns[r.i - 1]!);
  if (found.length === 0) return [];
  const counts = found.map((c, i) => {
    const column = quoteIdent(c.column);
    const holds = c.type.endsWith('[]') ? `v.value = ANY (t.${column}::text[])` : `t.${column}::text = v.value`;
    return `SELECT ${i} AS i, v.value, count(*)::int AS n FROM unnest($${i + 1}::text[]) AS v(value) JOIN ${quoteQualified(c.schema, c.table)} AS t ON ${holds} GROUP BY v.value`;
  });
  const { rows } = await driver.query<{ i: number; value: string; n: number }>(
    counts.join(' UNION ALL '),
    found.map((c) => [...c.values]),
  );
  return rows
    .map((r) => ({ column: found[r.i]!, value: r.value, rows: r.n }))
    .sort(
      (a, b) =>
        found.indexOf(a.column) - found.indexOf(b.column) ||
        a.column.values.indexOf(a.value) - a.column.values.indexOf(b.value),
    );
}
