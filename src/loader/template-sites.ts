/** What the two template rewriters share: a site's strings, their values, and the words that are no tag. */

/** One tagged template: its chunks as written (raw) and their values (cooked; undefined for an invalid escape). */
export interface Site {
  raw: string[];
  cooked: (string | undefined)[];
}

/** Words a tokenizer may leave as names that are followed by an operand, not called as a tag. */
export const OPERAND_WORDS = new Set([
  'default',
  'await',
  'yield',
  'of',
  'in',
  'instanceof',
  'typeof',
  'void',
  'delete',
  'new',
  'return',
  'throw',
  'case',
  'do',
  'else',
  'extends',
  'as',
  'satisfies',
  'is',
  'keyof',
  'infer',
  'readonly',
  'asserts',
  'unique',
]);

/** Adds a chunk as written to a site. */
export function addChunk(site: Site, text: string): void {
  const raw = text.replace(/\r\n?/g, '\n');
  site.raw.push(raw);
  site.cooked.push(cook(raw));
}

export function lineBreaks(text: string): string {
  return text.replace(/\r\n?|[^\n]/g, (match) => (match === '\r' || match === '\r\n' ? '\n' : ''));
}

/**
 * The value of a template chunk, or undefined where a tagged template gives
 * undefined: an escape that is not valid (`\1`, `\x4`, `\u{110000}`, `\01`).
 */
function cook(raw: string): string | undefined {
  if (!/^(?:[^\\]|\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]+\}|0(?![0-9])|[^xu0-9]))*$/s.test(raw))
    return undefined;
  if (
    /\\u\{([0-9a-fA-F]+)\}/.test(raw) &&
    [...raw.matchAll(/\\u\{([0-9a-fA-F]+)\}/g)].some((m) => parseInt(m[1]!, 16) > 0x10ffff)
  )
    return undefined;
  return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]+\}|\r\n|[\s\S])/g, (_, escape: string) =>
    unescape(escape),
  );
}

const SINGLE: Record<string, string> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '0': '\0',
  '\n': '',
  '\r\n': '',
  '\r': '',
  '\u2028': '',
  '\u2029': '',
};

function unescape(escape: string): string {
  if (escape.startsWith('x') && escape.length === 3) return String.fromCharCode(parseInt(escape.slice(1), 16));
  if (escape.startsWith('u{')) return String.fromCodePoint(parseInt(escape.slice(2, -1), 16));
  if (escape.startsWith('u') && escape.length === 5) return String.fromCharCode(parseInt(escape.slice(1), 16));
  return SINGLE[escape] ?? escape;
}
