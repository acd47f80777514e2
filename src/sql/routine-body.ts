import { isPunct, isWord, lastTopLevelWord, tokenizeSql, type SqlToken } from './lexer.js';
import { routineHeader } from './routine-header.js';

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
  const header = routineHeader(tokens);
  return sqlStandardBody(tokens, Math.max(header, 0)) !== null;
}

/**
 * The text of a routine's definition that the server reads when it makes the
 * routine: all of it, but for a string body (`AS '...'`) in a language other
 * than `sql` (plpgsql, say), which it only checks for syntax; a `sql` body
 * is parsed and analysed then (`check_function_bodies`), and so are the
 * arguments' defaults in any language.
 */
export function readAtCreation(definition: string): string {
  const tokens = tokenizeSql(definition);
  // A definition has one LANGUAGE clause, outside the arguments' parentheses.
  const language = lastTopLevelWord(tokens, 'language');
  const name = tokens[language + 1];
  const spelled = language < 0 || name === undefined ? 'sql' : name.kind === 'string' ? name.value : name.text;
  if (spelled === 'sql') return definition;
  const as = tokens.findIndex((t, i) => isWord(t, 'as') && tokens[i + 1]?.kind === 'string');
  if (as < 0) return definition;
  let end = as + 1;
  while (tokens[end]?.kind === 'string' || isPunct(tokens[end], ',')) end++;
  const last = tokens[end - 1]!;
  return definition.slice(0, tokens[as + 1]!.start) + definition.slice(last.end);
}
