import { describe, expect, it } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import type { Operation } from '../../src/ops/operation.js';
import type { ColumnModel, ColumnOverrideModel, SchemaModel, TableModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';

function column(name: string, type: string, extra: Partial<ColumnModel> = {}): ColumnModel {
  return { name, type, nullable: true, default: null, identity: null, ...extra };
}

function parent(note: Partial<ColumnModel> = {}): TableModel {
  return {
    schema: 'public',
    name: 'orders',
    columns: [column('at', 'date', { nullable: false }), column('note', 'text', note), column('qty', 'integer')],
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
    partitionBy: 'RANGE (at)',
  };
}

function partition(name: string, overrides?: ColumnOverrideModel[], of = 'orders'): TableModel {
  return {
    schema: 'public',
    name,
    columns: [],
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
    partitionOf: { schema: 'public', table: of, bound: 'DEFAULT' },
    ...(overrides === undefined ? {} : { columnOverrides: overrides }),
  };
}

function model(...tables: TableModel[]): SchemaModel {
  return completeModel({ schemas: [], enums: [], tables });
}

const kinds = (ops: Operation[]): string[] => ops.map((op) => op.kind);

describe('compare: a partition’s own column defaults and NOT NULL', () => {
  it('alters the partition’s column when an override is added, never adding a column', () => {
    const ops = compareModels(
      model(parent({ default: "'p'::text" }), partition('orders_old')),
      model(
        parent({ default: "'p'::text" }),
        partition('orders_old', [
          { name: 'note', default: "'x'::text" },
          { name: 'qty', notNull: true },
        ]),
      ),
    );
    expect(ops).toEqual([
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'orders_old',
        column: 'note',
        to: { default: "'x'::text" },
        from: { default: "'p'::text" },
      },
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'orders_old',
        column: 'qty',
        to: { nullable: false },
        from: { nullable: true },
      },
    ]);
  });

  it('sets the parent’s value again when an override goes, a missing default included', () => {
    const ops = compareModels(
      model(parent({ default: "'p'::text" }), partition('orders_old', [{ name: 'note', default: null }])),
      model(parent({ default: "'p'::text" }), partition('orders_old')),
    );
    expect(ops).toEqual([
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'orders_old',
        column: 'note',
        to: { default: "'p'::text" },
        from: { default: null },
      },
    ]);
  });

  it('sees nothing when both sides have the same overrides', () => {
    const both = model(parent(), partition('orders_old', [{ name: 'qty', notNull: true }]));
    expect(compareModels(both, structuredClone(both))).toEqual([]);
  });

  it('restores a partition’s own default after the parent’s new default reached it', () => {
    const ops = compareModels(
      model(
        parent({ default: "'a'::text" }),
        partition('orders_old', [{ name: 'note', default: "'x'::text" }]),
        partition('orders_rest'),
      ),
      model(
        parent({ default: "'b'::text" }),
        partition('orders_old', [{ name: 'note', default: "'x'::text" }]),
        partition('orders_rest'),
      ),
    );
    // The first step is for the downgrade: reversed, it runs last and puts the partition's own default back.
    expect(ops).toEqual([
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'orders_old',
        column: 'note',
        to: { default: "'a'::text" },
        from: { default: "'x'::text" },
      },
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'orders',
        column: 'note',
        to: { default: "'b'::text" },
        from: { default: "'a'::text" },
      },
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'orders_old',
        column: 'note',
        to: { default: "'x'::text" },
        from: { default: "'b'::text" },
      },
    ]);
  });

  it('sets NOT NULL again on a partition after its parent drops it', () => {
    const dropped = compareModels(
      model(
        {
          ...parent(),
          columns: [
            column('at', 'date', { nullable: false }),
            column('note', 'text'),
            column('qty', 'integer', { nullable: false }),
          ],
        },
        partition('orders_old'),
      ),
      model(parent(), partition('orders_old', [{ name: 'qty', notNull: true }])),
    );
    expect(dropped).toEqual([
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'orders',
        column: 'qty',
        to: { nullable: true },
        from: { nullable: false },
      },
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'orders_old',
        column: 'qty',
        to: { nullable: false },
        from: { nullable: true },
      },
    ]);
  });

  it('follows a partition of a partition through its parent’s override', () => {
    const middle = (overrides?: ColumnOverrideModel[]): TableModel => ({
      ...partition('orders_mid', overrides),
      partitionBy: 'LIST (qty)',
    });
    const ops = compareModels(
      model(parent({ default: "'p'::text" }), middle(), partition('orders_mid_1', undefined, 'orders_mid')),
      model(
        parent({ default: "'p'::text" }),
        middle([{ name: 'note', default: "'m'::text" }]),
        partition('orders_mid_1', undefined, 'orders_mid'),
      ),
    );
    // The middle partition's new default reaches its own partition, which has none of its own.
    expect(ops).toEqual([
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'orders_mid',
        column: 'note',
        to: { default: "'m'::text" },
        from: { default: "'p'::text" },
      },
    ]);
  });

  it('creates a new partition with its overrides', () => {
    const created = partition('orders_old', [{ name: 'qty', notNull: true }]);
    const ops = compareModels(model(parent()), model(parent(), created));
    expect(kinds(ops)).toEqual(['createTable']);
    expect(ops[0]).toMatchObject({
      table: { name: 'orders_old', columns: [], columnOverrides: [{ name: 'qty', notNull: true }] },
    });
  });

  it('sets a table’s NOT NULL and default to the partition’s before attaching it', () => {
    const { partitionBy: _partitionBy, ...plain } = parent();
    const own: TableModel = {
      ...plain,
      name: 'orders_old',
      columns: parent().columns.map((c, i) =>
        i === 1 ? column('note', 'text', { default: "'own'::text" }) : { ...c },
      ),
    };
    const ops = compareModels(
      model(parent({ default: "'p'::text" }), own),
      model(parent({ default: "'p'::text" }), partition('orders_old', [{ name: 'qty', notNull: true }])),
    );
    expect(ops).toEqual([
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'orders_old',
        column: 'note',
        to: { default: "'p'::text" },
        from: { default: "'own'::text" },
      },
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'orders_old',
        column: 'qty',
        to: { nullable: false },
        from: { nullable: true },
      },
      {
        kind: 'attachPartition',
        schema: 'public',
        table: 'orders_old',
        partitionOf: { schema: 'public', table: 'orders', bound: 'DEFAULT' },
      },
    ]);
  });

  it('gives a table to attach the parent’s missing columns, a serial one as its plain type with its default, and drops the others', () => {
    const serialParent: TableModel = {
      ...parent(),
      columns: [column('id', 'serial', { nullable: false }), ...parent().columns],
    };
    const { partitionBy: _partitionBy, ...plain } = parent();
    const own: TableModel = {
      ...plain,
      name: 'orders_old',
      columns: [
        column('at', 'date', { nullable: false }),
        column('note', 'text'),
        column('qty', 'bigint'),
        column('x', 'text'),
      ],
    };
    const ops = compareModels(model(serialParent, own), model(serialParent, partition('orders_old')));
    expect(ops).toEqual([
      { kind: 'dropColumn', schema: 'public', table: 'orders_old', column: 'x', removed: column('x', 'text') },
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'orders_old',
        column: 'qty',
        to: { type: 'integer' },
        from: { type: 'bigint' },
      },
      {
        kind: 'addColumn',
        schema: 'public',
        table: 'orders_old',
        // The parent's default: Postgres keeps a table's own defaults when it attaches it.
        column: column('id', 'integer', { nullable: false, default: "nextval('public.orders_id_seq'::regclass)" }),
      },
      {
        kind: 'attachPartition',
        schema: 'public',
        table: 'orders_old',
        partitionOf: { schema: 'public', table: 'orders', bound: 'DEFAULT' },
      },
    ]);
  });

  it('gives a detached partition its own overrides as its columns', () => {
    const { partitionBy: _partitionBy, ...plain } = parent();
    const own: TableModel = {
      ...plain,
      name: 'orders_old',
      columns: [
        column('at', 'date', { nullable: false }),
        column('note', 'text'),
        column('qty', 'integer', { nullable: false }),
      ],
    };
    const ops = compareModels(
      model(parent(), partition('orders_old', [{ name: 'qty', notNull: true }])),
      model(parent(), own),
    );
    expect(kinds(ops)).toEqual(['detachPartition']);
  });
});
