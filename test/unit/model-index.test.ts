import { describe, expect, it } from 'vitest';
import { dependentsOf, modelIndex, sameParent, tableIndex, unanswered } from '../../src/schema/model-index.js';
import { idNameKey, objectId, partId, tableId, withIdSchema } from '../../src/schema/object-id.js';
import { constraintsOf, qualifiedKey, type TableModel } from '../../src/schema/model.js';
import { column, model, table, uses } from '../helpers/models.js';

/** The read-only index of one side: partitions resolved, objects by id, what uses what. */

function partition(name: string, of: string, extra: Partial<TableModel> = {}): TableModel {
  return table(name, {
    columns: [],
    primaryKey: null,
    partitionOf: { schema: 'public', table: of, bound: 'DEFAULT' },
    ...extra,
  });
}

const root = table('ev', {
  columns: [column('id', 'integer', { nullable: false }), column('amt', 'integer', { default: '0' })],
  partitionBy: 'RANGE (id)',
});
const middle = partition('ev1', 'ev', { partitionBy: 'RANGE (id)', columnOverrides: [{ name: 'amt', default: '1' }] });
const leaf = partition('ev1a', 'ev1', { columnOverrides: [{ name: 'amt', notNull: true }] });
const orphan = partition('lost', 'gone');
const tables = [leaf, root, orphan, middle];

describe('tableIndex', () => {
  const index = tableIndex(tables);

  it('finds a partition’s parent, ancestors and root, and the partitions under a table', () => {
    expect(index.parentOf(leaf)).toBe(middle);
    expect(index.ancestorKeys(leaf)).toEqual([index.parentKey(leaf), index.parentKey(middle)]);
    expect(index.root(leaf)).toBe(root);
    expect(index.root(root)).toBe(root);
    expect(index.partitionsOf(root)).toEqual([middle]);
    expect(index.partitionsOf(middle)).toEqual([leaf]);
    expect(index.partitionsOf(leaf)).toEqual([]);
  });

  it('names a parent the side lacks last, and has no root nor columns for its partition', () => {
    expect(index.ancestorKeys(orphan)).toEqual([index.parentKey(orphan)]);
    expect(index.parentOf(orphan)).toBeUndefined();
    expect(index.root(orphan)).toBeUndefined();
    expect(index.effectiveColumns(orphan)).toEqual([]);
  });

  it('gives a partition its root’s columns with each partition’s own DEFAULT and NOT NULL on the way down', () => {
    expect(index.effectiveColumns(root)).toBe(root.columns);
    expect(index.effectiveColumns(middle).find((c) => c.name === 'amt')).toMatchObject({
      default: '1',
      nullable: true,
    });
    expect(index.effectiveColumns(leaf).find((c) => c.name === 'amt')).toMatchObject({ default: '1', nullable: false });
  });

  it('stops at a cycle of a broken model', () => {
    const a = partition('a', 'b');
    const b = partition('b', 'a');
    const broken = tableIndex([a, b]);
    expect(broken.ancestorKeys(a)).toEqual([broken.parentKey(a)]);
    expect(broken.effectiveColumns(a)).toEqual([]);
  });

  it('is built once per list', () => {
    expect(tableIndex(tables)).toBe(index);
    expect(tableIndex([...tables])).not.toBe(index);
  });
});

describe('constraintsOf', () => {
  it('lists a table’s constraints with their kind, in the order CREATE TABLE writes them', () => {
    const t = table('t', {
      foreignKeys: [
        {
          name: 'a_fk',
          columns: ['id'],
          refSchema: 'public',
          refTable: 'u',
          refColumns: ['id'],
          onDelete: 'NO ACTION',
          onUpdate: 'NO ACTION',
        },
      ],
      uniques: [{ name: 'b_key', columns: ['id'] }],
      checks: [{ name: 'c_check', expression: '(id > 0)' }],
    });
    expect(constraintsOf(t).map((c) => [c.type, c.name])).toEqual([
      ['primaryKey', 't_pkey'],
      ['unique', 'b_key'],
      ['check', 'c_check'],
      ['foreignKey', 'a_fk'],
    ]);
    expect(constraintsOf(table('v', { primaryKey: null }))).toEqual([]);
  });
});

describe('sameParent', () => {
  it('holds for a partition under the same parent on both sides, and for two tables under none', () => {
    expect(sameParent(middle, partition('ev1', 'ev'))).toBe(true);
    expect(sameParent(root, root)).toBe(true);
    expect(sameParent(middle, partition('ev1', 'other'))).toBe(false);
    expect(sameParent(middle, table('ev1'))).toBe(false);
  });
});

describe('modelIndex', () => {
  const side = model({
    tables,
    enums: [{ schema: 'public', name: 'mood', values: ['a'] }],
    dependencies: [uses('ev', 'index', 'ev_amt_idx', 'amt')],
  });
  const index = modelIndex(side);

  it('has every object by id, a partition’s columns included', () => {
    expect(index.object(objectId('enum', 'public', 'mood'))).toBe(side.enums[0]);
    expect(index.object(partId('table', root, ''))).toBeUndefined();
    expect(index.object(objectId('table', 'public', 'ev'))).toBe(root);
    expect(index.has(partId('column', leaf, 'amt'))).toBe(true);
    expect(index.has(partId('column', leaf, 'nope'))).toBe(false);
  });

  it('says what uses what, as the catalog recorded it', () => {
    const amt = partId('column', root, 'amt');
    expect(index.usersOf(amt)).toEqual([partId('index', root, 'ev_amt_idx')]);
    expect(index.usersOf(partId('column', root, 'id'))).toEqual([]);
    expect(index.usersOf(partId('index', root, 'ev_amt_idx'))).toEqual([]);
    expect(modelIndex(model({ tables })).usersOf(amt)).toEqual([]);
  });

  it('counts a partition key as its table using each column the server recorded it uses, among the other users', () => {
    const keyed = { ...root, partitionKeyColumns: ['amt', 'id'] };
    const found = dependentsOf({ dependencies: side.dependencies, tables: [keyed] });
    expect(found.usersOf(partId('column', root, 'amt'))).toEqual([partId('index', root, 'ev_amt_idx'), tableId(root)]);
    expect(found.usersOf(partId('column', root, 'id'))).toEqual([tableId(root)]);
    expect(dependentsOf({ dependencies: undefined, tables: [root] }).usersOf(partId('column', root, 'id'))).toEqual([]);
  });

  it('answers what uses what for part of a model as for the whole of it', () => {
    const amt = partId('column', root, 'amt');
    expect(dependentsOf({ dependencies: side.dependencies, tables: side.tables }).usersOf(amt)).toEqual(
      index.usersOf(amt),
    );
    expect(dependentsOf(side)).toBe(dependentsOf(side));
  });

  it('counts the questions asked of a model that has not read what uses what, and only those', () => {
    const before = unanswered();
    index.usersOf(partId('column', root, 'amt'));
    expect(unanswered()).toBe(before);
    modelIndex(model({ tables, dependencies: undefined })).usersOf(partId('column', root, 'amt'));
    expect(unanswered()).toBe(before + 1);
  });

  it('counts a question about a table whose uses a reading limited to other tables left out, and only those', () => {
    const scoped = model({ tables, dependencies: side.dependencies, dependencyTables: [qualifiedKey('public', 'ev')] });
    const before = unanswered();
    expect(modelIndex(scoped).usersOf(partId('column', root, 'amt'))).toEqual([partId('index', root, 'ev_amt_idx')]);
    modelIndex(scoped).usersOf(objectId('routine', 'public', 'f', 'integer'));
    modelIndex(scoped).usersOf(objectId('enum', 'public', 'mood'));
    expect(unanswered()).toBe(before);
    modelIndex(scoped).usersOf(partId('column', leaf, 'amt'));
    modelIndex(scoped).usersOf(partId('constraint', leaf, 'ev1a_pkey'));
    expect(unanswered()).toBe(before + 2);
  });

  it('names the table of an id of a part of it, and moves an id to another schema', () => {
    expect(idNameKey(partId('column', root, 'amt'))).toBe(qualifiedKey('public', 'ev'));
    expect(idNameKey(objectId('enum', 'public', 'mood'))).toBe(qualifiedKey('public', 'mood'));
    const moved = withIdSchema(partId('column', root, 'amt'), (name) => (name === 'public' ? 'tenant' : name));
    expect(moved).toBe(partId('column', { schema: 'tenant', name: 'ev' }, 'amt'));
  });
});
