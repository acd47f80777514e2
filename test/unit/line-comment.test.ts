import { describe, expect, it } from 'vitest';
import { lineComment } from '../../src/util/line-comment.js';

/** Every line terminator of JavaScript: each one ends a `//` comment. */
const JS_LINES = /\r\n|[\n\r\u2028\u2029]/;

/** Runs comment lines followed by `return 'end'`; what runs besides the comment is recorded. */
function evaluate(lines: string[]): { result: unknown; ran: string[] } {
  const ran: string[] = [];
  const result = new Function('ran', `${lines.join('\n')}\nreturn 'end';`)(ran) as unknown;
  return { result, ran };
}

const INJECTION = "ran.push('injected'); //";

describe('lineComment', () => {
  it('writes one `//` line per line of text, with the indent, and `//` alone for an empty line', () => {
    expect(lineComment('one line', '  ')).toEqual(['  // one line']);
    expect(lineComment('first\n\nthird')).toEqual(['// first', '//', '// third']);
  });

  it.each([
    ['LF', '\n'],
    ['CR', '\r'],
    ['CRLF', '\r\n'],
    ['LINE SEPARATOR', '\u2028'],
    ['PARAGRAPH SEPARATOR', '\u2029'],
  ])('starts a new comment line at a %s, so the text after it stays a comment', (_name, br) => {
    const lines = lineComment(`drop column public.t.x${br}${INJECTION}`, '  ');
    expect(lines).toEqual(['  // drop column public.t.x', `  // ${INJECTION}`]);
    for (const line of lines.join('\n').split(JS_LINES)) expect(line).toMatch(/^ {2}\/\//);
    expect(evaluate(lines)).toEqual({ result: 'end', ran: [] });
  });

  it('keeps text with every kind of line break inside the comment', () => {
    const text = `a\r\n${INJECTION}\r${INJECTION}\n\n${INJECTION}\u2028${INJECTION}\u2029${INJECTION}\r\n`;
    const lines = lineComment(text);
    expect(lines).toHaveLength(8);
    for (const line of lines.join('\n').split(JS_LINES)) expect(line).toMatch(/^\/\//);
    expect(evaluate(lines)).toEqual({ result: 'end', ran: [] });
  });

  it('escapes control and bidirectional formatting characters visibly, and keeps tabs and other text', () => {
    expect(lineComment('nul\u0000 bell\u0007 vt\u000b ff\u000c esc\u001b del\u007f nel\u0085 csi\u009b')).toEqual([
      '// nul\\x00 bell\\x07 vt\\x0b ff\\x0c esc\\x1b del\\x7f nel\\x85 csi\\x9b',
    ]);
    expect(lineComment('abc\u202edcba\u2066x\u2069\u200f\u061c')).toEqual([
      '// abc\\u202edcba\\u2066x\\u2069\\u200f\\u061c',
    ]);
    expect(lineComment('lone \ud800 surrogate')).toEqual(['// lone \\ud800 surrogate']);
    expect(lineComment("tab\there, é ✓ 🐘, back\\slash, */ and 'quotes'")).toEqual([
      "// tab\there, é ✓ 🐘, back\\slash, */ and 'quotes'",
    ]);
  });
});
