import { describe, expect, it } from 'vitest';
import { serialSequenceName } from '../../src/schema/naming.js';
import { checkExpression } from '../../src/pg/reflect/reflect-constraints.js';
import { inColumnOrder } from '../../src/pg/reflect.js';
import type { ColumnRow } from '../../src/pg/catalog/catalog-queries.js';

describe('serialSequenceName', () => {
  it('is <table>_<column>_seq when that fits in 63 bytes', () => {
    expect(serialSequenceName('orders', 'id')).toBe('orders_id_seq');
    const fits = serialSequenceName('t'.repeat(29), 'c'.repeat(29));
    expect(fits).toBe(`${'t'.repeat(29)}_${'c'.repeat(29)}_seq`);
    expect(fits).toHaveLength(63);
  });

  // Expected names are the ones PostgreSQL 15 gave these serial columns.
  it('shortens the longer name first, as PostgreSQL does', () => {
    expect(serialSequenceName('t'.repeat(63), 'id')).toBe(`${'t'.repeat(56)}_id_seq`);
    expect(serialSequenceName('t'.repeat(40), 'c'.repeat(30))).toBe(`${'t'.repeat(29)}_${'c'.repeat(29)}_seq`);
    expect(
      serialSequenceName('orders_with_a_rather_long_name_for_testing_truncation', 'identifier_column_with_a_long_name'),
    ).toBe('orders_with_a_rather_long_nam_identifier_column_with_a_long_seq');
  });

  it('never splits a multi-byte character', () => {
    // 'é' is two bytes; 29 bytes of table leave 14 whole characters.
    expect(serialSequenceName('é'.repeat(40), 'c'.repeat(30))).toBe(`${'é'.repeat(14)}_${'c'.repeat(29)}_seq`);
  });
});

describe('checkExpression', () => {
  it('keeps what lies between the outer parentheses', () => {
    expect(checkExpression('CHECK ((price > (0)::numeric))')).toBe('(price > (0)::numeric)');
    expect(checkExpression('CHECK (active)')).toBe('active');
  });

  it('drops the clauses printed after the expression', () => {
    expect(checkExpression("CHECK ((b <> ''::text)) NOT VALID")).toBe("(b <> ''::text)");
    expect(checkExpression('CHECK ((a < 10)) NO INHERIT NOT VALID')).toBe('(a < 10)');
  });

  it('refuses a definition that is not a check', () => {
    expect(() => checkExpression('UNIQUE (a)')).toThrow(/unexpected check constraint definition/);
  });
});

describe('inColumnOrder', () => {
  const row = (table_oid: string, position: number | null): ColumnRow =>
    ({ table_oid, position, schema: 'public', table_name: `t${table_oid}`, name: `c${position}` }) as ColumnRow;

  it("puts the columns statement's unordered rows by table oid (as numbers) and position", () => {
    const rows = [row('10', 2), row('9', 3), row('10', 1), row('9', 1), row('100', null), row('9', 2)];
    expect(inColumnOrder(rows).map((r) => `${r.table_oid}.${r.position}`)).toEqual([
      '9.1',
      '9.2',
      '9.3',
      '10.1',
      '10.2',
      '100.null',
    ]);
  });

  it("gives every row its table's fields, which the statement sends on the first row only", () => {
    const first = { ...row('7', 1), rls_enabled: true, inherits: [{ schema: 'public', table: 'base' }] };
    const later = { ...row('7', 2), schema: null, table_name: null, rls_enabled: null, inherits: null };
    const [, second] = inColumnOrder([later, first] as ColumnRow[]);
    expect(second).toMatchObject({
      position: 2,
      name: 'c2',
      schema: 'public',
      table_name: 't7',
      rls_enabled: true,
      inherits: [{ schema: 'public', table: 'base' }],
    });
  });
});
