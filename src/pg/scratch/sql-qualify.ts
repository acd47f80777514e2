/**
 * Rewrites schema qualifications inside SQL text, for creating a declared
 * model in scratch schemas: `public.film` becomes `athanor_canon_..._0.film`
 * when `public.film` is one of the objects created there. Identifiers inside
 * comments, string literals (other than a plain `'schema.name'` literal, the
 * way `nextval('public.s'::regclass)` names a sequence) and dollar-quoted
 * bodies are left alone (but for a SQL function's body: `moveSqlBodyNames`).
 */

import { isPunct, isWord, lastTopLevelWord, tokenizeSql } from '../../sql/lexer.js';
import { formatIdentifier } from '../../sql/identifier.js';
import { printLiteral } from '../../sql/literal.js';
import { nameAt, qualifiedReferences, type NameAt } from '../../sql/references.js';

/** Where a schema goes: the new schema's name for objects that move, null for those that stay. */
export type SchemaMove = (schema: string, name: string) => string | null;

interface Edit {
  start: number;
  end: number;
  text: string;
}

function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** `schema.name` references (and `'schema.name'` literals) of moving objects point at their new schema. */
export function moveQualifiedNames(text: string, move: SchemaMove): string {
  return applyEdits(text, movedNames(text, move, false));
}

/**
 * The edits of `moveQualifiedNames`; with `printedOnly`, only of the
 * references whose schema is written as the server prints it.
 */
function movedNames(text: string, move: SchemaMove, printedOnly: boolean): Edit[] {
  const tokens = tokenizeSql(text);
  const edits: Edit[] = [];
  const printed = (source: string, schema: { text: string; start: number; end: number }): boolean =>
    !printedOnly || source.slice(schema.start, schema.end) === formatIdentifier(schema.text);
  for (const ref of qualifiedReferences(tokens)) {
    const target = move(ref.schema.text, ref.name.text);
    if (target !== null && printed(text, ref.schema))
      edits.push({ start: ref.schema.start, end: ref.schema.end, text: target });
  }
  for (const token of tokens) {
    if (token.kind !== 'string' || !token.plain) continue;
    const literal = movedLiteral(token.value, move, (schema) => printed(token.value, schema));
    if (literal !== null) edits.push({ start: token.start, end: token.end, text: literal });
  }
  return edits;
}

/** `'schema.name'` with the schema moved, or null when it does not name a moving object. */
function movedLiteral(
  value: string,
  move: SchemaMove,
  printed: (schema: { text: string; start: number; end: number }) => boolean,
): string | null {
  const parts = tokenizeSql(value);
  const [schema, dot, name] = parts;
  if (parts.length !== 3 || schema?.kind !== 'ident' || !isPunct(dot, '.') || name?.kind !== 'ident') return null;
  const target = move(schema.text, name.text);
  if (target === null || !printed(schema)) return null;
  return printLiteral(`${target}${value.slice(schema.end)}`);
}

/**
 * A `CREATE FUNCTION ... LANGUAGE sql` statement with the references of its
 * dollar-quoted body moved as well: the planner inlines such a function
 * where an index expression calls it, so its body must resolve where the
 * model is created. Only a reference whose schema is written as the server
 * prints it is moved, so that the body read back and moved home
 * (`fromScratch`) is the text it was. Other statements are returned as they are.
 */
export function moveSqlBodyNames(text: string, move: SchemaMove): string {
  const tokens = tokenizeSql(text);
  const sql = tokens.some((t, i) => isWord(t, 'language') && isWord(tokens[i + 1], 'sql'));
  if (!sql) return text;
  const edits: Edit[] = [];
  for (const token of tokens) {
    if (token.kind !== 'string' || token.plain || !token.text.startsWith('$')) continue;
    const offset = token.text.indexOf('$', 1) + 1;
    for (const edit of movedNames(token.value, move, true))
      edits.push({ start: token.start + offset + edit.start, end: token.start + offset + edit.end, text: edit.text });
  }
  return applyEdits(text, edits);
}

/** The name a `CREATE ... FUNCTION|PROCEDURE|AGGREGATE` or `CREATE ... TRIGGER ... ON` statement creates or targets. */
export function createdName(text: string, keywords: readonly string[]): NameAt | null {
  const tokens = tokenizeSql(text);
  const at = tokens.findIndex((t) => t.kind === 'ident' && !t.quoted && keywords.includes(t.text));
  return at < 0 ? null : nameAt(tokens, at + 1);
}

/** `text` with `schema.` put before the name `found` when that name is unqualified. */
function qualifiedAt(text: string, found: NameAt | null, schema: string): string {
  if (found === null || found.schema !== null) return text;
  return `${text.slice(0, found.start)}${schema}.${text.slice(found.start)}`;
}

/** The statement with `schema.` put before the name `createdName` finds when that name is unqualified. */
export function qualifyName(text: string, keywords: readonly string[], schema: string): string {
  return qualifiedAt(text, createdName(text, keywords), schema);
}

/**
 * A `CREATE STATISTICS ... FROM table` statement with `schema.` put before its
 * table when that is unqualified: the name after the last `FROM` outside
 * parentheses (an expression's own `FROM`, as in `extract(year FROM at)`, is
 * inside them).
 */
export function qualifyStatisticsTable(text: string, schema: string): string {
  const tokens = tokenizeSql(text);
  const from = lastTopLevelWord(tokens, 'from');
  return qualifiedAt(text, from < 0 ? null : nameAt(tokens, from + 1), schema);
}
