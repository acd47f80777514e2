/**
 * Quoting for the SQL this layer writes; the functions live in `src/sql`
 * (`identifier.ts`, the one identifier quoter, and `literal.ts`).
 */
export { quoteIdent, quoteQualified } from '../sql/identifier.js';
export { quoteDollar, quoteLiteral } from '../sql/literal.js';
