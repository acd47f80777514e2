/**
 * JavaScript string literals in files the tool writes (revision files,
 * pulled models) and reads back (revision headers). Every line terminator,
 * control character and lone surrogate is escaped, so a literal always stays
 * on one line and means exactly the text it was made from.
 */

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * A string literal: single-quoted, or double-quoted when the text has single
 * quotes and no double ones (SQL literals read better that way).
 */
export function renderJsString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) out += quote === '"' && ch === "'" ? ch : (ESCAPES[ch] ?? escapeOther(ch));
  return `${out}${quote}`;
}

function escapeOther(ch: string): string {
  const code = ch.codePointAt(0) as number;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code >= 0xd800 && code <= 0xdfff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return ch;
}

const SIMPLE: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', 0: '\0' };

/** The text of a single- or double-quoted literal, with its escapes read as JavaScript reads them. */
export function parseJsString(literal: string): string {
  return literal
    .slice(1, -1)
    .replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g, (_match, escape: string) => {
      if (escape.startsWith('u{')) return String.fromCodePoint(parseInt(escape.slice(2, -1), 16));
      if (escape.length > 1) return String.fromCharCode(parseInt(escape.slice(1), 16));
      return SIMPLE[escape] ?? escape;
    });
}
