import { describe, expect, it } from 'vitest';
import { tokenizeSql } from '../../src/sql/lexer.js';
import {
  operatorReferences,
  operatorSignatures,
  qualifiedReferences,
  usesOperators,
} from '../../src/sql/references.js';

const refs = (text: string): string[] =>
  qualifiedReferences(tokenizeSql(text)).map((r) => `${r.schema.text}.${r.name.text}`);

describe('references over tokens', () => {
  it('finds schema.name at the start of a name only, in any spelling, outside strings and comments', () => {
    expect(refs('public.f(a.b.c) + "Odd"."T" + PUBLIC . g')).toEqual(['public.f', 'a.b', 'Odd.T', 'public.g']);
    expect(refs("'public.f' -- public.g\n /* public.h */ $$ public.i $$")).toEqual([]);
  });

  it('reads operators named with their schema', () => {
    const ops = (text: string): string[] =>
      operatorReferences(tokenizeSql(text)).map((r) => `${r.schema.text}.${r.name}`);
    expect(ops('a OPERATOR(public.%) b OR c operator("Ext".<->) d')).toEqual(['public.%', 'Ext.<->']);
    expect(ops('a OPERATOR(public.% ) b')).toEqual(['public.%']);
    expect(ops('"operator"(public.%), OPERATOR(public.x), OPERATOR(public. %)')).toEqual([]);
    const signatures = operatorSignatures(tokenizeSql('OPERATOR 1 public.<->(point,point), public.% (text,text)'));
    expect(signatures.map((r) => `${r.schema.text}.${r.name}`)).toEqual(['public.<->']);
    expect(usesOperators('a OPERATOR(public.%) b', [{ schema: 'public', name: '%' }])).toBe(true);
    expect(usesOperators('a OPERATOR(public.%%) b', [{ schema: 'public', name: '%' }])).toBe(false);
  });
});
