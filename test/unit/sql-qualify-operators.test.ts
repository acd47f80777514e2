import { describe, expect, it } from 'vitest';
import { moveQualifiedOperators } from '../../src/pg/scratch/sql-qualify-operators.js';

const moving = new Set(['public.%', 'public.->', 'Ext.<->']);
const move = (schema: string, name: string): string | null => (moving.has(`${schema}.${name}`) ? 'scratch_0' : null);

describe('moveQualifiedOperators', () => {
  it('moves OPERATOR(schema.op) of moving operators, quoted schema or not', () => {
    expect(moveQualifiedOperators("(name OPERATOR(public.%) 'x'::text)", move)).toBe(
      "(name OPERATOR(scratch_0.%) 'x'::text)",
    );
    expect(moveQualifiedOperators("(h operator(PUBLIC.->) 'k'::text)", move)).toBe(
      "(h operator(scratch_0.->) 'k'::text)",
    );
    expect(moveQualifiedOperators('a OPERATOR("Ext".<->) b', move)).toBe('a OPERATOR(scratch_0.<->) b');
  });

  it('writes bare the operators both schemas hold, for the operands to choose; signatures keep their schema', () => {
    const bare = (schema: string, name: string): boolean => schema === 'public' && name === '%';
    expect(
      moveQualifiedOperators("(name OPERATOR(public.%) 'x'::text) AND (a OPERATOR(public.->) b)", move, bare),
    ).toBe("(name % 'x'::text) AND (a OPERATOR(scratch_0.->) b)");
    expect(moveQualifiedOperators('OPERATOR 1 public.%(text,text)', move, bare)).toBe(
      'OPERATOR 1 scratch_0.%(text,text)',
    );
  });

  it('leaves other operators, other schemas, strings and comments alone', () => {
    for (const text of [
      'a OPERATOR(public.%%) b',
      'a OPERATOR(public.-) b',
      'a OPERATOR(other.%) b',
      'a OPERATOR(pg_catalog.%) b',
      "'a OPERATOR(public.%) b'",
      '/* OPERATOR(public.%) */ a',
      'a % b',
      'operator(public.x)',
      '"operator"(public.%)',
    ]) {
      expect(moveQualifiedOperators(text, move)).toBe(text);
    }
  });

  it('moves the schema of an operator written with its operand types, as an operator class lists it', () => {
    expect(moveQualifiedOperators('OPERATOR 1 public.%(text,text)', move)).toBe('OPERATOR 1 scratch_0.%(text,text)');
    expect(moveQualifiedOperators('OPERATOR 3 "Ext".<->(point,point) FOR ORDER BY x.y', move)).toBe(
      'OPERATOR 3 scratch_0.<->(point,point) FOR ORDER BY x.y',
    );
    for (const text of [
      'OPERATOR 1 public.%%(text,text)',
      'OPERATOR 1 other.%(text,text)',
      'a.public.%(b)',
      'public.% (text,text)',
      't.* FROM x',
    ]) {
      expect(moveQualifiedOperators(text, move)).toBe(text);
    }
  });
});
