import { describe, expect, it } from 'vitest';
import { renderModelSource } from '../../src/pull/render-model.js';
import { completeModel, type ColumnModel, type SchemaModel, type TableModel } from '../../src/schema/index.js';
import { modelFiles } from '../helpers/model-files.js';
import { strictTypeErrors } from '../helpers/typecheck.js';

/** `migrate pull` for what lives on tables: the DSL it writes builds the same tables, and compiles with --strict. */

const { dir, writeSource, loadSource: rebuild } = modelFiles('athanor-render-tables-');

const col = (name: string, type: string, extra: Partial<ColumnModel> = {}): ColumnModel => ({
  name,
  type,
  nullable: true,
  default: null,
  identity: null,
  ...extra,
});

const table = (partial: Partial<TableModel> & Pick<TableModel, 'name' | 'columns'>): TableModel => ({
  schema: 'public',
  primaryKey: null,
  foreignKeys: [],
  uniques: [],
  checks: [],
  indexes: [],
  ...partial,
});

/** Every table feature, in the form building the DSL gives (the server's canonical pass is not involved). */
const model: SchemaModel = completeModel({
  schemas: [],
  enums: [],
  tables: [
    table({
      name: 'category',
      columns: [
        col('id', 'integer', {
          nullable: false,
          identity: { always: true, start: '10', increment: '5', max: '1000', cache: '3', cycle: true },
        }),
        col('code', 'text', { nullable: false, collation: '"C"' }),
        col('region', 'text', { collation: 'public."my coll"' }),
        col('label', 'text', { nullable: false, notNullName: 'label_required' }),
      ],
      primaryKey: {
        name: 'category_pkey',
        columns: ['id'],
        include: ['code'],
        deferrable: true,
        initiallyDeferred: true,
      },
      uniques: [
        { name: 'category_code_key', columns: ['code'], include: ['region'], nullsNotDistinct: true, deferrable: true },
        { name: 'category_region_key', columns: ['region'], deferrable: true, initiallyDeferred: true },
      ],
    }),
    table({
      name: 'item',
      columns: [
        col('id', 'bigint', { nullable: false, identity: { always: false, start: '9007199254740993' } }),
        col('category_id', 'integer'),
        col('parent_id', 'bigint'),
        col('price', 'numeric(10,2)', { nullable: false }),
        col('qty', 'integer', { nullable: false }),
        col('during', 'tstzrange'),
        col('name', 'text'),
        col('total', 'numeric', { generated: '(price * (qty)::numeric)' }),
        col('doubled', 'integer', { nullable: false, generated: '(qty * 2)', generatedVirtual: true }),
      ],
      primaryKey: { name: 'item_pkey', columns: ['id'] },
      foreignKeys: [
        {
          name: 'item_category_id_fkey',
          columns: ['category_id'],
          refSchema: 'public',
          refTable: 'category',
          refColumns: ['id'],
          onDelete: 'SET NULL',
          onUpdate: 'NO ACTION',
          match: 'FULL',
          notValid: true,
        },
        {
          name: 'item_parent_id_fkey',
          columns: ['parent_id'],
          refSchema: 'public',
          refTable: 'item',
          refColumns: ['id'],
          onDelete: 'NO ACTION',
          onUpdate: 'NO ACTION',
          deferrable: true,
        },
      ],
      checks: [
        { name: 'item_price_check', expression: '(price >= (0)::numeric)', notValid: true },
        { name: 'item_qty_check', expression: '(qty >= 0)', noInherit: true },
      ],
      exclusions: [{ name: 'item_no_overlap', definition: 'EXCLUDE USING gist (during WITH &&) WHERE ((qty > 0))' }],
      indexes: [
        {
          name: 'item_lower_idx',
          unique: true,
          method: 'btree',
          columns: [
            { expression: 'lower(name)', collation: '"C"' },
            { column: 'qty', nulls: 'FIRST' },
            { column: 'price', order: 'DESC' },
          ],
          where: null,
          nullsNotDistinct: true,
        },
        {
          name: 'item_name_idx',
          unique: false,
          method: 'btree',
          columns: [{ column: 'name', opclass: 'text_pattern_ops', order: 'DESC', nulls: 'LAST' }],
          where: '(qty > 0)',
          include: ['qty', 'price'],
        },
      ],
    }),
  ],
});

describe('renderModelSource: table features', () => {
  it('writes them with the DSL', () => {
    const source = renderModelSource(model);
    for (const text of [
      "identity('always', { start: 10, increment: 5, max: 1000, cache: 3, cycle: true })",
      "identity('byDefault', { start: '9007199254740993' })",
      "text().collate('C').notNull()",
      "label: text().notNull({ name: 'label_required' })",
      `.collate('public."my coll"')`,
      'total: numeric().generatedAs(sql`(price * (qty)::numeric)`),',
      'doubled: integer().generatedAs(sql`(qty * 2)`, { virtual: true }).notNull(),',
      "primaryKey: { columns: ['id'], include: ['code'], initiallyDeferred: true }",
      "unique(['code'], { include: ['region'], nullsNotDistinct: true, deferrable: true })",
      "match: 'full', notValid: true",
      'check(sql`(qty >= 0)`, { noInherit: true })',
      "exclude(sql`USING gist (during WITH &&) WHERE ((qty > 0))`, { name: 'item_no_overlap' })",
      "index([desc('name', { nulls: 'last', opclass: 'text_pattern_ops' })], { where: sql`(qty > 0)`, include: ['qty', 'price'] })",
      "col(sql`lower(name)`, { collate: 'C' }), col('qty', { nulls: 'first' }), desc('price')",
      'nullsNotDistinct: true',
    ]) {
      expect(source).toContain(text);
    }
  });

  it('builds back to the same tables', async () => {
    expect((await rebuild(renderModelSource(model))).tables).toEqual(model.tables);
  });

  it('writes code that type-checks with --strict', () => {
    expect(strictTypeErrors([writeSource(renderModelSource(model))], dir)).toEqual([]);
  }, 60_000);
});
