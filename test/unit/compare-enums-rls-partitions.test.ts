import { describe, expect, it } from 'vitest';
import { compareModels, unsupportedChanges } from '../helpers/compare.js';
import { renderOperations } from '../../src/autogen/render/render-operations.js';
import { upgradeOperations, type Operation, type OperationOf } from '../../src/ops/operation.js';
import { downgradePlan } from '../../src/autogen/compare.js';
import { reverseOperation, reverseOperations } from '../../src/ops/reverse.js';
import type {
  EnumModel,
  PolicyModel,
  SchemaModel,
  TableModel,
  TriggerModel,
  ViewModel,
} from '../../src/schema/model.js';
import { column, model, table, uses } from '../helpers/models.js';
import { objectId, partId } from '../../src/schema/object-id.js';

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
  it('replaces an enum whose value in one position is another (a rename is decided before the comparison)', () => {
    const current = model({ enums: [mood(['a', 'b', 'c'])], tables: [person("'b'::public.mood")] });
    const target = model({ enums: [mood(['a', 'x', 'c'])], tables: [person("'x'::public.mood")] });
    expect(kinds(compareModels(current, target))).toEqual(['replaceEnum']);
  });

  it('replaces an enum whose values are reordered or removed, converting the columns that stay', () => {
    const current = model({
      enums: [mood(['a', 'b', 'c'])],
      tables: [person("'b'::public.mood"), table('gone', { columns: [column('m', 'public.mood')] })],
    });
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
        {
          schema: 'public',
          table: 'person',
          column: 'm',
          type: 'public.mood',
          default: { from: "'b'::public.mood", to: "'a'::public.mood" },
        },
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
      [
        ['a', 'b', 'c'],
        ['a', 'b'],
      ],
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
      definition:
        'CREATE TRIGGER person_m BEFORE UPDATE OF m ON public.person FOR EACH ROW EXECUTE FUNCTION public.f()',
    };
    const policy = (using: string): PolicyModel => ({
      name: 'seen',
      permissive: true,
      command: 'SELECT',
      roles: ['public'],
      using,
      withCheck: null,
    });
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
              {
                name: 'person_a_idx',
                unique: false,
                method: 'btree',
                columns: [{ column: 'id' }],
                where: "(m = 'a'::public.mood)",
              },
              { name: 'person_id_idx', unique: false, method: 'btree', columns: [{ column: 'id' }], where: null },
            ],
            policies: [policy("(m <> 'a'::public.mood)")],
          }),
        ],
        views: [personView(' SELECT person.id FROM public.person WHERE (person.m IS NOT NULL);'), unrelated],
        triggers: [trigger],
        dependencies: [
          uses('person', 'trigger', 'person_m', 'm'),
          uses('person', 'policy', 'seen', 'm'),
          {
            dependent: objectId('view', 'public', 'person_view'),
            on: partId('column', { schema: 'public', name: 'person' }, 'm'),
          },
        ],
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
      expect(added.constraint).toEqual({
        type: 'check',
        name: 'person_m_check',
        expression: "(m <> 'b'::public.mood)",
      });
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
      expect((down[4] as OperationOf<'dropConstraint'>).removed).toEqual({
        type: 'check',
        name: 'person_m_check',
        expression: "(m <> 'b'::public.mood)",
      });
      expect(compareModels(target, target)).toEqual([]);
    });

    it('leaves them alone in the upgrade of an addition, and drops and creates them around the replacement of its downgrade', () => {
      const ops = compareModels(target, side(['a', 'b', 'd'], "(m <> 'b'::public.mood)"));
      const around = ['dropPolicy', 'dropTrigger', 'dropView', 'dropConstraint', 'dropIndex'];
      const back = ['addConstraint', 'createIndex', 'createView', 'createTrigger', 'createPolicy'];
      expect(kinds(ops)).toEqual([...around, 'addEnumValue', ...back]);
      expect(kinds(upgradeOperations(ops))).toEqual(['addEnumValue']);
      const plan = downgradePlan(ops);
      expect(plan.onlinePlain).toEqual([]);
      expect(plan.onlineConcurrent).toEqual([]);
      const down = plan.rest.map((r) => ('op' in r ? r.op : r));
      expect(down.every((op) => !('only' in op))).toBe(true);
      expect(kinds(down as Operation[])).toEqual([
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
    });

    it("keeps the lines naming them in the note of the downgrade's replacement", () => {
      const replace = compareModels(current, target).find(
        (op) => op.kind === 'replaceEnum',
      ) as OperationOf<'replaceEnum'>;
      const back = reverseOperation(replace) as OperationOf<'replaceEnum'>;
      expect(back.note?.split('\n')[0]).toContain("This change puts back 'c', undoing a replacement");
      expect(back.note?.split('\n').at(-1)).toBe(replace.note?.split('\n').at(-1));
    });
  });
});

const own: PolicyModel = {
  name: 'own',
  permissive: true,
  command: 'ALL',
  roles: ['public'],
  using: '(owner = CURRENT_USER)',
  withCheck: null,
};
const doc = (extra: Partial<TableModel> = {}): TableModel =>
  table('doc', { columns: [column('id', 'integer', { nullable: false }), column('owner', 'text')], ...extra });

describe('compareModels: row-level security and policies', () => {
  it('switches row-level security, with what it was before', () => {
    expect(
      compareModels(
        model({ tables: [doc()] }),
        model({ tables: [doc({ rowLevelSecurity: { enabled: true, forced: false } })] }),
      ),
    ).toEqual([
      {
        kind: 'setRowLevelSecurity',
        schema: 'public',
        table: 'doc',
        to: { enabled: true, forced: false },
        from: { enabled: false, forced: false },
      },
    ]);
  });

  it('drops policies first and creates them last; a changed policy is dropped and created', () => {
    const changed = { ...own, using: '(owner = SESSION_USER)' };
    const current = model({ tables: [doc({ policies: [own], columns: [...doc().columns, column('old', 'text')] })] });
    const target = model({
      tables: [doc({ policies: [changed], columns: [...doc().columns, column('new', 'text')] })],
    });
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
const partition = table('event_2024', {
  columns: [],
  primaryKey: null,
  partitionOf: { schema: 'public', table: 'event', bound },
});
const standalone = table('event_2024', {
  columns: parent.columns,
  primaryKey: { name: 'event_2024_pkey', columns: ['at', 'id'] },
});

describe('compareModels: partitions', () => {
  it('creates a parent before its partitions and drops partitions before their parent', () => {
    const up = compareModels(model(), model({ tables: [partition, parent] }));
    expect(up.map((op) => (op.kind === 'createTable' ? op.table.name : op.kind))).toEqual(['event', 'event_2024']);
    const down = compareModels(model({ tables: [partition, parent] }), model());
    expect(down.map((op) => (op.kind === 'dropTable' ? op.name : op.kind))).toEqual(['event_2024', 'event']);
  });

  it('attaches a standalone table without touching its columns or the key the parent gives it', () => {
    expect(compareModels(model({ tables: [parent, standalone] }), model({ tables: [parent, partition] }))).toEqual([
      {
        kind: 'attachPartition',
        schema: 'public',
        table: 'event_2024',
        partitionOf: { schema: 'public', table: 'event', bound },
      },
    ]);
  });

  it('detaches a partition that becomes a table of its own', () => {
    expect(compareModels(model({ tables: [parent, partition] }), model({ tables: [parent, standalone] }))).toEqual([
      {
        kind: 'detachPartition',
        schema: 'public',
        table: 'event_2024',
        partitionOf: { schema: 'public', table: 'event', bound },
      },
    ]);
  });

  it('detaches and attaches again when the bound changes', () => {
    const moved = { ...partition, partitionOf: { schema: 'public', table: 'event', bound: 'DEFAULT' } };
    expect(kinds(compareModels(model({ tables: [parent, partition] }), model({ tables: [parent, moved] })))).toEqual([
      'detachPartition',
      'attachPartition',
    ]);
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
    expect(renderOperations([add!])).toBe(
      "await op.addEnumValue({ schema: 'public', name: 'mood', value: 'c', after: 'b' });",
    );
  });
});
