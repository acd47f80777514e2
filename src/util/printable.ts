/**
 * Text from the database (object names, expressions) as one terminal line:
 * line breaks, other control characters, lone surrogates and the
 * bidirectional formatting characters are written as escapes, so a name
 * cannot move the cursor, hide a warning or make a line read differently.
 */
const HIDDEN =
  /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function printable(text: string): string {
  return text.replace(HIDDEN, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
