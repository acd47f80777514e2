import { quoteIdent } from './identifier.js';
import { isLaterKeyword } from './keywords.js';
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
  if (!/json|merge_action|system_user/i.test(definition)) return definition;
  const tokens = tokenizeSql(definition);
  const header = tokens.findIndex((t) => isWord(t, 'function') || isWord(t, 'procedure'));
  if (header < 0) return definition;
  const names: SqlToken[] = [];
  let depth = 0;
  for (let i = header; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (depth === 0 && isPunct(t, '(')) {
      const opens = i === header + 2 || i === header + 4 || isWord(tokens[i - 1], 'table');
      if (opens) i = parameterNames(tokens, i, names);
      else depth++;
    } else if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    else if (depth === 0 && (isWord(t, 'as') || isWord(t, 'language') || isWord(t, 'begin') || isWord(t, 'return')))
      break;
  }
  let out = definition;
  for (const name of names.reverse()) out = out.slice(0, name.start) + quoteIdent(name.text) + out.slice(name.end);
  return out;
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
