/**
 * Line breaks that end a `//` comment in JavaScript and TypeScript. Each one
 * starts a new comment line, so no text (an object name, a message, SQL) can
 * leave the comment and become code.
 */
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;

/**
 * Characters written as escapes: C0 and C1 controls other than tab (a
 * terminal or an editor may act on them), lone surrogates, and the
 * bidirectional formatting characters that can make a line read differently
 * from what it is.
 */
const VISIBLE_ESCAPE =
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `text` as `//` comment lines, each prefixed with `indent`: one per line of
 * the text, `//` alone for an empty one. The only function that writes a
 * comment of generated TypeScript from text it does not control.
 */
export function lineComment(text: string, indent = ''): string[] {
  return text.split(LINE_BREAK).map((line) => (line === '' ? `${indent}//` : `${indent}// ${escapeInvisible(line)}`));
}

function escapeInvisible(line: string): string {
  return line.replace(VISIBLE_ESCAPE, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
