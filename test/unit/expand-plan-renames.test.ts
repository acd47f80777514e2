import { describe, expect, it } from 'vitest';
import type { ExpandChange } from '../../src/ops/expand/expand-forms.js';
import { planExpand } from '../../src/ops/expand/expand-plan.js';
import { CATALOG_ID } from '../helpers/expand-revisions.js';

const columnsOf = (schema: string, table: string) =>
  schema === 'public' && ['a', 'b'].includes(table) ? [CATALOG_ID] : null;

/** A check named `name` added to table `table` by the expand. */
const checkAdded = (table: string, name: string): ExpandChange => ({
  change: 'addConstraint',
  schema: 'public',
  table,
  constraint: { type: 'check', name, expression: '(id > 0)' },
});

/** A rename of a table's `object` waiting for contract. */
const renamed = (object: 'constraint' | 'policy' | 'trigger', table: string, from: string): ExpandChange => ({
  change: 'renameAtContract',
  op: { kind: 'renameObject', object, schema: 'public', table, from, to: `${from}_new` },
});

const plan = (changes: ExpandChange[]) => planExpand(['r2'], ['r1'], 'v_r2', changes, columnsOf);

describe('a rename at contract of something the same expand adds', () => {
  it('is refused for a constraint the expand adds to the same table', () => {
    expect(() => plan([checkAdded('a', 'a_check'), renamed('constraint', 'a', 'a_check')])).toThrow(
      'constraint a_check of public.a is added in the same expand, then renamed',
    );
  });

  it("is no constraint of another table, nor a policy or trigger that shares a constraint's name", () => {
    for (const change of [
      renamed('constraint', 'a', 'x_check'),
      renamed('policy', 'a', 'x_check'),
      renamed('trigger', 'a', 'x_check'),
    ])
      expect(plan([checkAdded('b', 'x_check'), change]).objects).toEqual([(change as { op: unknown }).op]);
  });
});

describe('an index defined anew under its own name (the online plan swaps it in)', () => {
  const index = { name: 'a_key_new', unique: true, method: 'btree', columns: [{ column: 'id' }], where: null };
  const built: ExpandChange = { change: 'createIndex', schema: 'public', table: 'a', index };
  const dropped: ExpandChange = {
    change: 'dropAtContract',
    op: { kind: 'dropIndex', schema: 'public', table: 'a', name: 'a_key', online: true },
  };
  const swapped: ExpandChange = {
    change: 'renameAtContract',
    op: { kind: 'renameIndex', schema: 'public', from: 'a_key_new', to: 'a_key' },
  };

  it('is built at expand beside the old one, which contract drops before renaming the new one', () => {
    expect(plan([built, dropped, swapped]).objects).toEqual([
      { kind: 'dropIndex', schema: 'public', table: 'a', name: 'a_key' },
      swapped.op,
    ]);
  });

  it('is refused built under the name contract drops: the build would find the old index there and skip', () => {
    expect(() => plan([dropped, { ...built, index: { ...index, name: 'a_key' } }])).toThrow(
      'index public.a_key is dropped at contract and built again under its name in the same expand',
    );
  });
});
