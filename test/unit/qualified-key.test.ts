import { describe, expect, it } from 'vitest';
import { qualifiedKey, qualifiedKeyText } from '../../src/schema/qualified-key.js';

describe('qualifiedKey', () => {
  it('tells apart names whose dotted spelling is the same', () => {
    expect(qualifiedKey('a.b', 'c')).not.toBe(qualifiedKey('a', 'b.c'));
    expect(qualifiedKeyText(qualifiedKey('a', 'b.c'))).toBe('a.b.c');
  });

  it('gives the same key for the same name, however many names it has seen', () => {
    const first = qualifiedKey('public', 'users');
    for (let i = 0; i < 250_000; i++) expect(qualifiedKey(`s${i % 1500}`, `t${i}`)).toBe(`s${i % 1500}\u0000t${i}`);
    expect(qualifiedKey('public', 'users')).toBe(first);
    expect(qualifiedKey('public', 'users')).toBe('public\u0000users');
  });
});
