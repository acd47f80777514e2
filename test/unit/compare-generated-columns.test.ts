import { describe, expect, it } from 'vitest';
import { compareColumns } from '../../src/autogen/diff/compare-columns.js';
import { buildSchemaModel, check, defineMetadata, integer, numeric, sql, text } from '../../src/schema/index.js';
import type { TableModel } from '../../src/schema/index.js';

/** Table t: id, then `half` generated as `expression` (virtual or stored), then note; with a check when `checked`. */
function table(expression: string, virtual: boolean, checked = false): TableModel {
  const md = defineMetadata();
  md.table(
    't',
    { id: integer().primaryKey(), half: numeric().generatedAs(sql(expression), { virtual }), note: text() },
    checked ? { checks: [check(sql`id > 0`)] } : {},
  );
  return buildSchemaModel(md).tables[0]!;
}

/** Whether the new expression is set in place (one alterColumn), not dropped and added at the end. */
function inPlace(virtual: boolean, { checked = false, published = false } = {}): boolean {
  const compared = compareColumns(
    table('(id / 2.0)', virtual, checked),
    table('(id / 3.0)', virtual, checked),
    true,
    published,
  );
  return compared.drop.length === 0 && compared.alter.length === 1;
}

describe('compareColumns: a generated column given a new expression (PostgreSQL 17+)', () => {
  it('sets a stored or a virtual one in place, the virtual one marked so that nothing is said to rewrite', () => {
    expect(inPlace(false)).toBe(true);
    expect(inPlace(true)).toBe(true);
    const [alter] = compareColumns(table('(id / 2.0)', true), table('(id / 3.0)', true), true).alter;
    expect(alter?.to).toEqual({ expression: '(id / 3.0)', generatedVirtual: true });
  });

  it('drops and adds a virtual one on a table with a check constraint or published, which PostgreSQL 18 refuses', () => {
    expect(inPlace(true, { checked: true })).toBe(false);
    expect(inPlace(true, { published: true })).toBe(false);
    expect(inPlace(false, { checked: true })).toBe(true);
    expect(inPlace(false, { published: true })).toBe(true);
  });
});
