import { describe, expect, it } from 'vitest';
import { defineMetadata, index, integer, sql, text, type Metadata } from '../../src/index.js';
import { buildSchemaModel } from '../../src/schema/build/build.js';
import { describeOperation } from '../../src/ops/describe.js';
import { reverseOperations } from '../../src/ops/reverse.js';
import { compareModels } from '../helpers/compare.js';
import type { SchemaModel } from '../../src/schema/model.js';

function build(declare: (m: Metadata) => void): SchemaModel {
  const metadata = defineMetadata();
  declare(metadata);
  return buildSchemaModel(metadata);
}

const orders =
  (clusterOn: string | undefined, columns: readonly ('customer' | 'placed')[] = ['customer']) =>
  (m: Metadata) =>
    m.table(
      'orders',
      { id: integer().primaryKey(), customer: integer(), placed: text() },
      { indexes: [index(columns, { name: 'orders_customer' })], ...(clusterOn === undefined ? {} : { clusterOn }) },
    );

describe('the clusterOn table option', () => {
  it("names an index or key of its table, else is refused in one line; a partitioned table's is refused", () => {
    expect(build(orders('orders_customer')).tables[0]!.clusterOn).toBe('orders_customer');
    expect(build(orders('orders_pkey')).tables[0]!.clusterOn).toBe('orders_pkey');
    expect(() => build(orders('nope'))).toThrow(
      /clusterOn: the table has no index or key "nope" \(its indexes and keys: orders_pkey, orders_customer\)/,
    );
    expect(() =>
      build((m) =>
        m.table(
          'events',
          { id: integer(), at: text() },
          { partitionBy: sql`LIST (at)`, indexes: [index(['id'], { name: 'events_id' })], clusterOn: 'events_id' },
        ),
      ),
    ).toThrow(/clusterOn: a partitioned table has none; set it on its partitions/);
  });

  it('is marked, moved and unmarked by setClusterOn, and marked again on an index built again; each reverses', () => {
    const none = build(orders(undefined));
    const onIndex = build(orders('orders_customer'));
    const onKey = build(orders('orders_pkey'));
    const described = (from: SchemaModel, to: SchemaModel): string[] => compareModels(from, to).map(describeOperation);
    expect(described(none, onIndex)).toEqual(['set cluster index of public.orders: none -> orders_customer']);
    expect(described(onIndex, onKey)).toEqual(['set cluster index of public.orders: orders_customer -> orders_pkey']);
    expect(described(onKey, none)).toEqual(['set cluster index of public.orders: orders_pkey -> none']);
    const rebuilt = build(orders('orders_customer', ['customer', 'placed']));
    const ops = compareModels(onIndex, rebuilt);
    expect(ops.map(describeOperation)).toContain(
      'set cluster index of public.orders: orders_customer -> orders_customer',
    );
    expect(ops.findIndex((op) => op.kind === 'createIndex')).toBeLessThan(
      ops.findIndex((op) => op.kind === 'setClusterOn'),
    );
    expect(reverseOperations(compareModels(none, onIndex)).map(describeOperation)).toEqual([
      'set cluster index of public.orders: orders_customer -> none',
    ]);
  });
});
