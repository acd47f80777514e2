/**
 * The one SQL lexer: splits SQL text into tokens the way Postgres' scanner
 * (`scan.l`) does, for reading names out of SQL text. It never builds SQL.
 * Whitespace and comments (nested `/* ... *\/` included) are skipped; string
 * literals (`'...'`, `E'...'` with backslash escapes, `B'...'`, `X'...'`,
 * `N'...'`, `U&'...'`, `$tag$...$tag$`) and quoted identifiers are kept whole;
 * bare identifiers are folded to lower case as Postgres folds them (ASCII
 * letters only).
 */

interface Span {
  /** Where the token starts in the text (its prefix included) and where it ends. */
  readonly start: number;
  readonly end: number;
}

export type SqlToken =
  | (Span & {
      readonly kind: 'ident';
      /** The name as Postgres reads it: folded unless quoted, doubled quotes undone. */
      readonly text: string;
      readonly quoted: boolean;
    })
  | (Span & {
      readonly kind: 'string';
      /** The literal as written from its opening quote (a prefix such as `E` left out). */
      readonly text: string;
      /** Its content: doubled quotes undone (backslash escapes kept as written), a dollar body as it is. */
      readonly value: string;
      /** A `'...'` literal with no prefix (not dollar-quoted). */
      readonly plain: boolean;
    })
  | (Span & { readonly kind: 'number' | 'param' | 'op' | 'punct'; readonly text: string });

/** Characters operators are made of. */
export const OPERATOR_CHARS = '+-*/<>=~!@#%^&|`?';

/** Whether a name is made of operator characters only: an operator's (`<>`, `@>`), not a word. */
export function isOperatorName(name: string): boolean {
  return [...name].every((c) => OPERATOR_CHARS.includes(c));
}

const WHITESPACE = /[ \t\n\r\f\v]/;
// Sticky: each matches at `lastIndex` only, so the text is never copied.
const WORD = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y;
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;
const PARAM = /\$\d+/y;
const STRING_PREFIX = /(?:[eEbBxXnN]|[uU]&)'/y;
const UNICODE_IDENT = /[uU]&"/y;
const OPERATOR = /[-+*/<>=~!@#%^&|`?]+/y;
const LINE_END = /[^\n\r]*[\n\r]?/y;

function matchAt(pattern: RegExp, text: string, at: number): string | null {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0] ?? null;
}

/** Splits SQL text into tokens. */
export function tokenizeSql(text: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  while (i < text.length) {
    const pair = text.slice(i, i + 2);
    if (WHITESPACE.test(text[i] ?? '')) i += 1;
    else if (pair === '--') i = lineEnd(text, i);
    else if (pair === '/*') i = commentEnd(text, i);
    else i = readToken(text, i, tokens);
  }
  return tokens;
}

/** Folds a bare identifier as Postgres does in a multibyte encoding: ASCII letters only. */
function foldIdentifier(word: string): string {
  return word.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

/** True when `name`, written bare, reads back as `name` (one unfolded bare word; keywords aside). */
export function readsBare(name: string): boolean {
  return /^[a-z_][a-z0-9_$]*$/.test(name);
}

export function isWord(token: SqlToken | undefined, word: string): boolean {
  return token?.kind === 'ident' && !token.quoted && token.text === word;
}

export function isPunct(token: SqlToken | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}

/** The index of the last bare `word` outside parentheses (`FROM` of a statement, not of `extract(year FROM at)`); -1 when none. */
export function lastTopLevelWord(tokens: readonly SqlToken[], word: string): number {
  let depth = 0;
  let found = -1;
  tokens.forEach((t, i) => {
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    else if (depth === 0 && isWord(t, word)) found = i;
  });
  return found;
}

function lineEnd(text: string, from: number): number {
  return from + (matchAt(LINE_END, text, from) ?? '').length;
}

/** After a block comment, nested ones included. */
function commentEnd(text: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    const pair = text.slice(i, i + 2);
    if (pair === '/*') depth += 1;
    else if (pair === '*/') depth -= 1;
    if (pair === '/*' || pair === '*/') i += 2;
    else i += 1;
    if (depth === 0) return i;
  }
  return text.length;
}

function readToken(text: string, i: number, tokens: SqlToken[]): number {
  const ch = text[i] ?? '';
  if (ch === "'") return readString(text, i, i, tokens);
  const prefixed = matchAt(STRING_PREFIX, text, i);
  if (prefixed !== null) return readString(text, i, i + prefixed.length - 1, tokens);
  if (ch === '"') return readQuoted(text, i, i, tokens);
  if (matchAt(UNICODE_IDENT, text, i) !== null) return readQuoted(text, i, i + 2, tokens);
  if (ch === '$') return readDollar(text, i, tokens);
  const word = matchAt(WORD, text, i);
  if (word !== null)
    return push(tokens, {
      kind: 'ident',
      text: foldIdentifier(word),
      quoted: false,
      start: i,
      end: i + word.length,
    });
  const num = matchAt(NUMBER, text, i);
  if (num !== null) return push(tokens, { kind: 'number', text: num, start: i, end: i + num.length });
  if (text.startsWith('::', i)) return push(tokens, { kind: 'op', text: '::', start: i, end: i + 2 });
  if (OPERATOR_CHARS.includes(ch)) {
    const op = operatorCut(matchAt(OPERATOR, text, i) ?? ch);
    return push(tokens, { kind: 'op', text: op, start: i, end: i + op.length });
  }
  return push(tokens, { kind: 'punct', text: ch, start: i, end: i + 1 });
}

function push(tokens: SqlToken[], token: SqlToken): number {
  tokens.push(token);
  return token.end;
}

/**
 * The operator a run of operator characters starts with, as Postgres cuts it: it stops before a
 * comment, and one of several characters ending in `+` or `-` loses them unless
 * it holds one of `~!@#^&|`?%`.
 */
function operatorCut(run: string): string {
  let op = run;
  const comment = [op.indexOf('--'), op.indexOf('/*')].filter((at) => at >= 0);
  if (comment.length > 0) op = op.slice(0, Math.min(...comment));
  if (op.length > 1 && /[+-]$/.test(op) && !/[~!@#^&|`?%]/.test(op)) op = op.replace(/(?<=.)[+-]+$/, '');
  return op;
}

/** A `'...'` literal whose opening quote is at `quote` (a prefix from `start`). */
function readString(text: string, start: number, quote: number, tokens: SqlToken[]): number {
  const backslashes = /[eE]/.test(text[start] ?? '') && quote === start + 1;
  let i = quote + 1;
  let value = '';
  while (i < text.length) {
    const ch = text[i];
    if (backslashes && ch === '\\') {
      value += text.slice(i, i + 2);
      i += 2;
    } else if (ch === "'" && text[i + 1] === "'") {
      value += "'";
      i += 2;
    } else if (ch === "'") break;
    else {
      value += ch;
      i += 1;
    }
  }
  const end = Math.min(i + 1, text.length);
  return push(tokens, { kind: 'string', text: text.slice(quote, end), value, plain: start === quote, start, end });
}

/** A `"..."` identifier whose opening quote is at `quote` (`U&` from `start`). */
function readQuoted(text: string, start: number, quote: number, tokens: SqlToken[]): number {
  let i = quote + 1;
  let name = '';
  while (i < text.length) {
    if (text[i] === '"' && text[i + 1] === '"') {
      name += '"';
      i += 2;
    } else if (text[i] === '"') break;
    else {
      name += text[i];
      i += 1;
    }
  }
  const end = Math.min(i + 1, text.length);
  return push(tokens, { kind: 'ident', text: start === quote ? name : unicodeEscapes(name), quoted: true, start, end });
}

/** The escapes of a `U&"..."` identifier (`\0061`, `\+000061`, `\\`; the default escape character). */
function unicodeEscapes(name: string): string {
  return name.replace(/\\(?:\\|([0-9A-Fa-f]{4})|\+([0-9A-Fa-f]{6}))/g, (whole, four?: string, six?: string) => {
    const code = four ?? six;
    return code === undefined ? '\\' : String.fromCodePoint(parseInt(code, 16));
  });
}

function readDollar(text: string, start: number, tokens: SqlToken[]): number {
  const param = matchAt(PARAM, text, start);
  if (param !== null) return push(tokens, { kind: 'param', text: param, start, end: start + param.length });
  const tag = matchAt(DOLLAR_TAG, text, start);
  if (tag === null) return push(tokens, { kind: 'punct', text: '$', start, end: start + 1 });
  const body = start + tag.length;
  const close = text.indexOf(tag, body);
  const end = close < 0 ? text.length : close + tag.length;
  const value = text.slice(body, close < 0 ? text.length : close);
  return push(tokens, { kind: 'string', text: text.slice(start, end), value, plain: false, start, end });
}
