import { describe, expect, it } from 'vitest';
import { compareColumns } from '../../src/autogen/diff/compare-columns.js';
import type { ColumnModel, TableModel } from '../../src/schema/model.js';

function table(half: ColumnModel, extra: Partial<TableModel> = {}): TableModel {
  const id: ColumnModel = { name: 'id', type: 'integer', nullable: false, default: null, identity: null };
  const note: ColumnModel = { name: 'note', type: 'text', nullable: true, default: null, identity: null };
  return {
    schema: 'public',
    name: 't',
    columns: [id, half, note],
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
    ...extra,
  };
}

const generated = (expression: string, virtual: boolean): ColumnModel => ({
  name: 'half',
  type: 'numeric',
  nullable: true,
  default: null,
  identity: null,
  generated: expression,
  ...(virtual ? { generatedVirtual: true as const } : {}),
});

const CHECKED = { checks: [{ name: 't_id_check', expression: '(id > 0)' }] };

/** Whether the new expression is set in place (one alterColumn), not dropped and added at the end. */
function inPlace(virtual: boolean, extra: Partial<TableModel> = {}, published = false): boolean {
  const before = table(generated('(id / 2.0)', virtual), extra);
  const after = table(generated('(id / 3.0)', virtual), extra);
  const compared = compareColumns(before, after, true, published);
  return compared.drop.length === 0 && compared.alter.length === 1;
}

describe('compareColumns: a generated column given a new expression (PostgreSQL 17+)', () => {
  it('sets a stored or a virtual one in place, the virtual one marked so that nothing is said to rewrite', () => {
    expect(inPlace(false)).toBe(true);
    expect(inPlace(true)).toBe(true);
    const before = table(generated('(id / 2.0)', true));
    const [alter] = compareColumns(before, table(generated('(id / 3.0)', true)), true).alter;
    expect(alter?.to).toEqual({ expression: '(id / 3.0)', generatedVirtual: true });
  });

  it('drops and adds a virtual one on a table with a check constraint or in a publication, which PostgreSQL 18 refuses', () => {
    expect(inPlace(true, CHECKED)).toBe(false);
    expect(inPlace(true, {}, true)).toBe(false);
    expect(inPlace(false, CHECKED)).toBe(true);
    expect(inPlace(false, {}, true)).toBe(true);
  });
});
