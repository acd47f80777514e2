import { isPunct, isWord, tokenizeSql, type SqlToken } from './lexer.js';

/**
 * A routine's body as its definition (`CREATE FUNCTION` or `PROCEDURE`) has
 * it: a SQL-standard body (`BEGIN ATOMIC ... END` or `RETURN expr`, 14+) is
 * parsed when the routine is made, and the server records the columns it
 * reads; a body given as a string (`AS '...'`) is text the server does not
 * read until a call.
 */

/** Where a SQL-standard body starts (`BEGIN ATOMIC` or `RETURN`, outside parentheses, from `header` on), or null for `AS '...'`. */
export function sqlStandardBody(tokens: readonly SqlToken[], header: number): SqlToken | null {
  let depth = 0;
  for (let i = header; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    else if (depth === 0 && ((isWord(t, 'begin') && isWord(tokens[i + 1], 'atomic')) || isWord(t, 'return'))) return t;
  }
  return null;
}

/** Whether a routine's definition has a SQL-standard body, whose uses of columns the server records. */
export function hasSqlStandardBody(definition: string): boolean {
  const tokens = tokenizeSql(definition);
  const header = tokens.findIndex((t) => isWord(t, 'function') || isWord(t, 'procedure'));
  return sqlStandardBody(tokens, Math.max(header, 0)) !== null;
}
