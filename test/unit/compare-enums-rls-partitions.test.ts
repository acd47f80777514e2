import { describe, expect, it } from 'vitest';
import { compareModels, unsupportedChanges } from '../../src/autogen/compare.js';
import { renderOperations } from '../../src/autogen/render-operations.js';
import type { Operation, OperationOf } from '../../src/ops/operation.js';
import { reverseOperation, reverseOperations } from '../../src/ops/reverse.js';
import type { ColumnModel, EnumModel, PolicyModel, SchemaModel, TableModel, TriggerModel, ViewModel } from '../../src/schema/model.js';

function column(name: string, type = 'integer', extra: Partial<ColumnModel> = {}): ColumnModel {
  return { name, type, nullable: true, default: null, identity: null, ...extra };
}

function table(name: string, extra: Partial<TableModel> = {}): TableModel {
  return {
    schema: 'public',
    name,
    columns: [column('id', 'integer', { nullable: false })],
    primaryKey: { name: `${name}_pkey`, columns: ['id'] },
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
    ...extra,
  };
}

function model(parts: Partial<SchemaModel> = {}): SchemaModel {
  return { schemas: [], enums: [], tables: [], ...parts };
}

const mood = (values: string[]): EnumModel => ({ schema: 'public', name: 'mood', values });

function person(moodDefault: string | null, extra: Partial<TableModel> = {}): TableModel {
  return table('person', {
    columns: [
      column('id', 'integer', { nullable: false }),
      column('m', 'public.mood', { default: moodDefault }),
      column('ms', 'public.mood[]'),
    ],
    ...extra,
  });
}

const kinds = (ops: Operation[]): string[] => ops.map((op) => op.kind);

describe('compareModels: enum values', () => {
  it('renames a value when one position holds a new value, and lets defaults follow it', () => {
    const current = model({ enums: [mood(['a', 'b', 'c'])], tables: [person("'b'::public.mood")] });
    const target = model({ enums: [mood(['a', 'x', 'c'])], tables: [person("'x'::public.mood")] });
    expect(compareModels(current, target)).toEqual([{ kind: 'renameEnumValue', schema: 'public', name: 'mood', from: 'b', to: 'x' }]);
  });

  it('keeps what a drop removes as it read before the rename', () => {
    const current = model({ enums: [mood(['a', 'b'])], tables: [person("'b'::public.mood"), table('gone', { columns: [column('m', 'public.mood', { default: "'b'::public.mood" })] })] });
    const target = model({ enums: [mood(['a', 'x'])], tables: [person("'x'::public.mood")] });
    const ops = compareModels(current, target);
    const drop = ops.find((op) => op.kind === 'dropTable') as OperationOf<'dropTable'>;
    expect(drop.removed?.columns[0]?.default).toBe("'b'::public.mood");
    expect(kinds(ops)).toEqual(['dropTable', 'renameEnumValue']);
  });

  it('replaces an enum whose values are reordered or removed, converting the columns that stay', () => {
    const current = model({ enums: [mood(['a', 'b', 'c'])], tables: [person("'b'::public.mood"), table('gone', { columns: [column('m', 'public.mood')] })] });
    const target = model({ enums: [mood(['c', 'a'])], tables: [person("'a'::public.mood")] });
    const ops = compareModels(current, target);
    expect(kinds(ops)).toEqual(['dropTable', 'replaceEnum']);
    const replace = ops[1] as OperationOf<'replaceEnum'>;
    expect(replace).toMatchObject({
      schema: 'public',
      name: 'mood',
      from: ['a', 'b', 'c'],
      to: ['c', 'a'],
      columns: [
        { schema: 'public', table: 'person', column: 'm', type: 'public.mood', default: { from: "'b'::public.mood", to: "'a'::public.mood" } },
        { schema: 'public', table: 'person', column: 'ms', type: 'public.mood[]' },
      ],
    });
    expect(replace.note).toContain("removes 'b'");
    expect(replace.note).toContain('Rows holding a removed value make this step fail');
    expect(unsupportedChanges(current, target)).toEqual([]);
  });

  it('reverses a replacement with the same sequence back', () => {
    const current = model({ enums: [mood(['a', 'b'])], tables: [person("'b'::public.mood")] });
    const target = model({ enums: [mood(['b', 'a'])], tables: [person("'a'::public.mood")] });
    const [replace] = compareModels(current, target) as [OperationOf<'replaceEnum'>];
    const back = reverseOperation(replace) as OperationOf<'replaceEnum'>;
    expect(back).toMatchObject({ kind: 'replaceEnum', from: ['b', 'a'], to: ['a', 'b'] });
    expect(back.columns[0]?.default).toEqual({ from: "'a'::public.mood", to: "'b'::public.mood" });
    expect(back.note).toContain('reorders its values');
  });

  it('adds values that carry what their reverse, a replacement without them, needs', () => {
    const current = model({ enums: [mood(['b'])], tables: [person("'b'::public.mood")] });
    const target = model({ enums: [mood(['a', 'b', 'c'])], tables: [person("'b'::public.mood")] });
    const ops = compareModels(current, target) as OperationOf<'addEnumValue'>[];
    expect(ops.map((op) => [op.value, op.before, op.after])).toEqual([
      ['a', 'b', undefined],
      ['c', undefined, 'b'],
    ]);
    const down = reverseOperations(ops) as OperationOf<'replaceEnum'>[];
    expect(down.map((op) => [op.from, op.to])).toEqual([
      [['a', 'b', 'c'], ['a', 'b']],
      [['a', 'b'], ['b']],
    ]);
    expect(down[0]?.columns.map((c) => c.column)).toEqual(['m', 'ms']);
  });

  it('creates a new enum before the column that uses it, and drops an enum after the table that used it', () => {
    const withMood = table('t', { columns: [...table('t').columns, column('m', 'public.mood')] });
    const up = compareModels(model({ tables: [table('t')] }), model({ enums: [mood(['a'])], tables: [withMood] }));
    expect(kinds(up)).toEqual(['createEnum', 'addColumn']);
    const down = compareModels(model({ enums: [mood(['a'])], tables: [person(null)] }), model());
    expect(kinds(down)).toEqual(['dropTable', 'dropEnum']);
  });

  describe('a replaced enum used by views, checks, indexes, policies and triggers', () => {
    const personView = (definition: string, name = 'person_view'): ViewModel => ({
      schema: 'public',
      name,
      materialized: false,
      definition,
      options: [],
      columns: [{ name: 'id', type: 'integer' }],
      indexes: [],
      dependsOn: [{ schema: 'public', name: 'person' }],
    });
    const unrelated: ViewModel = { ...personView(' SELECT 1 AS id;', 'one'), dependsOn: [] };
    const trigger: TriggerModel = {
      schema: 'public',
      table: 'person',
      name: 'person_m',
      definition: 'CREATE TRIGGER person_m BEFORE UPDATE OF m ON public.person FOR EACH ROW EXECUTE FUNCTION public.f()',
    };
    const policy = (using: string): PolicyModel => ({ name: 'seen', permissive: true, command: 'SELECT', roles: ['public'], using, withCheck: null });
    const side = (values: string[], check: string): SchemaModel =>
      model({
        enums: [mood(values)],
        tables: [
          person(null, {
            checks: [
              { name: 'person_id_check', expression: '(id > 0)' },
              { name: 'person_m_check', expression: check },
            ],
            indexes: [
              { name: 'person_a_idx', unique: false, method: 'btree', columns: [{ column: 'id' }], where: "(m = 'a'::public.mood)" },
              { name: 'person_id_idx', unique: false, method: 'btree', columns: [{ column: 'id' }], where: null },
            ],
            policies: [policy("(m <> 'a'::public.mood)")],
          }),
        ],
        views: [personView(' SELECT person.id FROM public.person;'), unrelated],
        triggers: [trigger],
      });
    const current = side(['a', 'b', 'c'], "(m <> 'c'::public.mood)");
    const target = side(['a', 'b'], "(m <> 'b'::public.mood)");

    it('drops them before the replacement and creates them after it, the changed check in its target form', () => {
      const ops = compareModels(current, target);
      expect(kinds(ops)).toEqual([
        'dropPolicy',
        'dropTrigger',
        'dropView',
        'dropConstraint',
        'dropIndex',
        'replaceEnum',
        'addConstraint',
        'createIndex',
        'createView',
        'createTrigger',
        'createPolicy',
      ]);
      const names = ops.map((op) => ('name' in op ? op.name : ''));
      expect(names.slice(3, 5)).toEqual(['person_m_check', 'person_a_idx']);
      const added = ops[6] as OperationOf<'addConstraint'>;
      expect(added.constraint).toEqual({ type: 'check', name: 'person_m_check', expression: "(m <> 'b'::public.mood)" });
      const replace = ops[5] as OperationOf<'replaceEnum'>;
      expect(replace.note?.split('\n').at(-1)).toBe(
        'Dropped before it and created again after it, since they use public.mood or a column it converts: view public.person_view, ' +
          'check person_m_check on public.person, index person_a_idx on public.person, policy seen on public.person, trigger person_m on public.person.',
      );
    });

    it('gives a downgrade that drops them again around its own replacement', () => {
      const down = reverseOperations(compareModels(current, target));
      expect(kinds(down)).toEqual([
        'dropPolicy',
        'dropTrigger',
        'dropView',
        'dropIndex',
        'dropConstraint',
        'replaceEnum',
        'createIndex',
        'addConstraint',
        'createView',
        'createTrigger',
        'createPolicy',
      ]);
      expect((down[4] as OperationOf<'dropConstraint'>).removed).toEqual({ type: 'check', name: 'person_m_check', expression: "(m <> 'b'::public.mood)" });
      expect(compareModels(target, target)).toEqual([]);
    });

    it('drops and creates them around an addition, so that its downgrade replaces the enum between them', () => {
      const ops = compareModels(target, side(['a', 'b', 'd'], "(m <> 'b'::public.mood)"));
      const around = ['dropPolicy', 'dropTrigger', 'dropView', 'dropConstraint', 'dropIndex'];
      const back = ['addConstraint', 'createIndex', 'createView', 'createTrigger', 'createPolicy'];
      expect(kinds(ops)).toEqual([...around, 'addEnumValue', ...back]);
      const down = reverseOperations(ops);
      expect(kinds(down)).toEqual(['dropPolicy', 'dropTrigger', 'dropView', 'dropIndex', 'dropConstraint', 'replaceEnum', 'createIndex', 'addConstraint', 'createView', 'createTrigger', 'createPolicy']);
    });

    it('keeps the lines naming them in the note of the downgrade\'s replacement', () => {
      const replace = compareModels(current, target).find((op) => op.kind === 'replaceEnum') as OperationOf<'replaceEnum'>;
      const back = reverseOperation(replace) as OperationOf<'replaceEnum'>;
      expect(back.note?.split('\n')[0]).toContain("This change puts back 'c', undoing a replacement");
      expect(back.note?.split('\n').at(-1)).toBe(replace.note?.split('\n').at(-1));
    });
  });
});

const own: PolicyModel = { name: 'own', permissive: true, command: 'ALL', roles: ['public'], using: '(owner = CURRENT_USER)', withCheck: null };
const doc = (extra: Partial<TableModel> = {}): TableModel =>
  table('doc', { columns: [column('id', 'integer', { nullable: false }), column('owner', 'text')], ...extra });

describe('compareModels: row-level security and policies', () => {
  it('switches row-level security, with what it was before', () => {
    expect(compareModels(model({ tables: [doc()] }), model({ tables: [doc({ rowLevelSecurity: { enabled: true, forced: false } })] }))).toEqual([
      { kind: 'setRowLevelSecurity', schema: 'public', table: 'doc', to: { enabled: true, forced: false }, from: { enabled: false, forced: false } },
    ]);
  });

  it('drops policies first and creates them last; a changed policy is dropped and created', () => {
    const changed = { ...own, using: '(owner = SESSION_USER)' };
    const current = model({ tables: [doc({ policies: [own], columns: [...doc().columns, column('old', 'text')] })] });
    const target = model({ tables: [doc({ policies: [changed], columns: [...doc().columns, column('new', 'text')] })] });
    expect(compareModels(current, target)).toEqual([
      { kind: 'dropPolicy', schema: 'public', table: 'doc', name: 'own', removed: own },
      { kind: 'dropColumn', schema: 'public', table: 'doc', column: 'old', removed: column('old', 'text') },
      { kind: 'addColumn', schema: 'public', table: 'doc', column: column('new', 'text') },
      { kind: 'createPolicy', schema: 'public', table: 'doc', policy: changed },
    ]);
  });

  it('creates a new table without its policies, then the policies; drops them before a dropped table', () => {
    const withPolicy = doc({ rowLevelSecurity: { enabled: true, forced: false }, policies: [own] });
    const up = compareModels(model(), model({ tables: [withPolicy] }));
    expect(kinds(up)).toEqual(['createTable', 'createPolicy']);
    expect((up[0] as OperationOf<'createTable'>).table.policies).toBeUndefined();
    expect((up[0] as OperationOf<'createTable'>).table.rowLevelSecurity).toEqual({ enabled: true, forced: false });
    const down = compareModels(model({ tables: [withPolicy] }), model());
    expect(kinds(down)).toEqual(['dropPolicy', 'dropTable']);
    expect((down[1] as OperationOf<'dropTable'>).removed?.policies).toBeUndefined();
  });
});

const parent = table('event', {
  columns: [column('id', 'integer', { nullable: false }), column('at', 'date', { nullable: false })],
  primaryKey: { name: 'event_pkey', columns: ['at', 'id'] },
  partitionBy: 'RANGE (at)',
});
const bound = "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')";
const partition = table('event_2024', { columns: [], primaryKey: null, partitionOf: { schema: 'public', table: 'event', bound } });
const standalone = table('event_2024', { columns: parent.columns, primaryKey: { name: 'event_2024_pkey', columns: ['at', 'id'] } });

describe('compareModels: partitions', () => {
  it('creates a parent before its partitions and drops partitions before their parent', () => {
    const up = compareModels(model(), model({ tables: [partition, parent] }));
    expect(up.map((op) => (op.kind === 'createTable' ? op.table.name : op.kind))).toEqual(['event', 'event_2024']);
    const down = compareModels(model({ tables: [partition, parent] }), model());
    expect(down.map((op) => (op.kind === 'dropTable' ? op.name : op.kind))).toEqual(['event_2024', 'event']);
  });

  it('attaches a standalone table without touching its columns or the key the parent gives it', () => {
    expect(compareModels(model({ tables: [parent, standalone] }), model({ tables: [parent, partition] }))).toEqual([
      { kind: 'attachPartition', schema: 'public', table: 'event_2024', partitionOf: { schema: 'public', table: 'event', bound } },
    ]);
  });

  it('detaches a partition that becomes a table of its own', () => {
    expect(compareModels(model({ tables: [parent, partition] }), model({ tables: [parent, standalone] }))).toEqual([
      { kind: 'detachPartition', schema: 'public', table: 'event_2024', partitionOf: { schema: 'public', table: 'event', bound } },
    ]);
  });

  it('detaches and attaches again when the bound changes', () => {
    const moved = { ...partition, partitionOf: { schema: 'public', table: 'event', bound: 'DEFAULT' } };
    expect(kinds(compareModels(model({ tables: [parent, partition] }), model({ tables: [parent, moved] })))).toEqual([
      'detachPartition',
      'attachPartition',
    ]);
  });

  it('rebuilds a table whose partition key changes, its rows kept in a holding table and its partitions new', () => {
    const relisted = { ...parent, partitionBy: 'LIST (at)' };
    const listed = table('event_2024', { columns: [], primaryKey: null, partitionOf: { schema: 'public', table: 'event', bound: "FOR VALUES IN ('2024-01-01')" } });
    const ops = compareModels(model({ tables: [parent, partition] }), model({ tables: [relisted, listed] }));
    const copy = { schema: 'public', table: 'event', stash: 'event__athanor_stash', columns: ['id', 'at'] };
    expect(ops.map((op) => (op.kind === 'createTable' ? `createTable ${op.table.name}` : op.kind === 'dropTable' ? `dropTable ${op.name}` : op.kind))).toEqual([
      'stashRows',
      'dropTable event_2024',
      'dropTable event',
      'createTable event',
      'createTable event_2024',
      'restoreRows',
    ]);
    expect(ops[0]).toMatchObject({ kind: 'stashRows', ...copy });
    expect((ops[0] as OperationOf<'stashRows'>).note).toContain('public.event is rebuilt: PARTITION BY RANGE (at) -> PARTITION BY LIST (at)');
    expect(ops[1]).toMatchObject({ kind: 'dropTable', name: 'event_2024', rowsKeptIn: 'event__athanor_stash', removed: partition });
    expect(ops[5]).toStrictEqual({ kind: 'restoreRows', ...copy });
    expect(unsupportedChanges(model({ tables: [parent] }), model({ tables: [relisted] }))).toEqual([]);
    // A serial change is no matter for a table created anew.
    const serial = { ...parent, columns: [column('id', 'serial', { nullable: false }), column('at', 'date', { nullable: false })] };
    expect(unsupportedChanges(model({ tables: [serial] }), model({ tables: [relisted] }))).toEqual([]);
    expect(unsupportedChanges(model({ tables: [serial] }), model({ tables: [parent] }))).toHaveLength(1);
    // The downgrade rebuilds the old layout the same way.
    const down = reverseOperations(ops);
    expect(kinds(down)).toEqual(['stashRows', 'dropTable', 'dropTable', 'createTable', 'createTable', 'restoreRows']);
    expect(down[4]).toStrictEqual({ kind: 'createTable', table: partition });
  });

  it('rebuilds a plain table into a partitioned one, copying the common columns and setting the new sequences', () => {
    const plain = table('event', {
      columns: [column('id', 'bigserial', { nullable: false }), column('at', 'date', { nullable: false }), column('old', 'serial')],
      primaryKey: { name: 'event_pkey', columns: ['at', 'id'] },
    });
    const partitioned = table('event', {
      columns: [
        column('id', 'bigint', { nullable: false, identity: { always: true, increment: '-1' } }),
        column('at', 'date', { nullable: false }),
        column('day', 'integer', { generated: 'EXTRACT(day FROM at)' }),
      ],
      primaryKey: { name: 'event_pkey', columns: ['at', 'id'] },
      partitionBy: 'RANGE (at)',
    });
    const ops = compareModels(model({ tables: [plain] }), model({ tables: [partitioned, partition] }));
    expect(kinds(ops)).toEqual(['stashRows', 'dropTable', 'createTable', 'createTable', 'restoreRows']);
    expect(ops[0]).toMatchObject({ columns: ['id', 'at'], sequences: [{ column: 'id' }] });
    expect(ops[0]).not.toHaveProperty('overridingSystemValue');
    expect(ops[4]).toStrictEqual({
      kind: 'restoreRows',
      schema: 'public',
      table: 'event',
      stash: 'event__athanor_stash',
      columns: ['id', 'at'],
      overridingSystemValue: true,
      sequences: [{ column: 'id', descending: true }],
      positions: 'event__athanor_positions',
    });
    expect(ops[0]).toMatchObject({ positions: 'event__athanor_positions' });
  });

  it('drops the foreign keys of other tables to a rebuilt table before its rows are stashed, and adds them back after they are restored', () => {
    const relisted = { ...parent, partitionBy: 'LIST (at)' };
    const fk = { name: 'tag_event_fkey', columns: ['at', 'id'], refSchema: 'public', refTable: 'event', refColumns: ['at', 'id'], onDelete: 'NO ACTION' as const, onUpdate: 'NO ACTION' as const };
    const tag = table('tag', { columns: parent.columns, foreignKeys: [fk] });
    const ops = compareModels(model({ tables: [parent, tag] }), model({ tables: [relisted, tag] }));
    expect(ops.map((op) => (op.kind === 'dropConstraint' || op.kind === 'addConstraint' ? `${op.kind} ${op.table}` : op.kind))).toEqual([
      'dropConstraint tag',
      'stashRows',
      'dropTable',
      'createTable',
      'restoreRows',
      'addConstraint tag',
    ]);
  });

  it('keeps a column of an enum replaced in the same revision as text while the table is rebuilt, and leaves it out of the replacement', () => {
    const felt = (extra: Partial<TableModel>): TableModel => table('feel', { columns: [column('id', 'integer', { nullable: false }), column('m', 'public.mood')], ...extra });
    const ops = compareModels(
      model({ enums: [mood(['a', 'b'])], tables: [felt({})] }),
      model({ enums: [mood(['b'])], tables: [felt({ partitionBy: 'LIST (m)' })] }),
    );
    expect(kinds(ops)).toEqual(['stashRows', 'dropTable', 'replaceEnum', 'createTable', 'restoreRows']);
    const asText = [{ column: 'm', type: 'public.mood' }];
    expect(ops[0]).toMatchObject({ columns: ['id', 'm'], asText });
    expect(ops[2]).toMatchObject({ kind: 'replaceEnum', columns: [] });
    expect(ops[4]).toMatchObject({ columns: ['id', 'm'], asText });
  });

  it('keeps a column of a domain replaced in the same revision as text while the table is rebuilt', () => {
    const domain = (type: string) => ({ schema: 'public', name: 'qty', type, default: null, notNull: false, checks: [] });
    const stock = (extra: Partial<TableModel>): TableModel => table('stock', { columns: [column('id', 'integer', { nullable: false }), column('n', 'public.qty')], ...extra });
    const ops = compareModels(
      model({ domains: [domain('integer')], tables: [stock({})] }),
      model({ domains: [domain('bigint')], tables: [stock({ partitionBy: 'HASH (id)' })] }),
    );
    expect(kinds(ops)).toEqual(['stashRows', 'dropTable', 'replaceDomain', 'createTable', 'restoreRows']);
    expect(ops[0]).toMatchObject({ asText: [{ column: 'n', type: 'public.qty' }] });
    expect(ops[2]).toMatchObject({ columns: [] });
    expect(ops[4]).toMatchObject({ asText: [{ column: 'n', type: 'public.qty' }] });
  });

  it('rebuilds without copying when no column keeps its name', () => {
    const renamed = { ...parent, columns: [column('key', 'integer', { nullable: false }), column('day', 'date', { nullable: false })], partitionBy: 'RANGE (day)' };
    const ops = compareModels(model({ tables: [parent] }), model({ tables: [renamed] }));
    expect(kinds(ops)).toEqual(['dropTable', 'createTable']);
    expect(ops[0]).not.toHaveProperty('rowsKeptIn');
  });

  it('lets go of a sequence the rebuilt table owns before the drop and gives it back after, so it keeps its position', () => {
    const relisted = { ...parent, partitionBy: 'LIST (at)' };
    const sequence = { schema: 'public', name: 'event_code', type: 'bigint', start: '1', increment: '1', min: '1', max: '9223372036854775807', cache: '1', cycle: false, ownedBy: { table: 'event', column: 'id' } };
    const ops = compareModels(model({ tables: [parent], sequences: [sequence] }), model({ tables: [relisted], sequences: [sequence] }));
    expect(kinds(ops)).toEqual(['alterSequence', 'stashRows', 'dropTable', 'createTable', 'restoreRows', 'alterSequence']);
    expect(ops[0]).toMatchObject({ name: 'event_code', to: { ownedBy: null }, from: { ownedBy: { table: 'event', column: 'id' } } });
    expect(ops[5]).toMatchObject({ name: 'event_code', to: { ownedBy: { table: 'event', column: 'id' } }, from: { ownedBy: null } });
  });

  it('moves the policies of a rebuilt table after its rows are stashed, and keeps a partition that leaves by detaching it', () => {
    const relisted = { ...parent, partitionBy: 'LIST (at)', policies: [own], rowLevelSecurity: { enabled: true, forced: true } };
    const secured = { ...parent, policies: [own], rowLevelSecurity: { enabled: true, forced: true } };
    const ops = compareModels(model({ tables: [secured, partition] }), model({ tables: [relisted, standalone] }));
    // The stash runs before the detach and leaves out the rows of the partition that keeps them.
    expect(ops.map((op) => (op.kind === 'dropTable' || op.kind === 'createTable' ? `${op.kind} ${op.kind === 'dropTable' ? op.name : op.table.name}` : op.kind))).toEqual([
      'stashRows',
      'dropPolicy',
      'detachPartition',
      'dropTable event',
      'createTable event',
      'restoreRows',
      'createPolicy',
    ]);
    expect(ops[0]).toMatchObject({ keptPartitions: [{ schema: 'public', table: 'event_2024' }] });
    expect(ops[5]).not.toHaveProperty('keptPartitions');
  });

  it('restores the rows of a table rebuilt into a partitioned one after the tables attached to it, the foreign keys to it after that', () => {
    const fk = { name: 'tag_event_fkey', columns: ['at', 'id'], refSchema: 'public', refTable: 'event', refColumns: ['at', 'id'], onDelete: 'NO ACTION' as const, onUpdate: 'NO ACTION' as const };
    const tag = table('tag', { columns: parent.columns, foreignKeys: [fk] });
    const plain = { ...parent, partitionBy: undefined };
    const ops = compareModels(model({ tables: [plain, standalone, tag] }), model({ tables: [parent, partition, tag] }));
    const names = ops.map((op) => (op.kind === 'dropTable' ? `dropTable ${op.name}` : op.kind === 'createTable' ? `createTable ${op.table.name}` : op.kind));
    expect(names.filter((name) => name !== 'dropConstraint' && name !== 'dropIndex' && name !== 'addConstraint' && name !== 'createIndex')).toEqual([
      'stashRows',
      'dropTable event',
      'createTable event',
      'attachPartition',
      'restoreRows',
    ]);
    expect(names.indexOf('dropConstraint')).toBeLessThan(names.indexOf('stashRows'));
    expect(names.lastIndexOf('addConstraint')).toBeGreaterThan(names.indexOf('restoreRows'));
    const restore = ops[names.indexOf('restoreRows')] as OperationOf<'restoreRows'>;
    expect(restore.keptPartitions).toEqual([{ schema: 'public', table: 'event_2024' }]);
    // The downgrade stashes before the detach, leaving out the rows the detached table keeps.
    const down = reverseOperations(ops);
    const downNames = kinds(down);
    expect(downNames.indexOf('stashRows')).toBeLessThan(downNames.indexOf('detachPartition'));
    expect(down[downNames.indexOf('stashRows')]).toMatchObject({ keptPartitions: [{ schema: 'public', table: 'event_2024' }] });
    expect(downNames.indexOf('restoreRows')).toBeLessThan(downNames.lastIndexOf('addConstraint'));
  });

  it('casts a copied column whose type changes to its new type when restoring, and back in the reverse', () => {
    const before = table('t', { columns: [column('id', 'integer', { nullable: false }), column('n', 'text'), column('s', 'serial')] });
    const after = table('t', { columns: [column('id', 'integer', { nullable: false }), column('n', 'character varying(5)'), column('s', 'integer', { identity: { always: false } })], partitionBy: 'HASH (id)' });
    const ops = compareModels(model({ tables: [before] }), model({ tables: [after] }));
    expect(kinds(ops)).toEqual(['stashRows', 'dropTable', 'createTable', 'restoreRows']);
    expect(ops[0]).toMatchObject({ casts: [{ column: 'n', type: 'text' }], sequences: [{ column: 's' }], positions: 't__athanor_positions' });
    expect(ops[3]).toMatchObject({ casts: [{ column: 'n', type: 'character varying(5)' }], sequences: [{ column: 's' }] });
  });
});

describe('renderOperations: enum replacements and additions', () => {
  it('writes the note of a replacement as comment lines above the call, and leaves previous out of an addition', () => {
    const current = model({ enums: [mood(['a', 'b'])], tables: [person(null)] });
    const [replace] = compareModels(current, model({ enums: [mood(['b'])], tables: [person(null)] }));
    const text = renderOperations([replace!], '  ');
    expect(text.split('\n').slice(0, 3)).toEqual([
      "  // Postgres cannot remove or reorder enum values, and this change removes 'a': public.mood is renamed to mood__athanor_old, created again, every column using it is converted through text, and the old type is dropped.",
      '  // Rows holding a removed value make this step fail; update or delete them first.',
      '  await op.replaceEnum({',
    ]);
    expect(text).not.toContain('note');
    const [add] = compareModels(current, model({ enums: [mood(['a', 'b', 'c'])], tables: [person(null)] }));
    expect(renderOperations([add!])).toBe("await op.addEnumValue({ schema: 'public', name: 'mood', value: 'c', after: 'b' });");
  });
});
