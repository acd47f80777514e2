import type { Driver } from './connection/driver.js';

/**
 * Quoting for the SQL this layer writes; the functions live in `src/sql`
 * (`identifier.ts`, the one identifier quoter, and `literal.ts`).
 */
export { quoteIdent, quoteQualified } from '../sql/identifier.js';
export { quoteDollar, quoteLiteral } from '../sql/literal.js';

/** `quote_ident()` as the server spells it, which is how `format_type` qualifies names. */
export async function quoteIdents(driver: Driver, names: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(names)];
  const { rows } = await driver.query<{ name: string; quoted: string }>(
    'SELECT n AS name, quote_ident(n) AS quoted FROM unnest($1::text[]) AS n',
    [unique],
  );
  return new Map(rows.map((r) => [r.name, r.quoted]));
}
