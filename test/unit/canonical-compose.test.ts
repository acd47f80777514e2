import { describe, expect, it } from 'vitest';
import { selectForServer } from '../../src/canonical/canonical-select.js';
import { qualifiedKey, type ColumnModel, type SchemaModel, type TableModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';

const column = (name: string, type: string, more: Partial<ColumnModel> = {}): ColumnModel => ({
  name,
  type,
  nullable: true,
  default: null,
  identity: null,
  ...more,
});

function table(name: string, extra: Partial<TableModel> = {}): TableModel {
  return {
    schema: 'public',
    name,
    columns: [
      column('id', 'integer', { nullable: false }),
      column('name', 'text', { nullable: false }),
      column('amount', 'numeric(12,2)', { default: '0' }),
    ],
    primaryKey: { name: `${name}_pkey`, columns: ['id'] },
    foreignKeys: [],
    uniques: [],
    checks: [{ name: `${name}_amount_check`, expression: '(amount >= (0)::numeric)' }],
    indexes: [{ name: `${name}_name_idx`, unique: false, method: 'btree', columns: [{ column: 'name' }], where: null }],
    ...extra,
  };
}

const referencing = (name: string, target: string): TableModel =>
  table(name, {
    columns: [column('id', 'integer', { nullable: false }), column('ref', 'integer')],
    checks: [],
    indexes: [],
    foreignKeys: [
      {
        name: `${name}_ref_fkey`,
        columns: ['ref'],
        refSchema: 'public',
        refTable: target,
        refColumns: ['id'],
        onDelete: 'NO ACTION',
        onUpdate: 'NO ACTION',
      },
    ],
  });

function model(tables: TableModel[], more: Partial<SchemaModel> = {}): SchemaModel {
  return completeModel({ schemas: [], enums: [], tables, ...more });
}

const key = (name: string): string => qualifiedKey('public', name);

/** What compare first does with `t` edited by `edit`, beside a table whose foreign key names it. */
function select(edit: (t: TableModel) => TableModel, more: Partial<SchemaModel> = {}) {
  const live = model([table('t'), referencing('r', 't')]);
  const declared = model([edit(table('t')), referencing('r', 't')], more);
  const selection = selectForServer(declared, { ...live, ...more, tables: live.tables });
  return { composed: [...selection.composed], sent: [...selection.sentTables].sort() };
}

const composed = { composed: [key('t')], sent: [] };
const sent = { composed: [], sent: [key('r'), key('t')] };

describe('compare first, part by part: a table that is its own canonical form', () => {
  it('takes a new nullable column of a plain type, a NOT NULL dropped, a wider numeric and a new plain index', () => {
    expect(select((t) => ({ ...t, columns: [...t.columns, column('note', 'text')] }))).toEqual(composed);
    expect(
      select((t) => ({ ...t, columns: [t.columns[0]!, { ...t.columns[1]!, nullable: true }, t.columns[2]!] })),
    ).toEqual(composed);
    expect(
      select((t) => ({ ...t, columns: [t.columns[0]!, t.columns[1]!, { ...t.columns[2]!, type: 'numeric(14,2)' }] })),
    ).toEqual(composed);
    const index = { name: 't_amount_idx', unique: true, method: 'btree', columns: [{ column: 'amount' }], where: null };
    expect(select((t) => ({ ...t, indexes: [...t.indexes, index] }))).toEqual(composed);
    expect(select((t) => ({ ...t, indexes: [] }))).toEqual(composed);
  });

  it('sends what the server must print or may refuse', () => {
    const add = (c: ColumnModel) => (t: TableModel) => ({ ...t, columns: [...t.columns, c] });
    expect(select(add(column('note', 'text', { default: "'x'::text" })))).toEqual(sent);
    expect(select(add(column('note', 'text', { nullable: false })))).toEqual(sent);
    expect(select(add(column('note', 'varchar')))).toEqual(sent);
    expect(select(add(column('note', 'numeric(1001,2)')))).toEqual(sent);
    expect(select(add(column('note', 'text', { collation: '"C"' })))).toEqual(sent);
    // Another type, not only another modifier, in a table with SQL text (a default, a check).
    expect(
      select((t) => ({
        ...t,
        columns: [t.columns[0]!, t.columns[1]!, { ...t.columns[2]!, type: 'double precision' }],
      })),
    ).toEqual(sent);
    // A key's column retyped.
    expect(
      select((t) => ({ ...t, columns: [{ ...t.columns[0]!, type: 'bigint' }, t.columns[1]!, t.columns[2]!] })),
    ).toEqual(sent);
    // A column dropped, a check added, a unique index dropped.
    expect(select((t) => ({ ...t, columns: t.columns.slice(0, 2) }))).toEqual(sent);
    expect(select((t) => ({ ...t, checks: [...t.checks, { name: 't_x', expression: 'amount < 10' }] }))).toEqual(sent);
    const unique = { name: 't_name_key', unique: true, method: 'btree', columns: [{ column: 'name' }], where: null };
    const live = model([table('t', { indexes: [unique] })]);
    expect([...selectForServer(model([table('t', { indexes: [] })]), live).sentTables]).toEqual([key('t')]);
  });

  it('sends an index with an expression, a predicate, options, or a name another relation has', () => {
    const add = (index: TableModel['indexes'][number]) => (t: TableModel) => ({ ...t, indexes: [...t.indexes, index] });
    const plain = { name: 't_x_idx', unique: false, method: 'btree', columns: [{ column: 'name' }], where: null };
    expect(select(add({ ...plain, columns: [{ expression: 'lower(name)' }] }))).toEqual(sent);
    expect(select(add({ ...plain, where: 'amount > 0' }))).toEqual(sent);
    expect(select(add({ ...plain, method: 'hash' }))).toEqual(sent);
    expect(select(add({ ...plain, include: ['amount'] }))).toEqual(sent);
    expect(select(add({ ...plain, columns: [{ column: 'name', order: 'DESC' }] }))).toEqual(sent);
    expect(select(add({ ...plain, columns: [{ column: 'missing' }] }))).toEqual(sent);
    expect(select(add({ ...plain, name: 'r' }))).toEqual(sent);
  });

  it('sends a table another object names, besides a foreign key’s target', () => {
    const view = {
      schema: 'public',
      name: 'v',
      definition: 'SELECT id FROM public.t',
      materialized: false,
    } as unknown as SchemaModel['views'][number];
    expect(select((t) => ({ ...t, columns: [...t.columns, column('note', 'text')] }), { views: [view] })).toMatchObject(
      {
        composed: [],
      },
    );
  });
});
