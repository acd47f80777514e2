/**
 * The string literals of a TypeScript or JavaScript source, with the code
 * character just before each one, found by a small lexer that skips comments
 * and regular expression literals. It is not a parser: a template literal's
 * `${...}` parts are kept inside the literal's text, and a `/` is read as the
 * start of a regular expression after an operator or an opening bracket, the
 * usual heuristic. That is enough to tell `migrate('upgrade', ...)` from
 * `// upgrade` or `/upgrade/`.
 */

export interface SourceLiteral {
  /** The literal's text, without its quotes (escapes left as written). */
  value: string;
  /** The last character of code before it (`(`, `[`, `,`, `=`, ...), or '' at the start. */
  before: string;
}

const REGEX_AFTER = new Set([
  '',
  '(',
  ',',
  '=',
  ':',
  '[',
  '!',
  '&',
  '|',
  '?',
  '{',
  '}',
  ';',
  '+',
  '-',
  '*',
  '%',
  '<',
  '>',
  '~',
  '^',
]);

export function sourceLiterals(source: string): SourceLiteral[] {
  const literals: SourceLiteral[] = [];
  let before = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') i = skipUntil(source, i + 2, '\n');
    else if (c === '/' && next === '*') i = skipUntil(source, i + 2, '*/');
    else if (c === '/' && REGEX_AFTER.has(before)) i = skipRegex(source, i + 1);
    else if (c === "'" || c === '"' || c === '`') {
      const end = closingQuote(source, i + 1, c);
      literals.push({ value: source.slice(i + 1, end), before });
      before = c;
      i = end + 1;
    } else {
      if (!/\s/.test(c)) before = c;
      i += 1;
    }
  }
  return literals;
}

/** The index just past `end` (or the end of the source). */
function skipUntil(source: string, from: number, end: string): number {
  const at = source.indexOf(end, from);
  return at < 0 ? source.length : at + end.length;
}

/** The index of the quote that closes a literal opened just before `from`. */
function closingQuote(source: string, from: number, quote: string): number {
  let i = from;
  while (i < source.length && source[i] !== quote) {
    if (source[i] === '\\') i += 1;
    else if (quote !== '`' && source[i] === '\n') return i;
    i += 1;
  }
  return i;
}

/** The index just past a regular expression literal's flags. */
function skipRegex(source: string, from: number): number {
  let i = from;
  let inClass = false;
  while (i < source.length && source[i] !== '\n') {
    const c = source[i]!;
    if (c === '\\') i += 1;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) break;
    i += 1;
  }
  i += 1;
  while (i < source.length && /[a-z]/i.test(source[i]!)) i += 1;
  return i;
}
