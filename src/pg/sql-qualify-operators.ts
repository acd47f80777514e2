import { isPunct, OPERATOR_CHARS, tokenizeSql, type SqlToken } from '../sql/lexer.js';
import type { SchemaMove } from './sql-qualify.js';

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * `OPERATOR(schema.op)` references of moving operators point at their new
 * schema, the way `moveQualifiedNames` moves `schema.name`: Postgres prints
 * an operator that its search path does not find in this form
 * (`name OPERATOR(public.%) 'x'::text`), and so do `public.%(text,text)`
 * signatures. Comments and string literals are left alone.
 */
export function moveQualifiedOperators(text: string, move: SchemaMove): string {
  const tokens = tokenizeSql(text);
  const edits: Edit[] = [];
  tokens.forEach((token, i) => {
    const schema = tokens[i + 2];
    const dot = tokens[i + 3];
    if (token.kind !== 'ident' || token.quoted || token.text !== 'operator') return;
    if (!isPunct(tokens[i + 1], '(') || schema?.kind !== 'ident' || dot === undefined || !isPunct(dot, '.')) return;
    const { name, end } = adjacentName(tokens, i + 4, dot.end, (t) => !isPunct(t, ')'));
    if (name === '' || !isPunct(tokens[end], ')')) return;
    const target = move(schema.text, name);
    if (target !== null) edits.push({ start: schema.start, end: schema.end, text: target });
  });
  edits.push(...signatureEdits(tokens, move));
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/**
 * The operator name spelled by the tokens from `from` on that follow one
 * another with no space between (starting at `at`), operator and punctuation
 * characters only, while `more` holds; and the index after them.
 */
function adjacentName(
  tokens: SqlToken[],
  from: number,
  at: number,
  more: (token: SqlToken) => boolean,
): { name: string; end: number } {
  let end = from;
  let name = '';
  for (let next = at; ; end += 1) {
    const token = tokens[end];
    if (token === undefined || (token.kind !== 'op' && token.kind !== 'punct') || token.start !== next) break;
    if (!more(token)) break;
    name += token.text;
    next = token.end;
  }
  return { name, end };
}

/**
 * `schema.op(left,right)`, an operator with its operand types as `regoperator`
 * prints it (the items of an operator class): the schema moves like the
 * schema of `OPERATOR(schema.op)`.
 */
function signatureEdits(tokens: SqlToken[], move: SchemaMove): Edit[] {
  const edits: Edit[] = [];
  tokens.forEach((schema, i) => {
    const dot = tokens[i + 1];
    if (schema.kind !== 'ident' || dot === undefined || !isPunct(dot, '.') || dot.start !== schema.end) return;
    if (isPunct(tokens[i - 1], '.')) return;
    const { name, end } = adjacentName(tokens, i + 2, dot.end, (t) =>
      [...t.text].every((c) => OPERATOR_CHARS.includes(c)),
    );
    const open = tokens[end];
    if (name === '' || !isPunct(open, '(') || open?.start !== tokens[end - 1]?.end) return;
    const target = move(schema.text, name);
    if (target !== null) edits.push({ start: schema.start, end: schema.end, text: target });
  });
  return edits;
}
