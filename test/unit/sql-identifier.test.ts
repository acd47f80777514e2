import { describe, expect, it } from 'vitest';
import { qualifiedTypeName } from '../../src/schema/types.js';
import {
  formatIdentifier,
  formatQualified,
  identifierSpellings,
  isBareIdentifier,
  quoteIdent,
  quoteQualified,
} from '../../src/sql/identifier.js';
import { isQuotedKeyword, isReservedWord } from '../../src/sql/keywords.js';
import { printLiteral, quoteDollar, quoteLiteral } from '../../src/sql/literal.js';

describe('type identifiers', () => {
  it('quotes like quote_identifier', () => {
    expect(formatIdentifier('mood')).toBe('mood');
    expect(formatIdentifier('_x1')).toBe('_x1');
    expect(formatIdentifier('action')).toBe('action');
    expect(formatIdentifier('user')).toBe('"user"');
    expect(formatIdentifier('integer')).toBe('"integer"');
    expect(formatIdentifier('left')).toBe('"left"');
    expect(formatIdentifier('Mood')).toBe('"Mood"');
    expect(formatIdentifier('1x')).toBe('"1x"');
    expect(formatIdentifier('a$b')).toBe('"a$b"');
    expect(formatIdentifier('say "hi"')).toBe('"say ""hi"""');
    expect(qualifiedTypeName('public', 'Mood')).toBe('public."Mood"');
  });
});

describe('quoting identifiers', () => {
  it('always quotes in SQL Athanor runs', () => {
    expect(quoteIdent('users')).toBe('"users"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteQualified('public', 'Mood')).toBe('"public"."Mood"');
  });

  it('has one rule for a bare identifier: quote_identifier()', () => {
    expect(['mood', '_x1', 'action', 'a1', 'name'].every(isBareIdentifier)).toBe(true);
    for (const name of ['a$b', '$a', '1x', 'Mood', 'été', '', 'a b', 'user', 'left', 'integer', 'between'])
      expect(isBareIdentifier(name)).toBe(false);
    expect(formatQualified('public', 'user')).toBe('public."user"');
  });

  it('keeps one list of keywords for printing and for reading', () => {
    expect(isReservedWord('user')).toBe(true);
    expect(isReservedWord('left')).toBe(true);
    expect(isReservedWord('integer')).toBe(false);
    expect(isQuotedKeyword('integer')).toBe(true);
    expect(isQuotedKeyword('action')).toBe(false);
  });

  it('lists the spellings text may use for a name', () => {
    expect(identifierSpellings('mood')).toEqual(['mood', '"mood"']);
    expect(identifierSpellings('a$b')).toEqual(['a$b', '"a$b"']);
    expect(identifierSpellings('Mood')).toEqual(['"Mood"']);
    expect(identifierSpellings('a"b')).toEqual(['"a""b"']);
  });
});

describe('quoting literals', () => {
  it('writes E strings only for backslashes', () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral('a\\b')).toBe("E'a\\\\b'");
    expect(quoteLiteral("a\\'")).toBe("E'a\\\\'''");
  });

  it('prints as Postgres prints a stored literal', () => {
    expect(printLiteral("it's")).toBe("'it''s'");
    expect(printLiteral('a\\b')).toBe("'a\\b'");
  });

  it('picks a dollar tag the text does not hold', () => {
    expect(quoteDollar('select 1', 'body')).toBe('$body$select 1$body$');
    expect(quoteDollar('a $body$ b', 'body')).toBe('$body1$a $body$ b$body1$');
  });
});
