import { describe, expect, it } from 'vitest';
import { modelPicture } from '../../src/pictures/model-picture.js';
import { boxesOf } from '../../src/pictures/picture.js';
import { column, model, table } from '../helpers/models.js';

/** A foreign key from `columns` of a table to `ref`'s id. */
const fk = (name: string, columns: string[], refTable: string, refSchema = 'public') => ({
  name,
  columns,
  refSchema,
  refTable,
  refColumns: ['id'],
  onDelete: 'NO ACTION' as const,
  onUpdate: 'NO ACTION' as const,
});

const SHOP = model({
  enums: [{ schema: 'public', name: 'mood', values: ['happy', 'sad'] }],
  tables: [
    table('customers', {
      columns: [column('id', 'integer', { nullable: false }), column('email', 'text'), column('mood', 'public.mood')],
      uniques: [{ name: 'customers_email_key', columns: ['email'] }],
    }),
    table('orders', {
      columns: [column('id', 'integer', { nullable: false }), column('customer_id', 'integer', { nullable: false })],
      foreignKeys: [fk('orders_customer_id_fkey', ['customer_id'], 'customers')],
    }),
    table('lines', {
      columns: [column('id', 'integer', { nullable: false }), column('order_id', 'integer')],
      foreignKeys: [fk('lines_order_id_fkey', ['order_id'], 'orders')],
    }),
    table('settings'),
    { ...table('events'), schema: 'audit', foreignKeys: [fk('events_customer_fkey', ['id'], 'customers')] },
  ],
});

describe('modelPicture', () => {
  it('draws each table with its columns, types, keys and nullability, and each foreign key as an edge', () => {
    const picture = modelPicture(SHOP);
    const customers = picture.boxes.find((b) => b.id === 'public.customers')!;
    expect(customers.rows.map((r) => [r.name, r.detail, r.tags.join(' ')])).toEqual([
      ['id', 'integer', 'PK'],
      ['email', 'text', 'UQ null'],
      ['mood', 'public.mood', 'null'],
    ]);
    expect(picture.boxes.find((b) => b.id === 'public.orders')!.rows[1]!.tags).toEqual(['FK']);
    expect(picture.edges).toContainEqual(
      expect.objectContaining({
        from: 'public.orders',
        to: 'public.customers',
        kind: 'foreign-key',
        fromPort: 'customer_id',
        toPort: 'id',
      }),
    );
    // A column of an enum type points at the enum's box.
    expect(picture.edges).toContainEqual(
      expect.objectContaining({ from: 'public.customers', to: 'public.mood (enum)', kind: 'uses' }),
    );
    // A foreign key across schemas is drawn too.
    expect(picture.edges).toContainEqual(expect.objectContaining({ from: 'audit.events', to: 'public.customers' }));
  });

  it('groups by schema, and inside a schema by connected component', () => {
    const picture = modelPicture(SHOP);
    expect(picture.groups.map((g) => g.label)).toEqual(['public', 'audit']);
    const pub = picture.groups[0]!;
    // customers, orders, lines and the enum hang together; settings stands alone.
    expect(pub.groups.map((g) => [...g.boxes].sort())).toEqual([
      ['public.customers', 'public.lines', 'public.mood (enum)', 'public.orders'],
    ]);
    expect(pub.boxes).toEqual(['public.settings']);
    expect(picture.groups.flatMap(boxesOf).sort()).toEqual(picture.boxes.map((b) => b.id).sort());
  });

  it('--schema keeps one schema; --table keeps a table and what lies within --depth of it', () => {
    expect(modelPicture(SHOP, { schemas: ['audit'] }).boxes.map((b) => b.id)).toEqual(['audit.events']);
    const near = modelPicture(SHOP, { table: 'lines', depth: 1 });
    expect(near.boxes.map((b) => b.id).sort()).toEqual(['public.lines', 'public.orders']);
    expect(near.notes).toEqual(['4 more objects are further than 1 from public.lines']);
    const further = modelPicture(SHOP, { table: 'public.lines', depth: 2 });
    expect(further.boxes.map((b) => b.id).sort()).toEqual(['public.customers', 'public.lines', 'public.orders']);
  });

  it('refuses a table or schema the model lacks, and a name two schemas have', () => {
    expect(() => modelPicture(SHOP, { table: 'nothing' })).toThrow('--table nothing: no such table');
    expect(() => modelPicture(SHOP, { schemas: ['nowhere'] })).toThrow('--schema nowhere');
    const twice = model({ tables: [table('t'), { ...table('t'), schema: 'other' }] });
    expect(() => modelPicture(twice, { table: 't' })).toThrow('write SCHEMA.TABLE');
  });
});
