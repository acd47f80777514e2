import { isOperatorName, isPunct, tokenizeSql, type SqlToken } from './lexer.js';

/**
 * Names SQL text refers to, read from the lexer's tokens rather than matched
 * as text: spelling (bare or quoted, any case of a bare word) and spacing do
 * not matter, and nothing inside a string literal or a comment counts.
 */

type Ident = Extract<SqlToken, { kind: 'ident' }>;

/** `schema.name` in text, and the token that follows it. */
interface QualifiedReference {
  readonly schema: Ident;
  readonly name: Ident;
  readonly next: SqlToken | undefined;
}

/** An operator named with its schema: `OPERATOR(schema.op)`, or `schema.op(` as `regoperator` prints it. */
interface OperatorReference {
  readonly schema: Ident;
  readonly name: string;
  /** Where the whole reference starts and ends: `OPERATOR(` to `)`, or the signature's `schema.op`. */
  readonly start: number;
  readonly end: number;
}

/** A schema and a name to look for. */
interface SchemaName {
  readonly schema: string;
  readonly name: string;
}

/** A name in text: its schema (null when unqualified), its name, and where it starts. */
export interface NameAt {
  readonly schema: string | null;
  readonly name: string;
  readonly start: number;
}

/** The `[schema.]name` that starts at token `i`, or null when no identifier does. */
export function nameAt(tokens: readonly SqlToken[], i: number): NameAt | null {
  const first = tokens[i];
  if (first?.kind !== 'ident') return null;
  const second = tokens[i + 2];
  if (isPunct(tokens[i + 1], '.') && second?.kind === 'ident') {
    return { schema: first.text, name: second.text, start: first.start };
  }
  return { schema: null, name: first.text, start: first.start };
}

/** The `schema.name` pairs of identifiers that start a name (`a.b` of `a.b.c`, not `b.c`). */
export function qualifiedReferences(tokens: readonly SqlToken[]): QualifiedReference[] {
  const found: QualifiedReference[] = [];
  tokens.forEach((schema, i) => {
    const name = tokens[i + 2];
    if (schema.kind !== 'ident' || !isPunct(tokens[i + 1], '.') || name?.kind !== 'ident') return;
    if (isPunct(tokens[i - 1], '.')) return;
    found.push({ schema, name, next: tokens[i + 3] });
  });
  return found;
}

/** `OPERATOR(schema.op)`, the form Postgres prints an operator its search path does not find in. */
export function operatorReferences(tokens: readonly SqlToken[]): OperatorReference[] {
  const found: OperatorReference[] = [];
  tokens.forEach((token, i) => {
    const schema = tokens[i + 2];
    const dot = tokens[i + 3];
    if (token.kind !== 'ident' || token.quoted || token.text !== 'operator') return;
    if (!isPunct(tokens[i + 1], '(') || schema?.kind !== 'ident' || dot === undefined || !isPunct(dot, '.')) return;
    const { name, end } = adjacentName(tokens, i + 4, dot.end, (t) => !isPunct(t, ')'));
    const close = tokens[end];
    if (name !== '' && close !== undefined && isPunct(close, ')'))
      found.push({ schema, name, start: token.start, end: close.end });
  });
  return found;
}

/** `schema.op(left,right)`, an operator with its operand types as `regoperator` prints it, written without spaces. */
export function operatorSignatures(tokens: readonly SqlToken[]): OperatorReference[] {
  const found: OperatorReference[] = [];
  tokens.forEach((schema, i) => {
    const dot = tokens[i + 1];
    if (schema.kind !== 'ident' || dot === undefined || !isPunct(dot, '.') || dot.start !== schema.end) return;
    if (isPunct(tokens[i - 1], '.')) return;
    const { name, end } = adjacentName(tokens, i + 2, dot.end, (t) => isOperatorName(t.text));
    const open = tokens[end];
    if (name !== '' && open !== undefined && isPunct(open, '(') && open.start === tokens[end - 1]?.end)
      found.push({ schema, name, start: schema.start, end: open.start });
  });
  return found;
}

/** Whether the text calls a function of one of `names` (`name(` or `schema.name(`, any overload, any schema). */
export function callsAny(text: string, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  const tokens = tokenizeSql(text);
  return tokens.some((token, i) => token.kind === 'ident' && names.has(token.text) && isPunct(tokens[i + 1], '('));
}

/** Whether the text uses one of the operators as `OPERATOR(schema.op)` (every overload of the symbol counts). */
export function usesOperators(text: string, operators: readonly SchemaName[]): boolean {
  if (operators.length === 0) return false;
  return operatorReferences(tokenizeSql(text)).some((ref) =>
    operators.some((o) => o.schema === ref.schema.text && o.name === ref.name),
  );
}

/**
 * The operator name spelled by the tokens from `from` on that follow one
 * another with no space between (starting at `at`), operator and punctuation
 * characters only, while `more` holds; and the index after them.
 */
function adjacentName(
  tokens: readonly SqlToken[],
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
