import { describe, expect, it } from 'vitest';
import { diffModels } from '../../src/autogen/compare.js';
import { renderModelSource } from '../../src/pull/render-model.js';
import { describeOperation } from '../../src/ops/describe.js';
import type { Operation } from '../../src/ops/operation.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import { qualifyStatisticsTable } from '../../src/pg/scratch/sql-qualify.js';
import { buildSchemaModel, defineMetadata, integer, sql, text } from '../../src/schema/index.js';
import type { SchemaModel, StatisticsModel } from '../../src/schema/model.js';
import { emptySchemaModel } from '../../src/schema/model-kinds.js';

const KIND_SIZE: StatisticsModel = {
  schema: 'public',
  name: 'items_kind_size',
  tableSchema: 'public',
  table: 'items',
  definition: 'CREATE STATISTICS public.items_kind_size (ndistinct) ON kind, size FROM public.items',
};

describe('DSL: statistics', () => {
  it("reads its name and table from the statement, each in the metadata's schema unless qualified", () => {
    const m = defineMetadata({ schema: 'app' });
    m.table('items', { id: integer(), kind: text(), size: integer() });
    m.statistics(sql`CREATE STATISTICS s1 ON kind, size FROM items`, { target: 300 });
    m.statistics(sql`create statistics "Stats"."S2" (mcv) on (lower(kind)), size from public.items`);
    expect(buildSchemaModel(m).statistics).toEqual([
      {
        schema: 'Stats',
        name: 'S2',
        tableSchema: 'public',
        table: 'items',
        definition: 'create statistics "Stats"."S2" (mcv) on (lower(kind)), size from public.items',
      },
      {
        schema: 'app',
        name: 's1',
        tableSchema: 'app',
        table: 'items',
        definition: 'CREATE STATISTICS s1 ON kind, size FROM items',
        target: 300,
      },
    ]);
    expect(buildSchemaModel(m).schemas).toEqual(['Stats', 'app']);
  });

  it('refuses a statement it cannot read, one without a name, IF NOT EXISTS, a bad target and a name declared twice', () => {
    const m = defineMetadata();
    expect(() => m.statistics(sql`CREATE INDEX i ON t (a)`)).toThrow(/expects a CREATE STATISTICS/);
    expect(() => m.statistics('CREATE STATISTICS s ON a, b FROM t' as never)).toThrow(/written as sql/);
    expect(() => m.statistics(sql`CREATE STATISTICS ON a, b FROM t`)).toThrow(/needs a name/);
    expect(() => m.statistics(sql`CREATE STATISTICS (ndistinct) ON a, b FROM t`)).toThrow(/needs a name/);
    expect(() => m.statistics(sql`CREATE STATISTICS IF NOT EXISTS s ON a, b FROM t`)).toThrow(/IF NOT EXISTS/);
    expect(() => m.statistics(sql`CREATE STATISTICS s ON a, b`)).toThrow(/expects a CREATE STATISTICS/);
    expect(() => m.statistics(sql`CREATE STATISTICS s ON a, b FROM t`, { target: 10001 })).toThrow(/0 to 10000/);
    m.statistics(sql`CREATE STATISTICS s ON a, b FROM t`);
    m.statistics(sql`CREATE STATISTICS s ON a, c FROM t`);
    expect(() => buildSchemaModel(m)).toThrow(/statistics object public.s: is declared twice/);
  });

  it("qualifies the table after the statement's own FROM, not an expression's", () => {
    expect(qualifyStatisticsTable('CREATE STATISTICS x.s ON (extract(year FROM at)), b FROM t', 'x')).toBe(
      'CREATE STATISTICS x.s ON (extract(year FROM at)), b FROM x.t',
    );
    expect(qualifyStatisticsTable('CREATE STATISTICS x.s ON a, b FROM y.t', 'x')).toBe(
      'CREATE STATISTICS x.s ON a, b FROM y.t',
    );
  });
});

describe('statistics operations', () => {
  it('reverse each other: a drop carries the object, an alter its target before', () => {
    const create: Operation = { kind: 'createStatistics', statistics: KIND_SIZE };
    const drop = reverseOperation(create);
    expect(drop).toEqual({ kind: 'dropStatistics', schema: 'public', name: 'items_kind_size', removed: KIND_SIZE });
    expect(reverseOperation(drop)).toEqual(create);
    const alter: Operation = {
      kind: 'alterStatistics',
      schema: 'public',
      name: 'items_kind_size',
      target: 50,
      from: null,
    };
    expect(reverseOperation(alter)).toEqual({ ...alter, target: null, from: 50 });
    expect(() => reverseOperation({ ...alter, from: undefined })).toThrow(/cannot be reversed/);
    expect([create, drop, alter].map(describeOperation)).toEqual([
      'create statistics public.items_kind_size',
      'drop statistics public.items_kind_size',
      'alter statistics public.items_kind_size: target (default) -> target 50',
    ]);
  });
});

describe('comparing statistics', () => {
  it('creates them after their table, drops them first, recreates a changed one and alters a changed target', () => {
    const ops = (a: SchemaModel, b: SchemaModel): Operation[] => diffModels(a, b).operations;
    expect(ops({ ...model([]), tables: [] }, model([KIND_SIZE])).map((op) => op.kind)).toEqual([
      'createTable',
      'createStatistics',
    ]);
    expect(ops(model([KIND_SIZE]), { ...model([]), tables: [] }).map((op) => op.kind)).toEqual([
      'dropStatistics',
      'dropTable',
    ]);
    const other = { ...KIND_SIZE, definition: KIND_SIZE.definition.replace('ndistinct', 'mcv') };
    expect(ops(model([KIND_SIZE]), model([other]))).toEqual([
      { kind: 'dropStatistics', schema: 'public', name: 'items_kind_size', removed: KIND_SIZE },
      { kind: 'createStatistics', statistics: other },
    ]);
    expect(ops(model([KIND_SIZE]), model([{ ...KIND_SIZE, target: 10 }]))).toEqual([
      { kind: 'alterStatistics', schema: 'public', name: 'items_kind_size', target: 10, from: null },
    ]);
    expect(ops(model([KIND_SIZE]), model([{ ...KIND_SIZE }]))).toEqual([]);
  });

  it('is written by pull as metadata.statistics(), with its target', () => {
    expect(renderModelSource(model([{ ...KIND_SIZE, target: 500 }]))).toContain(
      'metadata.statistics(sql`CREATE STATISTICS public.items_kind_size (ndistinct) ON kind, size FROM public.items`, { target: 500 });',
    );
  });
});

function model(statistics: StatisticsModel[]): SchemaModel {
  const column = (name: string, type: string) => ({ name, type, nullable: true, default: null, identity: null });
  return {
    ...emptySchemaModel(),
    tables: [
      {
        schema: 'public',
        name: 'items',
        columns: [column('id', 'integer'), column('kind', 'text'), column('size', 'integer')],
        primaryKey: null,
        foreignKeys: [],
        uniques: [],
        checks: [],
        indexes: [],
      },
    ],
    statistics,
  };
}
