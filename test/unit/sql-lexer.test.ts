import { describe, expect, it } from 'vitest';
import { readsBare, tokenizeSql } from '../../src/sql/lexer.js';

const show = (text: string): string[] => tokenizeSql(text).map((t) => `${t.kind}:${t.text}`);

describe('tokenizeSql', () => {
  it('keeps literals whole and folds bare identifiers', () => {
    const tokens = tokenizeSql(`"Ab" = Cd AND x::text <> E'it\\'s' || $tag$ a $tag$ || $1`);
    expect(tokens.map((t) => `${t.kind}:${t.text}`)).toEqual([
      'ident:Ab',
      'op:=',
      'ident:cd',
      'ident:and',
      'ident:x',
      'op:::',
      'ident:text',
      'op:<>',
      "string:'it\\'s'",
      'op:||',
      'string:$tag$ a $tag$',
      'op:||',
      'param:$1',
    ]);
  });
});

describe('tokenizeSql edge cases', () => {
  it('skips comments, nested block comments included, and keeps literals that look like them', () => {
    expect(show('a -- b\n/* c /* d */ e */ f \'--\' "/*"')).toEqual(['ident:a', 'ident:f', "string:'--'", 'ident:/*']);
    expect(show('a --b\rc')).toEqual(['ident:a', 'ident:c']);
  });

  it('reads every string form, and where each token starts and ends', () => {
    const text = `x'1F' || B'01' || N'n' || U&'d\\0061' || e'a\\\\' || 'it''s' || $$ 'q' $$ || $a$ $b$ $a$`;
    const strings = tokenizeSql(text).filter((t) => t.kind === 'string');
    expect(strings.map((t) => t.text)).toEqual([
      "'1F'",
      "'01'",
      "'n'",
      "'d\\0061'",
      "'a\\\\'",
      "'it''s'",
      "$$ 'q' $$",
      '$a$ $b$ $a$',
    ]);
    expect(strings.map((t) => (t.kind === 'string' ? [t.value, t.plain] : null))).toEqual([
      ['1F', false],
      ['01', false],
      ['n', false],
      ['d\\0061', false],
      ['a\\\\', false],
      ["it's", true],
      [" 'q' ", false],
      [' $b$ ', false],
    ]);
    expect(strings.map((t) => text.slice(t.start, t.end))).toEqual([
      "x'1F'",
      "B'01'",
      "N'n'",
      "U&'d\\0061'",
      "e'a\\\\'",
      "'it''s'",
      "$$ 'q' $$",
      '$a$ $b$ $a$',
    ]);
  });

  it('ends an E string at its quote, past escaped quotes, and an unterminated one at the end', () => {
    expect(show("E'a\\'b' c")).toEqual(["string:'a\\'b'", 'ident:c']);
    expect(show("'a\\' c")).toEqual(["string:'a\\'", 'ident:c']);
    expect(show("'open")).toEqual(["string:'open"]);
  });

  it('reads quoted identifiers as written and folds bare ones, ASCII letters only', () => {
    expect(tokenizeSql('"A""b" Cd "" U&"d\\0061t\\+000061" ÉtÉ a$1').map((t) => [t.kind, t.text])).toEqual([
      ['ident', 'A"b'],
      ['ident', 'cd'],
      ['ident', ''],
      ['ident', 'data'],
      ['ident', 'ÉtÉ'],
      ['ident', 'a$1'],
    ]);
    const [quoted, bare] = tokenizeSql('"x" x');
    expect(quoted?.kind === 'ident' && quoted.quoted).toBe(true);
    expect(bare?.kind === 'ident' && bare.quoted).toBe(false);
  });

  it('reads numbers, parameters, casts and punctuation', () => {
    expect(show('f(1, 2.5, .5e3, 1e-2)[1]::int $1 a.b;')).toEqual([
      'ident:f',
      'punct:(',
      'number:1',
      'punct:,',
      'number:2.5',
      'punct:,',
      'number:.5e3',
      'punct:,',
      'number:1e-2',
      'punct:)',
      'punct:[',
      'number:1',
      'punct:]',
      'op:::',
      'ident:int',
      'param:$1',
      'ident:a',
      'punct:.',
      'ident:b',
      'punct:;',
    ]);
  });

  it('cuts operators as Postgres does: before a comment, and trailing + or - off unless a special character is in it', () => {
    expect(show('a<-b')).toEqual(['ident:a', 'op:<', 'op:-', 'ident:b']);
    expect(show('a*-1')).toEqual(['ident:a', 'op:*', 'op:-', 'number:1']);
    expect(show('a@-b')).toEqual(['ident:a', 'op:@-', 'ident:b']);
    expect(show('a<->b')).toEqual(['ident:a', 'op:<->', 'ident:b']);
    expect(show('a<--b\nc')).toEqual(['ident:a', 'op:<', 'ident:c']);
    expect(show('a+/*b*/c')).toEqual(['ident:a', 'op:+', 'ident:c']);
  });
});

describe('readsBare', () => {
  it('holds when the bare word reads back as the name', () => {
    expect(['a', '_a1', 'a$b', 'user'].map(readsBare)).toEqual([true, true, true, true]);
    expect(['A', '1a', '$a', 'a b', 'été', ''].map(readsBare)).toEqual([false, false, false, false, false, false]);
  });
});
