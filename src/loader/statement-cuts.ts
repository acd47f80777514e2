/**
 * Where a large user file can be cut between top-level statements, so that
 * its transform works on one piece at a time (see `transform-file.ts`): the
 * positions just after a line break that follows a `;` of code outside any
 * bracket, string, template or comment. One pass over the characters, no
 * tokens. It is exact only for code it fully understands, so it gives up
 * (null) at the first doubt: a `/` in code that starts no comment (a regular
 * expression and a division look alike to a scanner), a backslash in code,
 * or an unterminated comment, string, template or bracket.
 */

import {
  BACKQUOTE,
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  CLOSE_PAREN,
  COMMA,
  DOLLAR,
  DOUBLE_QUOTE,
  EQUALS,
  GREATER,
  LESS,
  NEWLINE,
  OPEN_BRACE,
  OPEN_BRACKET,
  OPEN_PAREN,
  QUOTE,
  RETURN,
  SEMICOLON,
  SLASH,
  SPACE,
  TAB,
} from './char-codes.js';

/** A bracket of code, or the `${` of a template (closed by `}` back into the template). */
type Open = '(' | '[' | '{' | '${';

/**
 * What a scan of a file's code (outside strings, templates and comments)
 * saw, besides its statement cuts, for `plainModule`: whether it may hold
 * TypeScript that compiles as JavaScript with another meaning (a `<` or `>`
 * other than an arrow's, where type arguments would be, or the word
 * `abstract` or `declare`), the commas outside any bracket, where the
 * words `import` and `export` are, and for each cut, where the `;` before
 * it is (`ends`; one more for a file that ends after a `;`).
 */
export interface StatementScan {
  cuts: number[];
  ends: number[];
  typeSyntax: boolean;
  commas: number[];
  moduleWords: number[];
}

export function statementCuts(source: string): number[] | null {
  return scanStatements(source)?.cuts ?? null;
}

export function scanStatements(source: string): StatementScan | null {
  const cuts: number[] = [];
  const ends: number[] = [];
  let semicolon = -1;
  const commas: number[] = [];
  const moduleWords: number[] = [];
  let typeSyntax = false;
  const open: Open[] = [];
  let afterSemicolon = false;
  let i = 0;
  // On character codes: a pass over a pulled model of 10,000 tables (11 MB) reads each one.
  while (i < source.length) {
    const c = source.charCodeAt(i);
    if (isWordChar(c)) {
      // A word: only `import`, `export`, `abstract` and `declare` matter, at its start; the rest is skipped whole.
      if ((c === I || c === E) && isWord(source, i, MODULE_WORDS)) moduleWords.push(i);
      else if ((c === A || c === D) && isWord(source, i, MODIFIER_WORDS)) typeSyntax = true;
      afterSemicolon = false;
      i += 1;
      while (i < source.length && isWordChar(source.charCodeAt(i))) i += 1;
      continue;
    }
    switch (c) {
      case NEWLINE:
        if (afterSemicolon && open.length === 0) {
          cuts.push(i + 1);
          ends.push(semicolon);
        }
        afterSemicolon = false;
        i += 1;
        continue;
      case SPACE:
      case TAB:
      case RETURN:
        i += 1;
        continue;
      case SLASH: {
        const end = commentEnd(source, i);
        if (end === null) return null;
        i = end;
        continue;
      }
      case BACKSLASH:
        return null;
      case QUOTE:
      case DOUBLE_QUOTE: {
        const end = stringEnd(source, i);
        if (end === null) return null;
        i = end;
        continue;
      }
      case BACKQUOTE:
      case CLOSE_BRACE:
        if (c === BACKQUOTE || open[open.length - 1] === '${') {
          if (c === CLOSE_BRACE) open.pop();
          const end = templateEnd(source, i + 1);
          if (end === null) return null;
          if (source.startsWith('${', end - 2)) open.push('${');
          afterSemicolon = false;
          i = end;
          continue;
        }
        if (open.pop() !== '{') return null;
        break;
      case OPEN_PAREN:
        open.push('(');
        break;
      case OPEN_BRACKET:
        open.push('[');
        break;
      case OPEN_BRACE:
        open.push('{');
        break;
      case CLOSE_PAREN:
        if (open.pop() !== '(') return null;
        break;
      case CLOSE_BRACKET:
        if (open.pop() !== '[') return null;
        break;
      case COMMA:
        if (open.length === 0) commas.push(i);
        break;
      case LESS:
        typeSyntax = true;
        break;
      case GREATER:
        if (source.charCodeAt(i - 1) !== EQUALS) typeSyntax = true;
        break;
      case SEMICOLON:
        semicolon = i;
        break;
    }
    afterSemicolon = c === SEMICOLON;
    i += 1;
  }
  if (open.length > 0) return null;
  // The last statement's end, when the file ends after its `;` (and no line break).
  if (afterSemicolon) ends.push(semicolon);
  return { cuts, ends, typeSyntax, commas, moduleWords };
}

const [I, E, A, D] = [...'iead'].map((c) => c.charCodeAt(0));

const MODULE_WORDS = ['import', 'export'];

/**
 * TypeScript's modifiers that JavaScript reads as a name when a line break
 * follows them (`abstract` on a line of its own before `class`): nothing
 * else of TypeScript's syntax outside `<` and `>` compiles as JavaScript.
 */
const MODIFIER_WORDS = ['abstract', 'declare'];

/** Whether one of `words` starts at `at`, as a whole word. */
function isWord(source: string, at: number, words: readonly string[]): boolean {
  if (isWordChar(source.charCodeAt(at - 1))) return false;
  const word = words.find((w) => source.startsWith(w, at));
  return word !== undefined && !isWordChar(source.charCodeAt(at + word.length));
}

/** A letter, digit, `_` or `$`, or anything outside ASCII (NaN, before the start or past the end, is none). */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
}

/** The end of the comment at `at` (a line comment ends before its line break), or null for a lone `/`. */
function commentEnd(source: string, at: number): number | null {
  const next = source[at + 1];
  if (next === '/') {
    const end = source.indexOf('\n', at);
    return end < 0 ? source.length : end;
  }
  if (next !== '*') return null;
  const end = source.indexOf('*/', at + 2);
  return end < 0 ? null : end + 2;
}

/** The end of the string literal opened at `at`, or null when it does not close on its line. */
function stringEnd(source: string, at: number): number | null {
  const quote = source.charCodeAt(at);
  for (let i = at + 1; i < source.length; i += 1) {
    const c = source.charCodeAt(i);
    if (c === BACKSLASH) i += 1;
    else if (c === quote) return i + 1;
    else if (c === NEWLINE) return null;
  }
  return null;
}

/** After the template text from `from`: the end of the closing backquote, or of a `${` (the caller tells which). */
function templateEnd(source: string, from: number): number | null {
  for (let i = from; i < source.length; i += 1) {
    const c = source.charCodeAt(i);
    if (c === BACKSLASH) i += 1;
    else if (c === BACKQUOTE) return i + 1;
    else if (c === DOLLAR && source.charCodeAt(i + 1) === OPEN_BRACE) return i + 2;
  }
  return null;
}

/** `text` with each comment blanked out, its line breaks kept; strings are left as they are. */
export function withoutComments(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      const close = text.indexOf(c, i + 1);
      i = close < 0 ? text.length : close;
    } else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      const end = commentEnd(text, i) ?? text.length;
      out += text.slice(from, i) + text.slice(i, end).replace(/[^\n]/g, ' ');
      from = end;
      i = end - 1;
    }
  }
  return out + text.slice(from);
}
