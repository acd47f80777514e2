import { quoteIdent } from './identifier.js';
import { isLaterKeyword, mayHoldLaterKeyword } from './keywords.js';
import { isPunct, isWord, tokenizeSql, type SqlToken } from './lexer.js';

/**
 * A routine's definition as one server printed it (`pg_get_functiondef`),
 * written so that every supported server reads it: a parameter (or a
 * `RETURNS TABLE` column) named by a word that a newer Postgres made a keyword
 * (`json json`, printed bare before 16) is quoted (`"json" json`), as the newer
 * server prints it; it names the same parameter on every version. Anything
 * else comes back unchanged.
 */
export function readableByNewerServers(definition: string): string {
  if (!mayHoldLaterKeyword(definition)) return definition;
  const tokens = tokenizeSql(definition);
  const header = routineHeader(tokens);
  // The first parenthesis after FUNCTION or PROCEDURE opens the parameters (no name holds one);
  // `RETURNS TABLE(` follows their close as the server prints it.
  const open = tokens.findIndex((t, i) => i > header && isPunct(t, '('));
  if (header < 0 || open < 0) return definition;
  const names: SqlToken[] = [];
  const close = parameterNames(tokens, open, names);
  if (isWord(tokens[close + 1], 'returns') && isWord(tokens[close + 2], 'table') && isPunct(tokens[close + 3], '('))
    parameterNames(tokens, close + 3, names);
  let out = definition;
  for (const name of names.reverse()) out = out.slice(0, name.start) + quoteIdent(name.text) + out.slice(name.end);
  return out;
}

/** Where a routine's definition names its kind (`FUNCTION`, `PROCEDURE`), or -1. */
export function routineHeader(tokens: readonly SqlToken[]): number {
  return tokens.findIndex((t) => isWord(t, 'function') || isWord(t, 'procedure'));
}

/** Modes a parameter may start with. */
const MODES = ['in', 'out', 'inout', 'variadic'];

/**
 * Reads the list that opens at `open` (parameters, or `RETURNS TABLE` columns),
 * collecting each bare name that a newer server reads as a keyword; returns where it closes.
 */
function parameterNames(tokens: readonly SqlToken[], open: number, names: SqlToken[]): number {
  let depth = 0;
  let first = open + 1;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    const ends = depth === 0 || (depth === 1 && isPunct(t, ','));
    if (!ends) continue;
    let at = first;
    if (MODES.some((mode) => isWord(tokens[at], mode)) && tokens[at + 1]?.kind === 'ident') at++;
    const name = tokens[at];
    const next = tokens[at + 1];
    // A name is followed by its type; a lone type (`json`, `json[]`) by `,`, `)`, `[` or DEFAULT.
    if (
      at + 1 < i &&
      name?.kind === 'ident' &&
      !name.quoted &&
      isLaterKeyword(name.text) &&
      next?.kind === 'ident' &&
      !isWord(next, 'default')
    )
      names.push(name);
    first = i + 1;
    if (depth === 0) return i;
  }
  return tokens.length;
}
