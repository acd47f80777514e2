import { describe, expect, it } from 'vitest';
import { partitionIndexRenames, unsupportedIndexNameChanges } from '../helpers/compare.js';
import { compareModels, unsupportedChanges } from '../helpers/compare.js';
import { reverseOperations } from '../../src/ops/reverse.js';
import type { IndexModel, PartitionIndexNameModel, SchemaModel, TableModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';

function index(name: string, column: string): IndexModel {
  return { name, unique: false, method: 'btree', columns: [{ column }], where: null };
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

const parent = (...indexes: IndexModel[]): TableModel => table('events', { partitionBy: 'LIST (kind)', indexes });

function partition(indexNames?: PartitionIndexNameModel[], name = 'events_a', of = 'events'): TableModel {
  return table(name, {
    partitionOf: { schema: 'public', table: of, bound: "FOR VALUES IN ('a')" },
    ...(indexNames === undefined ? {} : { indexNames }),
  });
}

const named = (name: string): PartitionIndexNameModel[] => [{ parentIndex: 'events_kind_idx', name }];
const rename = (from: string, to: string) => ({ kind: 'renameIndex', schema: 'public', from, to });

describe('partitionIndexRenames', () => {
  const kind = index('events_kind_idx', 'kind');

  it("renames the index of a partition that stays, whose parent's index stays, from and to Postgres' default name", () => {
    expect(partitionIndexRenames([parent(kind), partition()], [parent(kind), partition(named('mine'))])).toEqual([
      rename('events_a_kind_idx', 'mine'),
    ]);
    expect(partitionIndexRenames([parent(kind), partition(named('mine'))], [parent(kind), partition()])).toEqual([
      rename('mine', 'events_a_kind_idx'),
    ]);
    expect(
      partitionIndexRenames([parent(kind), partition(named('mine'))], [parent(kind), partition(named('yours'))]),
    ).toEqual([rename('mine', 'yours')]);
  });

  it('names the default after the key and included columns, as Postgres does', () => {
    const covering: IndexModel = {
      ...index('events_kind_idx', 'kind'),
      columns: [{ column: 'kind' }, { expression: 'lower(note)' }],
      include: ['at'],
    };
    expect(
      partitionIndexRenames([parent(covering), partition(named('mine'))], [parent(covering), partition()]),
    ).toEqual([rename('mine', 'events_a_kind_lower_at_idx')]);
  });

  it("renames the index Postgres creates for a new parent index to the model's name", () => {
    expect(partitionIndexRenames([parent(), partition()], [parent(kind), partition(named('mine'))])).toEqual([
      rename('events_a_kind_idx', 'mine'),
    ]);
    const changed = index('events_kind_idx', 'id');
    expect(
      partitionIndexRenames([parent(kind), partition(named('mine'))], [parent(changed), partition(named('mine'))]),
    ).toEqual([rename('events_a_id_idx', 'mine')]);
  });

  it('follows a parent that is itself a partition to the index it has from its own parent', () => {
    const middle = partition(undefined, 'events_a');
    const leaf = (names?: PartitionIndexNameModel[]): TableModel => partition(names, 'events_a_1', 'events_a');
    const wanted = [{ parentIndex: 'events_a_kind_idx', name: 'leaf_kind' }];
    expect(partitionIndexRenames([parent(kind), middle, leaf()], [parent(kind), middle, leaf(wanted)])).toEqual([
      rename('events_a_1_kind_idx', 'leaf_kind'),
    ]);
  });

  it("matches a partition's index to its parent's index renamed in the same revision", () => {
    const middle = (names?: PartitionIndexNameModel[]): TableModel => partition(names, 'events_a');
    const leaf = (parentIndex: string): TableModel =>
      partition([{ parentIndex, name: 'leaf_kind' }], 'events_a_1', 'events_a');
    const current = [parent(kind), middle(named('middle ids')), leaf('middle ids')];
    const target = [parent(kind), middle(named('middle "kind"')), leaf('middle "kind"')];
    expect(partitionIndexRenames(current, target)).toEqual([rename('middle ids', 'middle "kind"')]);
    expect(unsupportedIndexNameChanges(current, target)).toEqual([]);
  });

  it('is quiet when the names stay, for a new partition, and when a recreated parent index gives back the default name', () => {
    const mine = partition(named('mine'));
    expect(partitionIndexRenames([parent(kind), mine], [parent(kind), structuredClone(mine)])).toEqual([]);
    expect(partitionIndexRenames([parent(kind)], [parent(kind), mine])).toEqual([]);
    expect(partitionIndexRenames([parent(kind), mine], [parent(index('events_kind_idx', 'id')), partition()])).toEqual(
      [],
    );
    expect(partitionIndexRenames([parent(kind), mine], [parent(), partition()])).toEqual([]);
    expect(unsupportedIndexNameChanges([parent(kind), partition()], [parent(kind), mine])).toEqual([]);
  });

  it('reports a name for an index its parent does not have, whose default name is unknown', () => {
    const middle = partition(undefined, 'events_a');
    const leaf = partition([{ parentIndex: 'nothing_idx', name: 'leaf_x' }], 'events_a_1', 'events_a');
    const plainLeaf = partition(undefined, 'events_a_1', 'events_a');
    expect(unsupportedIndexNameChanges([parent(kind), middle, plainLeaf], [parent(kind), middle, leaf])).toEqual([
      'table public.events_a_1: the model names its index attached to public.nothing_idx, which its parent does not have',
    ]);
    expect(partitionIndexRenames([parent(kind), middle, plainLeaf], [parent(kind), middle, leaf])).toEqual([]);
  });
});

describe('compareModels: partition index names', () => {
  const kind = index('events_kind_idx', 'kind');
  const model = (tables: TableModel[]): SchemaModel => completeModel({ schemas: ['public'], enums: [], tables });

  it('renames after the table changes, and reverses to the name it had', () => {
    const current = model([parent(kind), partition()]);
    const target = model([parent(kind, index('events_at_idx', 'at')), partition(named('mine'))]);
    const ops = compareModels(current, target);
    expect(ops.map((op) => op.kind)).toEqual(['createIndex', 'renameIndex']);
    expect(reverseOperations(ops)[0]).toEqual(rename('mine', 'events_a_kind_idx'));
    expect(unsupportedChanges(current, target)).toEqual([]);
  });

  it("renames a new parent index's partition index after the parent's index is created", () => {
    const ops = compareModels(model([parent(), partition()]), model([parent(kind), partition(named('mine'))]));
    expect(ops).toEqual([
      { kind: 'createIndex', schema: 'public', table: 'events', index: kind },
      rename('events_a_kind_idx', 'mine'),
    ]);
  });
});
