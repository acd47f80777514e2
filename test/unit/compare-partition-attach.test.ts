import { describe, expect, it } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import type { Operation } from '../../src/ops/operation.js';
import { reverseOperations } from '../../src/ops/reverse.js';
import type { ColumnModel, SchemaModel, TableModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';

function column(name: string, type: string, extra: Partial<ColumnModel> = {}): ColumnModel {
  return { name, type, nullable: true, default: null, identity: null, ...extra };
}

function table(name: string, extra: Partial<TableModel> = {}): TableModel {
  return {
    schema: 'public',
    name,
    columns: [],
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
    ...extra,
  };
}

function model(...tables: TableModel[]): SchemaModel {
  return completeModel({ schemas: [], enums: [], tables });
}

const columns = [
  column('id', 'integer', { nullable: false }),
  column('at', 'date', { nullable: false }),
  column('code', 'text'),
  column('cid', 'integer'),
];
const customer = table('c', {
  columns: [column('id', 'integer', { nullable: false })],
  primaryKey: { name: 'c_pkey', columns: ['id'] },
});
const parent = table('ev', {
  columns,
  primaryKey: { name: 'ev_pkey', columns: ['id', 'at'] },
  uniques: [{ name: 'ev_code_at_key', columns: ['code', 'at'] }],
  foreignKeys: [
    {
      name: 'ev_cid_fkey',
      columns: ['cid'],
      refSchema: 'public',
      refTable: 'c',
      refColumns: ['id'],
      onDelete: 'NO ACTION',
      onUpdate: 'NO ACTION',
    },
  ],
  checks: [{ name: 'ev_id_check', expression: '(id > 0)' }],
  indexes: [{ name: 'ev_code_idx', unique: false, method: 'btree', columns: [{ column: 'code' }], where: null }],
  partitionBy: 'RANGE (at)',
});
const bound = "FOR VALUES FROM ('2021-01-01') TO ('2022-01-01')";
const partition = table('ev_2021', { partitionOf: { schema: 'public', table: 'ev', bound } });
const plain = table('ev_2021', { columns: columns.map((c) => ({ ...c })) });

const described = (ops: Operation[]): string[] =>
  ops.map((op) => {
    if (op.kind === 'dropConstraint' || op.kind === 'dropIndex') return `${op.kind} ${op.name}`;
    if (op.kind === 'addConstraint' || op.kind === 'createIndex')
      return `${op.kind} ${'constraint' in op ? op.constraint.name : op.index.name}`;
    if (op.kind === 'addColumn' || op.kind === 'alterColumn' || op.kind === 'dropColumn') {
      return `${op.kind} ${op.table}.${typeof op.column === 'string' ? op.column : op.column.name}`;
    }
    if (op.kind === 'createTable' || op.kind === 'dropTable')
      return `${op.kind} ${'table' in op ? op.table.name : op.name}`;
    return op.kind;
  });

describe('compare: what a detach leaves and an attach adopts', () => {
  it('drops, after the detach, the clones of the parent’s keys, checks and indexes that the model lacks', () => {
    const ops = compareModels(model(customer, parent, partition), model(customer, parent, plain));
    expect(described(ops)).toEqual([
      'detachPartition',
      'dropConstraint ev_cid_fkey',
      'dropConstraint ev_2021_code_at_key',
      'dropConstraint ev_2021_pkey',
      'dropConstraint ev_id_check',
      'dropIndex ev_2021_code_idx',
    ]);
    // The reverse gives the table the clones back before attaching it, so Postgres adopts them.
    expect(described(reverseOperations(ops)).at(-1)).toBe('attachPartition');
  });

  it('keeps the clones the model declares with the names Postgres gave them', () => {
    const declared = {
      ...plain,
      primaryKey: { name: 'ev_2021_pkey', columns: ['id', 'at'] },
      checks: [{ name: 'ev_id_check', expression: '(id > 0)' }],
    };
    const ops = compareModels(model(customer, parent, partition), model(customer, parent, declared));
    expect(described(ops)).toEqual([
      'detachPartition',
      'dropConstraint ev_cid_fkey',
      'dropConstraint ev_2021_code_at_key',
      'dropIndex ev_2021_code_idx',
    ]);
  });

  it('names the clones of a partition of a partition after it, the index by the model’s name where it gives one', () => {
    const middle = {
      ...partition,
      partitionBy: 'LIST (code)',
      indexNames: [{ parentIndex: 'ev_code_idx', name: 'mid_code' }],
    };
    const leaf = table('ev_2021_a', {
      partitionOf: { schema: 'public', table: 'ev_2021', bound: "FOR VALUES IN ('a')" },
    });
    const leafPlain = table('ev_2021_a', {
      columns: columns.map((c) => ({ ...c })),
      checks: [{ name: 'ev_id_check', expression: '(id > 0)' }],
    });
    const ops = compareModels(model(customer, parent, middle, leaf), model(customer, parent, middle, leafPlain));
    expect(described(ops)).toEqual([
      'detachPartition',
      'dropConstraint ev_cid_fkey',
      'dropConstraint ev_2021_a_code_at_key',
      'dropConstraint ev_2021_a_pkey',
      'dropIndex ev_2021_a_code_idx',
    ]);
  });

  it('gives a table the parent’s columns, keys and checks before attaching it', () => {
    const own = table('ev_2021', {
      columns: [
        column('id', 'integer', { nullable: false }),
        column('at', 'date', { nullable: false }),
        column('code', 'character varying(5)'),
        column('extra', 'text'),
      ],
      primaryKey: { name: 'ev_2021_pkey', columns: ['id', 'at'] },
    });
    const ops = compareModels(model(customer, parent, own), model(customer, parent, partition));
    expect(described(ops)).toEqual([
      'dropColumn ev_2021.extra',
      'alterColumn ev_2021.code',
      'addColumn ev_2021.cid',
      'addConstraint ev_2021_code_at_key',
      'addConstraint ev_id_check',
      'createIndex ev_2021_code_idx',
      'addConstraint ev_cid_fkey',
      'attachPartition',
    ]);
    expect(ops[0]).toMatchObject({ kind: 'dropColumn', removed: column('extra', 'text') });
    expect(ops[1]).toMatchObject({ to: { type: 'text' }, from: { type: 'character varying(5)' } });
    expect(ops[2]).toMatchObject({ column: column('cid', 'integer') });
  });

  it('replaces, before the attach, a key matching the parent’s under another name, so both ways end with Postgres’ name', () => {
    const own = {
      ...plain,
      primaryKey: { name: 'mine', columns: ['id', 'at'] },
      checks: [{ name: 'ev_id_check', expression: '(id > 0)' }],
    };
    const withClones = {
      ...own,
      primaryKey: { name: 'ev_2021_pkey', columns: ['id', 'at'] },
      uniques: parent.uniques.map((u) => ({ ...u, name: 'ev_2021_code_at_key' })),
      foreignKeys: parent.foreignKeys,
      indexes: [{ ...(parent.indexes[0] as TableModel['indexes'][number]), name: 'ev_2021_code_idx' }],
    };
    const ops = compareModels(model(customer, parent, own), model(customer, parent, partition));
    expect(described(ops)).toContain('dropConstraint mine');
    expect(described(ops)).toContain('addConstraint ev_2021_pkey');
    expect(compareModels(model(customer, parent, withClones), model(customer, parent, partition))).toEqual([
      {
        kind: 'attachPartition',
        schema: 'public',
        table: 'ev_2021',
        partitionOf: { schema: 'public', table: 'ev', bound },
      },
    ]);
  });
});

describe('compare: partition keys and partition trees', () => {
  it('rebuilds a table whose partition key column changes type, with its rows', () => {
    const keyed = (type: string): TableModel =>
      table('m', {
        columns: [column('k', type, { nullable: false }), column('v', 'text')],
        partitionBy: 'RANGE (k)',
        partitionKeyColumns: ['k'],
      });
    const part = table('m_1', { partitionOf: { schema: 'public', table: 'm', bound: 'FOR VALUES FROM (0) TO (100)' } });
    const ops = compareModels(model(keyed('integer'), part), model(keyed('bigint'), part));
    expect(described(ops)).toEqual([
      'stashRows',
      'dropTable m_1',
      'dropTable m',
      'createTable m',
      'createTable m_1',
      'restoreRows',
    ]);
    expect(ops[0]).toMatchObject({
      note: expect.stringContaining('the type of k, used by its partition key, changes'),
    });
  });

  it('rebuilds the whole tree when the retyped column is in the key of a partition under the table', () => {
    const root = (type: string): TableModel =>
      table('m', {
        columns: [column('at', 'date', { nullable: false }), column('k', type, { nullable: false })],
        partitionBy: 'RANGE (at)',
        partitionKeyColumns: ['at'],
      });
    const middle = table('m_2024', {
      partitionOf: { schema: 'public', table: 'm', bound: 'DEFAULT' },
      partitionBy: 'LIST (k)',
      partitionKeyColumns: ['k'],
    });
    const leaf = table('m_2024_1', { partitionOf: { schema: 'public', table: 'm_2024', bound: 'FOR VALUES IN (1)' } });
    const ops = compareModels(model(root('integer'), middle, leaf), model(root('bigint'), middle, leaf));
    expect(described(ops)).toEqual([
      'stashRows',
      'dropTable m_2024_1',
      'dropTable m_2024',
      'dropTable m',
      'createTable m',
      'createTable m_2024',
      'createTable m_2024_1',
      'restoreRows',
    ]);
    // A column no key uses is altered in place.
    const plainColumn = (type: string): TableModel => ({
      ...root('integer'),
      columns: [...root('integer').columns, column('v', type)],
    });
    expect(
      described(compareModels(model(plainColumn('integer'), middle, leaf), model(plainColumn('bigint'), middle, leaf))),
    ).toEqual(['alterColumn m.v']);
  });

  it('drops a partition’s own index before its parent’s column that the index uses, which would take the index along', () => {
    const orders = (extra: ColumnModel[]): TableModel =>
      table('orders', { columns: [column('at', 'date', { nullable: false }), ...extra], partitionBy: 'RANGE (at)' });
    const part = (indexes: TableModel['indexes']): TableModel =>
      table('orders_2024', { partitionOf: { schema: 'public', table: 'orders', bound: 'DEFAULT' }, indexes });
    const index = {
      name: 'orders_2024_x_idx',
      unique: false,
      method: 'btree',
      columns: [{ column: 'x' }],
      where: null,
    };
    const ops = compareModels(model(orders([column('x', 'integer')]), part([index])), model(orders([]), part([])));
    expect(described(ops)).toEqual(['dropIndex orders_2024_x_idx', 'dropColumn orders.x']);
  });

  it('alters a column of a partitioned table before the same column of a partition whose name sorts first', () => {
    const orders = (note: string): TableModel =>
      table('orders', {
        columns: [column('at', 'date', { nullable: false }), column('note', 'text', { default: note })],
        partitionBy: 'RANGE (at)',
      });
    const part = (override: string): TableModel =>
      table('a_orders_2024', {
        partitionOf: { schema: 'public', table: 'orders', bound: 'DEFAULT' },
        columnOverrides: [{ name: 'note', default: override }],
      });
    const ops = compareModels(
      model(orders("'b'::text"), part("'b'::text")),
      model(orders("'a'::text"), part("'own'::text")),
    );
    expect(ops.map((op) => (op.kind === 'alterColumn' ? `${op.table} ${String(op.to.default)}` : op.kind))).toEqual([
      "orders 'a'::text",
      "a_orders_2024 'own'::text",
    ]);
  });
});
