import { quoteIdent } from '../../sql/identifier.js';
import { readsBare } from '../../sql/lexer.js';

/**
 * Whether an expression names the column, bare or quoted: for the checks and
 * indexes an enum replacement rewrites, which Postgres would rebuild by
 * itself and so are no block in the catalog's terms; what uses a column of a
 * live database is read from its catalog (`ModelIndex.usersOf`).
 */
export function mentionsColumn(text: string, column: string): boolean {
  if (text.includes(quoteIdent(column))) return true;
  if (!readsBare(column)) return false;
  return new RegExp(`(^|[^a-z0-9_$".])${column.replace(/\$/g, '\\$')}($|[^a-z0-9_$"(])`).test(text);
}
