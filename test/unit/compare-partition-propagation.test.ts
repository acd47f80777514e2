import { describe, expect, it } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import type { Operation } from '../../src/ops/operation.js';
import { reverseOperations } from '../../src/ops/reverse.js';
import type { ColumnModel, ColumnOverrideModel, SchemaModel, TableModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';
import { uses } from '../helpers/models.js';

/** Changes on a partitioned table that reach its partitions (types, enum and domain replacements, defaults). */

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

function ev(amt: string, extra: Partial<TableModel> = {}): TableModel {
  const columns = [
    column('id', 'integer', { nullable: false }),
    column('at', 'date', { nullable: false }),
    column('amt', amt),
  ];
  return table('ev', { columns, partitionBy: 'RANGE (at)', ...extra });
}

function partition(
  name: string,
  of: string,
  overrides?: ColumnOverrideModel[],
  extra: Partial<TableModel> = {},
): TableModel {
  return table(name, {
    partitionOf: { schema: 'public', table: of, bound: `FOR VALUES IN ('${name}')` },
    ...(overrides === undefined ? {} : { columnOverrides: overrides }),
    ...extra,
  });
}

function model(tables: TableModel[], extra: Partial<SchemaModel> = {}): SchemaModel {
  return completeModel({ schemas: [], enums: [], tables, ...extra });
}

const kinds = (ops: readonly Operation[]): string[] =>
  ops.map((op) => (op.kind === 'alterColumn' ? `alterColumn ${op.table}.${op.column}` : op.kind));
const sql = (ops: readonly Operation[]): string[] => ops.flatMap((op) => compileOperation(op).map((s) => s.sql));

describe('compare: a retyped column of a partitioned table reaches its partitions', () => {
  const view = {
    schema: 'public',
    name: 'v1',
    materialized: false,
    definition: ' SELECT ev2.id, ev2.amt FROM public.ev2;',
    options: [],
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'amt', type: 'integer' },
    ],
    indexes: [],
    dependsOn: [{ schema: 'public', name: 'ev2' }],
  };

  it('drops and creates again a view reading the column from a partition two levels down', () => {
    const tables = (amt: string): TableModel[] => [
      ev(amt),
      partition('ev1', 'ev', undefined, { partitionBy: 'RANGE (at)' }),
      partition('ev2', 'ev1'),
    ];
    const ops = compareModels(model(tables('integer'), { views: [view] }), model(tables('bigint'), { views: [view] }));
    expect(kinds(ops)).toEqual(['dropView', 'alterColumn ev.amt', 'createView']);
  });

  it('drops and creates again the policies and triggers on a partition using the column', () => {
    const policy = {
      name: 'p_amt',
      permissive: true,
      command: 'ALL' as const,
      roles: ['public'],
      using: '(amt > 0)',
      withCheck: null,
    };
    const trigger = {
      schema: 'public',
      table: 'ev1',
      name: 'tr_amt',
      definition: 'CREATE TRIGGER tr_amt BEFORE UPDATE OF amt ON public.ev1 FOR EACH ROW EXECUTE FUNCTION public.tg()',
    };
    const tables = (amt: string): TableModel[] => [ev(amt), partition('ev1', 'ev', undefined, { policies: [policy] })];
    // The catalog records the partition's policy and trigger as users of the partition's own column.
    const dependencies = [uses('ev1', 'policy', 'p_amt', 'amt'), uses('ev1', 'trigger', 'tr_amt', 'amt')];
    const ops = compareModels(
      model(tables('integer'), { triggers: [trigger], dependencies }),
      model(tables('bigint'), { triggers: [trigger] }),
    );
    expect(kinds(ops)).toEqual(['dropPolicy', 'dropTrigger', 'alterColumn ev.amt', 'createTrigger', 'createPolicy']);
  });
});

describe('compare: enum and domain replacements keep partitions’ own defaults', () => {
  const enumTables = (p2: string): TableModel[] => [
    table('p', {
      columns: [column('at', 'date', { nullable: false }), column('s', 'public.st', { default: "'a'::public.st" })],
      partitionBy: 'LIST (at)',
    }),
    partition('p1', 'p', [{ name: 's', default: "'b'::public.st" }]),
    partition('p2', 'p', [{ name: 's', default: p2 }]),
    partition('p3', 'p'),
  ];

  it('carries each partition’s own default in the replacement and sets it after the parent’s, both ways', () => {
    const ops = compareModels(
      model(enumTables("'c'::public.st"), { enums: [{ schema: 'public', name: 'st', values: ['a', 'b', 'c'] }] }),
      model(enumTables("'a'::public.st"), { enums: [{ schema: 'public', name: 'st', values: ['b', 'a'] }] }),
    );
    expect(kinds(ops)).toEqual(['replaceEnum']);
    const up = sql(ops);
    expect(up.slice(2)).toEqual([
      'ALTER TABLE "public"."p1" ALTER COLUMN "s" DROP DEFAULT',
      'ALTER TABLE "public"."p2" ALTER COLUMN "s" DROP DEFAULT',
      'ALTER TABLE "public"."p" ALTER COLUMN "s" DROP DEFAULT',
      'ALTER TABLE "public"."p" ALTER COLUMN "s" TYPE public.st USING "s"::text::public.st',
      'ALTER TABLE "public"."p" ALTER COLUMN "s" SET DEFAULT \'a\'::public.st',
      'ALTER TABLE "public"."p1" ALTER COLUMN "s" SET DEFAULT \'b\'::public.st',
      'ALTER TABLE "public"."p2" ALTER COLUMN "s" SET DEFAULT \'a\'::public.st',
      'DROP TYPE "public"."st__athanor_old"',
    ]);
    expect(sql(reverseOperations(ops))).toContain(
      'ALTER TABLE "public"."p2" ALTER COLUMN "s" SET DEFAULT \'c\'::public.st',
    );
  });

  it('sets a partition’s own default again after a domain replacement set its parent’s', () => {
    const tables = [
      table('p', {
        columns: [column('at', 'date', { nullable: false }), column('s', 'public.d', { default: '1' })],
        partitionBy: 'LIST (at)',
      }),
      partition('p1', 'p', [{ name: 's', default: '2' }]),
      partition('p2', 'p'),
    ];
    const domain = (type: string): SchemaModel['domains'] => [
      { schema: 'public', name: 'd', type, default: null, notNull: false, checks: [] },
    ];
    const ops = compareModels(
      model(tables, { domains: domain('integer') }),
      model(structuredClone(tables), { domains: domain('bigint') }),
    );
    expect(kinds(ops)).toEqual(['replaceDomain']);
    const statements = sql(ops);
    const parentSet = statements.indexOf('ALTER TABLE "public"."p" ALTER COLUMN "s" SET DEFAULT 1');
    expect(parentSet).toBeGreaterThan(0);
    expect(statements.indexOf('ALTER TABLE "public"."p1" ALTER COLUMN "s" SET DEFAULT 2')).toBeGreaterThan(parentSet);
    expect(statements.some((s) => s.includes('"p1"') && s.includes(' TYPE '))).toBe(false);
  });
});

describe('compare: a partition’s own DEFAULT and NOT NULL survive its parent’s change both ways', () => {
  const parent = (s: string, w: boolean): TableModel =>
    table('p', {
      columns: [
        column('at', 'date', { nullable: false }),
        column('s', 'integer', { default: s }),
        column('w', 'integer', { nullable: !w }),
      ],
      partitionBy: 'LIST (at)',
    });

  it('sets the partition back after the reversed parent change in the downgrade', () => {
    const ops = compareModels(
      model([
        parent('1', false),
        partition('p1', 'p', [
          { name: 's', default: '2' },
          { name: 'w', notNull: true },
        ]),
      ]),
      model([parent('3', true), partition('p1', 'p', [{ name: 's', default: '2' }])]),
    );
    expect(kinds(ops)).toEqual([
      'alterColumn p1.s',
      'alterColumn p1.w',
      'alterColumn p.s',
      'alterColumn p.w',
      'alterColumn p1.s',
    ]);
    const down = reverseOperations(ops);
    expect(sql(down).slice(-2)).toEqual([
      'ALTER TABLE "public"."p1" ALTER COLUMN "w" SET NOT NULL',
      'ALTER TABLE "public"."p1" ALTER COLUMN "s" SET DEFAULT 2',
    ]);
  });

  it('adds nothing when the parent’s change leaves the partition’s values alone', () => {
    const ops = compareModels(
      model([parent('1', false), partition('p1', 'p', [{ name: 's', default: '2' }])]),
      model([parent('1', false), partition('p1', 'p', [{ name: 's', default: '5' }])]),
    );
    expect(kinds(ops)).toEqual(['alterColumn p1.s']);
  });
});
