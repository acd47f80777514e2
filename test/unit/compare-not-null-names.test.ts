import { describe, expect, it } from 'vitest';
import { notNullRenames, unsupportedNotNullNames } from '../helpers/compare.js';
import { compareModels } from '../helpers/compare.js';
import { reverseOperations } from '../../src/ops/reverse.js';
import type { ColumnModel, ColumnOverrideModel, SchemaModel, TableModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';

function column(name: string, nullable: boolean, notNullName?: string): ColumnModel {
  return {
    name,
    type: 'integer',
    nullable,
    default: null,
    identity: null,
    ...(notNullName === undefined ? {} : { notNullName }),
  };
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

const plain = (...columns: ColumnModel[]): TableModel => table('t', { columns });
const parent = (...columns: ColumnModel[]): TableModel => table('p', { columns, partitionBy: 'LIST (k)' });
function partition(overrides?: ColumnOverrideModel[], name = 'p_a'): TableModel {
  return table(name, {
    partitionOf: { schema: 'public', table: 'p', bound: 'FOR VALUES IN (1)' },
    ...(overrides === undefined ? {} : { columnOverrides: overrides }),
  });
}
const rename = (tableName: string, from: string, to: string) => ({
  kind: 'renameObject',
  object: 'constraint',
  schema: 'public',
  table: tableName,
  from,
  to,
});
const model = (...tables: TableModel[]): SchemaModel => completeModel({ schemas: [], enums: [], tables });

describe('notNullRenames', () => {
  it("renames a table's NOT NULL constraint from and to Postgres' name, before the table changes", () => {
    expect(notNullRenames([plain(column('a', false))], [plain(column('a', false, 'a_nn'))])).toEqual({
      early: [rename('t', 't_a_not_null', 'a_nn')],
      late: [],
    });
    expect(notNullRenames([plain(column('a', false, 'a_nn'))], [plain(column('a', false))]).early).toEqual([
      rename('t', 'a_nn', 't_a_not_null'),
    ]);
    expect(notNullRenames([plain(column('a', false, 'x'))], [plain(column('a', false, 'x'))])).toEqual({
      early: [],
      late: [],
    });
  });

  it("names a column that becomes NOT NULL after SET NOT NULL gave it Postgres' name, and the downgrade renames it back first", () => {
    const ops = compareModels(
      { ...model(plain(column('a', true))), notNullNames: true },
      model(plain(column('a', false, 'a_nn'))),
    );
    expect(ops.map((op) => op.kind)).toEqual(['alterColumn', 'renameObject']);
    expect(ops[1]).toEqual(rename('t', 't_a_not_null', 'a_nn'));
    expect(reverseOperations(ops).map((op) => op.kind)).toEqual(['renameObject', 'alterColumn']);
    // Before PostgreSQL 18 the reflection has no names, and nothing is renamed.
    expect(
      compareModels(model(plain(column('a', true))), model(plain(column('a', false, 'a_nn')))).map((op) => op.kind),
    ).toEqual(['alterColumn']);
  });

  it("renames a named constraint to Postgres' name before DROP NOT NULL, so the downgrade's SET NOT NULL can rename it back", () => {
    expect(notNullRenames([plain(column('a', false, 'x'))], [plain(column('a', true))])).toEqual({
      early: [rename('t', 'x', 't_a_not_null')],
      late: [],
    });
    expect(notNullRenames([plain(column('a', false))], [plain(column('a', true))])).toEqual({ early: [], late: [] });
  });

  it('leaves nullable columns, new columns and new tables to their definitions', () => {
    expect(notNullRenames([plain()], [plain(column('a', false, 'x'))])).toEqual({ early: [], late: [] });
    expect(notNullRenames([], [plain(column('a', false, 'x'))])).toEqual({ early: [], late: [] });
  });

  it("renames a partition's own NOT NULL constraint early, and reports one a parent's SET NOT NULL makes inherited", () => {
    const current = [parent(column('a', true)), partition([{ name: 'a', notNull: true }])];
    expect(
      notNullRenames(current, [
        parent(column('a', true)),
        partition([{ name: 'a', notNull: true, notNullName: 'mine' }]),
      ]).early,
    ).toEqual([rename('p_a', 'p_a_a_not_null', 'mine')]);
    expect(notNullRenames(current, [parent(column('a', false)), partition()]).early).toEqual([]);
    expect(unsupportedNotNullNames(current, [parent(column('a', false)), partition()])).toEqual([
      "the NOT NULL constraint p_a_a_not_null of partition public.p_a.a keeps its name when its parent's column becomes NOT NULL, and cannot be renamed to p_a_not_null then; detach, drop and create the partition again to name it",
    ]);
  });

  it("follows a parent's rename into its partitions without renaming them", () => {
    const current = [parent(column('a', false)), partition()];
    expect(notNullRenames(current, [parent(column('a', false, 'a_nn')), partition()]).early).toEqual([
      rename('p', 'p_a_not_null', 'a_nn'),
    ]);
    expect(unsupportedNotNullNames(current, [parent(column('a', false, 'a_nn')), partition()])).toEqual([]);
  });

  it("reports an inherited constraint's new name, and a parent's rename that a partition naming its own would refuse", () => {
    const current = [parent(column('a', false)), partition()];
    const named = [parent(column('a', false)), partition([{ name: 'a', notNullName: 'mine' }])];
    expect(notNullRenames(current, named)).toEqual({ early: [], late: [] });
    expect(unsupportedNotNullNames(current, named)).toEqual([
      'the NOT NULL constraint p_a_not_null of partition public.p_a.a is inherited from its parent and cannot be renamed to mine; detach, drop and create the partition again to name it',
    ]);
    const renamed = [parent(column('a', false, 'a_nn')), partition([{ name: 'a', notNullName: 'mine' }])];
    expect(notNullRenames(named, renamed)).toEqual({ early: [], late: [] });
    expect(unsupportedNotNullNames(named, renamed)).toEqual([
      'the NOT NULL constraint p_a_not_null of public.p.a cannot be renamed to a_nn: Postgres renames it in every partition too, and partition public.p_a names its own otherwise',
    ]);
  });

  it("renames a table's constraints to its parent's before it is attached", () => {
    const loose = table('p_a', { columns: [column('a', false)] });
    expect(notNullRenames([parent(column('a', false)), loose], [parent(column('a', false)), partition()]).late).toEqual(
      [rename('p_a', 'p_a_a_not_null', 'p_a_not_null')],
    );
  });

  it("keeps a partition's own NOT NULL both ways when its parent's is dropped, so that the downgrade keeps its name", () => {
    const current = [parent(column('a', false)), partition([{ name: 'a', notNullName: 'p_a_a_not_null' }])];
    const target = [parent(column('a', true)), partition([{ name: 'a', notNull: true }])];
    const ops = compareModels({ ...model(...current), notNullNames: true }, model(...target));
    // Set first as well, so that a constraint the partition was attached with is its own and outlives the parent's.
    const kept = { to: { nullable: false }, from: { nullable: false } };
    expect(ops).toEqual([
      { kind: 'alterColumn', schema: 'public', table: 'p_a', column: 'a', ...kept },
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'p',
        column: 'a',
        to: { nullable: true },
        from: { nullable: false },
      },
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 'p_a',
        column: 'a',
        to: { nullable: false },
        from: { nullable: false },
      },
    ]);
    // Its reverse sets NOT NULL before the parent's SET NOT NULL takes the constraint over.
    expect(reverseOperations(ops)[0]).toEqual(ops[2]);
    // Under its parent's name, or before PostgreSQL 18, the partition's step is the change the comparison sees.
    const inherited = [parent(column('a', false)), partition()];
    for (const reflected of [{ ...model(...inherited), notNullNames: true as const }, model(...current)])
      expect(compareModels(reflected, model(...target))[1]).toMatchObject({ from: { nullable: true } });
  });

  it("expects SET NOT NULL to add a number to Postgres' name when a constraint of the schema has it", () => {
    const x = table('x', { columns: [column('a', false, 't_a_not_null')] });
    const compare = (current: TableModel[], target: TableModel[]) =>
      compareModels({ ...model(...current), notNullNames: true }, model(...target));
    // SET NOT NULL names it t_a_not_null1, as the model does: nothing to rename, either way.
    expect(compare([x, plain(column('a', true))], [x, plain(column('a', false, 't_a_not_null1'))])).toEqual([
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 't',
        column: 'a',
        to: { nullable: false },
        from: { nullable: true },
      },
    ]);
    expect(compare([x, plain(column('a', false, 't_a_not_null1'))], [x, plain(column('a', true))])).toHaveLength(1);
    // The model wants the name x has: renamed after SET NOT NULL.
    expect(compare([x, plain(column('a', true))], [x, plain(column('a', false))])[1]).toEqual(
      rename('t', 't_a_not_null1', 't_a_not_null'),
    );
  });
});
