import { describe, expect, it } from 'vitest';
import { serialSequenceName } from '../../src/schema/naming.js';
import { checkExpression } from '../../src/pg/reflect/reflect-constraints.js';
import { ColumnRows } from '../../src/pg/reflect.js';
import { columnRow } from '../helpers/column-row.js';
import type { ReadingTable } from '../../src/pg/reflect/reading-table.js';
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

describe('ColumnRows', () => {
  // A table's fields come on one of its rows (`fields`), null on the others, as the statement sends them.
  const row = (table_oid: string, position: number | null, fields = false): ColumnRow =>
    columnRow({
      table_oid,
      position,
      name: position === null ? null : `c${position}`,
      type: position === null ? null : 'text',
      not_null: position === null ? null : false,
      inherited: position === null ? null : false,
      ...(fields
        ? {
            table_name: `t${table_oid}`,
            ...{ rls_enabled: false, rls_forced: false, unlogged: false, replica_identity: null, table_storage: null },
            ...{ partition_by: null, partition_columns: null, partition_of: null, inherits: null },
          }
        : { schema: null, table_name: null }),
    } as Partial<ColumnRow>);
  const read = (rows: ColumnRow[], exclude: { schema: string; name: string }[] = []) => {
    const columns = new ColumnRows();
    for (const r of rows) columns.add(r);
    const tables = new Map<string, ReadingTable>();
    columns.finish(tables, exclude);
    return [...tables.entries()].map(([oid, t]) => `${oid}:${t.name}(${t.columns.map((c) => c.name).join(',')})`);
  };

  it("makes the columns statement's unordered rows into tables by oid (as numbers), columns by position", () => {
    const rows = [
      row('10', 2),
      row('9', 3),
      row('10', 1, true),
      row('9', 1, true),
      row('100', null, true),
      row('9', 2),
    ];
    expect(read(rows)).toEqual(['9:t9(c1,c2,c3)', '10:t10(c1,c2)', '100:t100()']);
  });

  it("gives the rows that came before their table's fields those fields, and leaves out excluded tables", () => {
    const first = { ...row('7', 1, true), rls_enabled: true } as ColumnRow;
    const columns = new ColumnRows();
    const later = row('7', 2);
    columns.add(later);
    columns.add(first);
    const tables = new Map<string, ReadingTable>();
    columns.finish(tables, []);
    expect(tables.get('7')).toMatchObject({ name: 't7', rowLevelSecurity: { enabled: true, forced: false } });
    expect(later).toMatchObject({ schema: 'public', table_name: 't7', rls_enabled: true });
    expect(read([row('8', 1, true), row('7', 1, true)], [{ schema: 'public', name: 't8' }])).toEqual(['7:t7(c1)']);
  });

  it('says so when a table never got the row with its fields', () => {
    const columns = new ColumnRows();
    columns.add(row('5', 1));
    expect(() => columns.finish(new Map(), [])).toThrow('the columns statement sent no row with the fields of table 5');
  });
});
