import { quoteIdent } from '../../sql/identifier.js';
import { readsBare } from '../../sql/lexer.js';

/**
 * Whether an expression names the column, bare or quoted: for the uses the
 * server does not record in `pg_depend` (a partition key) or that a model
 * built from code has (a domain or an enum being replaced); what uses a
 * column of a live database is read from its catalog (`ModelIndex.usersOf`).
 */
export function mentionsColumn(text: string, column: string): boolean {
  if (text.includes(quoteIdent(column))) return true;
  if (!readsBare(column)) return false;
  return new RegExp(`(^|[^a-z0-9_$".])${column.replace(/\$/g, '\\$')}($|[^a-z0-9_$"(])`).test(text);
}
