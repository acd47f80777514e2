import { describe, expect, it } from 'vitest';
import { unsupportedIndexNameChanges } from '../../src/autogen/compare-partition-indexes.js';
import { unsupportedChanges } from '../../src/autogen/compare.js';
import type { IndexModel, PartitionIndexNameModel, SchemaModel, TableModel } from '../../src/schema/model.js';

function index(name: string, column: string): IndexModel {
  return { name, unique: false, method: 'btree', columns: [{ column }], where: null };
}

function table(name: string, extra: Partial<TableModel> = {}): TableModel {
  return { schema: 'public', name, columns: [], primaryKey: null, foreignKeys: [], uniques: [], checks: [], indexes: [], ...extra };
}

const parent = (...indexes: IndexModel[]): TableModel => table('events', { partitionBy: 'LIST (kind)', indexes });

function partition(indexNames?: PartitionIndexNameModel[]): TableModel {
  return table('events_a', {
    partitionOf: { schema: 'public', table: 'events', bound: "FOR VALUES IN ('a')" },
    ...(indexNames === undefined ? {} : { indexNames }),
  });
}

describe('unsupportedIndexNameChanges', () => {
  it("reports a renamed index of a partition that stays, whose parent's index stays", () => {
    const kind = index('events_kind_idx', 'kind');
    expect(unsupportedIndexNameChanges([parent(kind), partition()], [parent(kind), partition([{ parentIndex: 'events_kind_idx', name: 'mine' }])])).toEqual([
      `table public.events_a: its index attached to public.events_kind_idx will have Postgres' default name, the model names it "mine" ` +
        '(rename it by hand with ALTER INDEX ... RENAME TO ...)',
    ]);
    expect(unsupportedIndexNameChanges([parent(kind), partition([{ parentIndex: 'events_kind_idx', name: 'mine' }])], [parent(kind), partition()])).toHaveLength(1);
  });

  it("reports a name for a new parent index's partition index, which Postgres names itself", () => {
    const kind = index('events_kind_idx', 'kind');
    expect(unsupportedIndexNameChanges([parent(), partition()], [parent(kind), partition([{ parentIndex: 'events_kind_idx', name: 'mine' }])])).toHaveLength(1);
  });

  it('is quiet when the names stay, for a new partition, and when a recreated parent index gives back the default name', () => {
    const kind = index('events_kind_idx', 'kind');
    const named = partition([{ parentIndex: 'events_kind_idx', name: 'mine' }]);
    expect(unsupportedIndexNameChanges([parent(kind), named], [parent(kind), structuredClone(named)])).toEqual([]);
    expect(unsupportedIndexNameChanges([parent(kind)], [parent(kind), named])).toEqual([]);
    const changed = index('events_kind_idx', 'id');
    expect(unsupportedIndexNameChanges([parent(kind), named], [parent(changed), partition()])).toEqual([]);
  });
});

describe('unsupportedChanges', () => {
  it("names a partition index rename among the changes autogenerate leaves out", () => {
    const kind = index('events_kind_idx', 'kind');
    const model = (tables: TableModel[]): SchemaModel => ({ schemas: ['public'], enums: [], tables });
    const messages = unsupportedChanges(model([parent(kind), partition()]), model([parent(kind), partition([{ parentIndex: 'events_kind_idx', name: 'mine' }])]));
    expect(messages).toEqual([expect.stringContaining('the model names it "mine"')]);
  });
});
