import { isReservedWord } from '../../sql/keywords.js';
import { isPunct, isWord, tokenizeSql, type SqlToken } from '../../sql/lexer.js';

/**
 * Reading names out of expressions: the column references of a check and the
 * column name Postgres gives an index expression, over the tokens of the SQL
 * lexer. It never builds SQL.
 */

/** Index after the bracket group that opens at `open`. */
function closingIndex(tokens: SqlToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (isPunct(token, '(') || isPunct(token, '[')) depth += 1;
    if (isPunct(token, ')') || isPunct(token, ']')) depth -= 1;
    if (depth === 0) return i;
  }
  return tokens.length - 1;
}

/** Index of the first token after a type name that starts at `from` (after `::`). */
function skipTypeName(tokens: SqlToken[], from: number): number {
  let i = from;
  while (i < tokens.length) {
    const token = tokens[i];
    if (token?.kind === 'ident' || isPunct(token, '.')) i += 1;
    else if (isPunct(token, '(') || isPunct(token, '[')) i = closingIndex(tokens, i) + 1;
    else break;
  }
  return i;
}

/**
 * Distinct columns of `tableColumns` that an expression references, in order
 * of first appearance. Identifiers inside string literals, function names and
 * type names after `::` do not count.
 */
export function referencedColumns(expression: string, tableColumns: readonly string[]): string[] {
  const tokens = tokenizeSql(expression);
  const known = new Set(tableColumns);
  const found: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    if (token?.kind === 'op' && token.text === '::') {
      i = skipTypeName(tokens, i + 1);
      continue;
    }
    if (token?.kind === 'ident' && isColumnCandidate(token, tokens[i + 1]) && known.has(token.text)) {
      if (!found.includes(token.text)) found.push(token.text);
    }
    i += 1;
  }
  return found;
}

function isColumnCandidate(token: { text: string; quoted: boolean }, next: SqlToken | undefined): boolean {
  if (isPunct(next, '(')) return false;
  return token.quoted || !isReservedWord(token.text);
}

interface Figured {
  name: string;
  /** Postgres' FigureColnameInternal strength: 0 none, 1 a type name, 2 a real name. */
  strength: number;
}

const KEYWORD_OPERATORS = new Set([
  'and',
  'or',
  'not',
  'is',
  'in',
  'like',
  'ilike',
  'similar',
  'between',
  'isnull',
  'notnull',
  'overlaps',
  'at',
]);
const CONSTANT_WORDS = new Set(['true', 'false', 'null']);

/**
 * The column name Postgres gives an index expression (FigureIndexColname):
 * a function call gives its function name, a cast the name of what it casts
 * (or the type's name), anything else `expr`.
 */
export function figureIndexColumnName(expression: string): string {
  const figured = figure(tokenizeSql(expression));
  return figured.strength > 0 ? figured.name : 'expr';
}

const NONE: Figured = { name: '', strength: 0 };

function figure(tokens: SqlToken[]): Figured {
  if (tokens.length === 0) return NONE;
  if (isPunct(tokens[0], '(') && closingIndex(tokens, 0) === tokens.length - 1) return figure(tokens.slice(1, -1));
  const top = topLevelIndexes(tokens);
  const collate = top.find((i) => isWord(tokens[i], 'collate'));
  if (collate !== undefined) return figure(tokens.slice(0, collate));
  if (top.some((i) => isBinaryOperator(tokens[i]) || isKeywordOperator(tokens[i]))) return NONE;
  const cast = [...top].reverse().find((i) => tokens[i]?.kind === 'op' && tokens[i]?.text === '::');
  if (cast !== undefined) return figureCast(tokens.slice(0, cast), tokens.slice(cast + 1));
  return figurePrimary(tokens);
}

function topLevelIndexes(tokens: SqlToken[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (isPunct(token, '(') || isPunct(token, '[')) i = closingIndex(tokens, i);
    else if (token?.kind === 'ident' && !token.quoted && token.text === 'case') i = caseEnd(tokens, i);
    else out.push(i);
  }
  return out;
}

function caseEnd(tokens: SqlToken[], start: number): number {
  let depth = 0;
  for (let i = start; i < tokens.length; i += 1) {
    if (isWord(tokens[i], 'case')) depth += 1;
    if (isWord(tokens[i], 'end')) depth -= 1;
    if (depth === 0) return i;
  }
  return tokens.length - 1;
}

function isBinaryOperator(token: SqlToken | undefined): boolean {
  return token !== undefined && token.kind === 'op' && token.text !== '::';
}

function isKeywordOperator(token: SqlToken | undefined): boolean {
  return token !== undefined && token.kind === 'ident' && !token.quoted && KEYWORD_OPERATORS.has(token.text);
}

function figureCast(arg: SqlToken[], type: SqlToken[]): Figured {
  const inner = figure(arg);
  if (inner.strength > 1) return inner;
  return { name: internalTypeName(type), strength: 1 };
}

function figurePrimary(tokens: SqlToken[]): Figured {
  const first = tokens[0];
  if (first === undefined) return NONE;
  if (isWord(first, 'case') && caseEnd(tokens, 0) === tokens.length - 1) return { name: 'case', strength: 2 };
  if (isWord(first, 'array') && isPunct(tokens[1], '[')) return { name: 'array', strength: 2 };
  if (first.kind !== 'ident') return NONE;
  if (tokens.length === 1)
    return CONSTANT_WORDS.has(first.text) && !first.quoted ? NONE : { name: first.text, strength: 2 };
  if (tokens.length === 2 && tokens[1]?.kind === 'string') return { name: internalTypeName([first]), strength: 1 };
  return figureNameChain(tokens);
}

/** `a.b.c` (a column) or `schema.func(...)` (a call). */
function figureNameChain(tokens: SqlToken[]): Figured {
  let i = 0;
  let last = tokens[0];
  while (isPunct(tokens[i + 1], '.') && tokens[i + 2]?.kind === 'ident') {
    i += 2;
    last = tokens[i];
  }
  if (last?.kind !== 'ident') return NONE;
  if (i === tokens.length - 1) return { name: last.text, strength: 2 };
  if (!isPunct(tokens[i + 1], '(') || closingIndex(tokens, i + 1) !== tokens.length - 1) return NONE;
  if (i === 0 && isWord(last, 'cast')) return figureCastCall(tokens.slice(2, -1));
  return { name: last.text, strength: 2 };
}

/** `cast(arg AS type)`. */
function figureCastCall(inner: SqlToken[]): Figured {
  const as = topLevelIndexes(inner).find((i) => isWord(inner[i], 'as'));
  if (as === undefined) return NONE;
  return figureCast(inner.slice(0, as), inner.slice(as + 1));
}

const INTERNAL_TYPE_NAMES: Record<string, string> = {
  int: 'int4',
  integer: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  real: 'float4',
  float: 'float8',
  'double precision': 'float8',
  boolean: 'bool',
  dec: 'numeric',
  decimal: 'numeric',
  char: 'bpchar',
  character: 'bpchar',
  nchar: 'bpchar',
  'national character': 'bpchar',
  varchar: 'varchar',
  'char varying': 'varchar',
  'character varying': 'varchar',
  'national character varying': 'varchar',
  'bit varying': 'varbit',
  'time without time zone': 'time',
  'time with time zone': 'timetz',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
};

/** The name the parser gives a type in a cast: `int4` for `integer`, the last part of `schema.type`. */
function internalTypeName(tokens: SqlToken[]): string {
  const words: string[] = [];
  let quoted = false;
  let precision: number | null = null;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (isPunct(token, '(') || isPunct(token, '[')) {
      if (precision === null && tokens[i + 1]?.kind === 'number') precision = Number(tokens[i + 1]?.text);
      i = closingIndex(tokens, i);
    } else if (isPunct(token, '.')) words.length = 0;
    else if (token?.kind === 'ident') {
      words.push(token.text);
      quoted = token.quoted;
    }
  }
  const spelled = words.join(' ');
  if (quoted || words.length === 0) return words[words.length - 1] ?? 'expr';
  if (spelled === 'float' && precision !== null && precision <= 24) return 'float4';
  if (words[0] === 'interval') return 'interval';
  return INTERNAL_TYPE_NAMES[spelled] ?? words[words.length - 1] ?? 'expr';
}
