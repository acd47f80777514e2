import { describe, expect, it } from 'vitest';
import { readRevisionHeader, renderRevisionFile } from '../../src/runtime/files/revision-file.js';
import { parseJsString, renderJsString } from '../../src/util/js-string.js';

const AWKWARD = [
  'plain',
  "it's",
  'say "hi"',
  `both ' and "`,
  'a\rb',
  'a\r\nb',
  'line\nbreak',
  'tab\there',
  'back\\slash',
  'x\u2028y\u2029z',
  'nul\u0000',
  'bell\u0007',
  'ünï 😀',
  '\ud800 lone',
];

describe('JavaScript string literals', () => {
  it('read back exactly what was written, for every awkward text', () => {
    for (const text of AWKWARD) {
      const literal = renderJsString(text);
      expect(literal).not.toMatch(/[\n\r\u2028\u2029]/);
      expect(parseJsString(literal)).toBe(text);
      expect(new Function(`return ${literal};`)()).toBe(text);
    }
  });

  it('reads the escapes a person may type', () => {
    expect(parseJsString(String.raw`'a\x41\u0042\u{43}\0\'\"'`)).toBe(`aABC\u0000'"`);
    expect(parseJsString(`"it's"`)).toBe("it's");
  });
});

describe('revision file header', () => {
  it('keeps a message with carriage returns, quotes and backslashes loadable and exact', () => {
    for (const message of AWKWARD) {
      const source = renderRevisionFile({
        revision: 'abc123',
        downRevisions: [],
        message,
        createDate: '2026-01-01 00:00:00',
        upgradeBody: '',
        downgradeBody: '',
      });
      const header = readRevisionHeader('/virtual/abc123_x.ts', source);
      expect(header.message).toBe(message);
      // The header comment and the constants must parse as a module body.
      const body = source
        .replace(/^import type .*$/m, '')
        .replace(/export /g, '')
        .replace(/: Operations/g, '')
        .replace(/: Promise<void>/g, '')
        .replace(/: string \| null/g, '');
      expect(() => new Function(body)).not.toThrow();
    }
  });
});
