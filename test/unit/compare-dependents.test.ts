import { describe, expect, it } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import { describeOperation } from '../../src/ops/describe.js';
import type { Operation } from '../../src/ops/operation.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import type {
  ColumnModel,
  FunctionModel,
  SchemaModel,
  TableModel,
  TriggerModel,
  ViewModel,
} from '../../src/schema/model.js';
import { calls, model, uses } from '../helpers/models.js';

/**
 * Order of what depends on a dropped table, a retyped column or a routine
 * created again: dropped before it, created again after it.
 */

function column(name: string, extra: Partial<ColumnModel> = {}): ColumnModel {
  return { name, type: 'integer', nullable: true, default: null, identity: null, ...extra };
}

function table(name: string, columns: ColumnModel[], extra: Partial<TableModel> = {}): TableModel {
  return {
    schema: 'public',
    name,
    columns,
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
    ...extra,
  };
}

function view(name: string, on: string): ViewModel {
  return {
    schema: 'public',
    name,
    materialized: false,
    definition: ` SELECT ${on}.id FROM public.${on};`,
    options: [],
    columns: [{ name: 'id', type: 'integer' }],
    indexes: [],
    dependsOn: [{ schema: 'public', name: on }],
  };
}

function f(result: string): FunctionModel {
  return {
    schema: 'public',
    name: 'f',
    kind: 'function',
    argumentTypes: 'integer',
    arguments: 'x integer',
    result,
    definition: `body ${result}`,
    dependsOn: [],
  };
}

const TOUCH: FunctionModel = { ...f('trigger'), name: 'touch', argumentTypes: '', arguments: '', definition: 'touch' };

function trigger(name: string, when: string): TriggerModel {
  return {
    schema: 'public',
    table: 't',
    name,
    definition: `CREATE TRIGGER ${name} BEFORE UPDATE OF a ON public.t FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION public.touch()`,
  };
}

const steps = (ops: Operation[]): string[] => ops.map(describeOperation);

/** Whether every step in `first` comes before every step in `then`; each must be there. */
function expectBefore(list: string[], first: string, then: string): void {
  const a = list.findIndex((step) => step.startsWith(first));
  const b = list.findIndex((step) => step.startsWith(then));
  expect(a, `${first} in ${list.join('; ')}`).toBeGreaterThanOrEqual(0);
  expect(b, `${then} in ${list.join('; ')}`).toBeGreaterThanOrEqual(0);
  expect(a, `${first} before ${then} in ${list.join('; ')}`).toBeLessThan(b);
}

/** The downgrade as the revision writes it: each reversed, last first. */
const downgrade = (ops: Operation[]): Operation[] => [...ops].reverse().map(reverseOperation);

describe('dependents of a dropped table', () => {
  it('a view moved to a new table is dropped before the old table and created after the new one', () => {
    const current = model({ tables: [table('t', [column('id')])], views: [view('v', 't')] });
    const target = model({ tables: [table('t2', [column('id')])], views: [view('v', 't2')] });
    const list = steps(compareModels(current, target));
    expectBefore(list, 'drop view public.v', 'drop table public.t');
    expectBefore(list, 'create table public.t2', 'create view public.v');
    expect(list.some((s) => s.startsWith('replace view'))).toBe(false);
  });
});

describe('dependents of a retyped column', () => {
  const a = (type: string): ColumnModel => column('a', { type });

  it('a generated column using it is dropped before the type change and added after', () => {
    const current = model({
      tables: [table('t', [a('integer'), column('g', { type: 'bigint', generated: '(a * 2)' })])],
      dependencies: [uses('t', 'column', 'g', 'a')],
    });
    const target = model({
      tables: [table('t', [a('bigint'), column('g', { type: 'bigint', generated: '(a * 2)' })])],
    });
    const ops = compareModels(current, target);
    const list = steps(ops);
    expectBefore(list, 'drop column public.t.g', 'alter column public.t.a');
    expectBefore(list, 'alter column public.t.a', 'add column public.t.g');
    const back = steps(downgrade(ops));
    expectBefore(back, 'drop column public.t.g', 'alter column public.t.a');
    expectBefore(back, 'alter column public.t.a', 'add column public.t.g');
  });

  it('with an index on the generated column: dropped before, created after', () => {
    const index = { name: 't_g_idx', unique: false, method: 'btree', columns: [{ column: 'g' }], where: null };
    const current = model({
      tables: [table('t', [a('integer'), column('g', { generated: '(a * 2)' })], { indexes: [index] })],
      dependencies: [uses('t', 'column', 'g', 'a'), uses('t', 'index', 't_g_idx', 'g')],
    });
    const target = model({
      tables: [table('t', [a('bigint'), column('g', { generated: '(a * 2)' })], { indexes: [index] })],
    });
    const list = steps(compareModels(current, target));
    expectBefore(list, 'drop index t_g_idx', 'drop column public.t.g');
    expectBefore(list, 'add column public.t.g', 'create index t_g_idx');
  });

  it('a changed generation expression: the type changes before the column is added back', () => {
    const current = model({ tables: [table('t', [a('integer'), column('g', { generated: '(a * 2)' })])] });
    const target = model({
      tables: [table('t', [a('bigint'), column('g', { type: 'bigint', generated: '(a * 3)' })])],
    });
    expectBefore(steps(compareModels(current, target)), 'alter column public.t.a', 'add column public.t.g');
  });

  it('a policy using it is dropped first and created last', () => {
    const policy = {
      name: 'p',
      permissive: true,
      command: 'ALL' as const,
      roles: [],
      using: '(a > 0)',
      withCheck: null,
    };
    const current = model({
      tables: [table('t', [a('integer')], { policies: [policy] })],
      dependencies: [uses('t', 'policy', 'p', 'a')],
    });
    const target = model({ tables: [table('t', [a('bigint')], { policies: [policy] })] });
    const list = steps(compareModels(current, target));
    expectBefore(list, 'drop policy p', 'alter column public.t.a');
    expectBefore(list, 'alter column public.t.a', 'create policy p');
  });

  it('a trigger naming it in WHEN is dropped first and created after', () => {
    const t = trigger('t_a', '(new.a > 0)');
    const current = model({
      tables: [table('t', [a('integer')])],
      functions: [TOUCH],
      triggers: [t],
      dependencies: [uses('t', 'trigger', 't_a', 'a')],
    });
    const target = model({ tables: [table('t', [a('bigint')])], functions: [TOUCH], triggers: [t] });
    const list = steps(compareModels(current, target));
    expectBefore(list, 'drop trigger t_a', 'alter column public.t.a');
    expectBefore(list, 'alter column public.t.a', 'create trigger t_a');
  });

  it('an unrelated trigger, policy and generated column are left alone', () => {
    const policy = {
      name: 'p',
      permissive: true,
      command: 'ALL' as const,
      roles: [],
      using: '(b > 0)',
      withCheck: null,
    };
    const t = {
      ...trigger('t_b', '(new.b > 0)'),
      definition:
        'CREATE TRIGGER t_b BEFORE UPDATE OF b ON public.t FOR EACH ROW WHEN ((new.b > 0)) EXECUTE FUNCTION public.touch()',
    };
    const columns = (type: string): ColumnModel[] => [a(type), column('b'), column('g', { generated: '(b * 2)' })];
    const current = model({
      tables: [table('t', columns('integer'), { policies: [policy] })],
      functions: [TOUCH],
      triggers: [t],
      dependencies: [uses('t', 'policy', 'p', 'b'), uses('t', 'trigger', 't_b', 'b'), uses('t', 'column', 'g', 'b')],
    });
    const target = model({
      tables: [table('t', columns('bigint'), { policies: [policy] })],
      functions: [TOUCH],
      triggers: [t],
    });
    expect(steps(compareModels(current, target))).toEqual(['alter column public.t.a: type integer -> bigint']);
  });
});

describe('dependents of a routine created again', () => {
  const check = { name: 't_a_check', expression: '(public.f(a) > 0)' };
  const index = {
    name: 't_f_idx',
    unique: false,
    method: 'btree',
    columns: [{ expression: 'public.f(a)' }],
    where: null,
  };
  const columns = [
    column('a'),
    column('b', { type: 'bigint', default: 'public.f(1)' }),
    column('g', { type: 'bigint', generated: 'public.f(a)' }),
  ];
  const withF = (result: string): SchemaModel =>
    model({
      tables: [table('t', columns, { checks: [check], indexes: [index] })],
      functions: [f(result), TOUCH],
      triggers: [trigger('t_when', '(public.f(new.a) > 0)')],
      dependencies: [
        calls('t', 'constraint', 't_a_check', 'f', 'integer'),
        calls('t', 'index', 't_f_idx', 'f', 'integer'),
        calls('t', 'default', 'b', 'f', 'integer'),
        calls('t', 'column', 'g', 'f', 'integer'),
        calls('t', 'trigger', 't_when', 'f', 'integer'),
        calls('t', 'trigger', 't_when', 'touch', ''),
      ],
    });

  it('checks, indexes, defaults, generated columns and triggers calling it are dropped before it and created after', () => {
    const ops = compareModels(withF('integer'), withF('bigint'));
    const list = steps(ops);
    for (const before of [
      'drop check constraint t_a_check',
      'drop index t_f_idx',
      'alter column public.t.b: default',
      'drop column public.t.g',
      'drop trigger t_when',
    ]) {
      expectBefore(list, before, 'drop function public.f');
    }
    for (const after of [
      'add check constraint t_a_check',
      'create index t_f_idx',
      'add column public.t.g',
      'create trigger t_when',
    ]) {
      expectBefore(list, 'create function public.f', after);
    }
    expect(list.filter((s) => s.startsWith('alter column public.t.b'))).toHaveLength(2);
    const back = steps(downgrade(ops));
    expectBefore(back, 'drop check constraint t_a_check', 'drop function public.f');
    expectBefore(back, 'create function public.f', 'add column public.t.g');
  });

  it('a routine whose body alone changes is replaced and leaves its callers alone', () => {
    const target = withF('integer');
    const changed = { ...target, functions: [{ ...f('integer'), definition: 'another body' }, TOUCH] };
    expect(steps(compareModels(withF('integer'), changed))).toEqual(['replace function public.f(integer)']);
  });

  it('a trigger calling another overload of a routine created again is left alone', () => {
    const overload = (result: string): FunctionModel => ({ ...f(result), argumentTypes: 'text', arguments: 'x text' });
    const side = (result: string): SchemaModel =>
      model({
        tables: [table('t', [column('a')])],
        functions: [f('integer'), overload(result), TOUCH],
        triggers: [trigger('t_when', '(public.f(new.a) > 0)')],
        dependencies: [calls('t', 'trigger', 't_when', 'f', 'integer'), calls('t', 'trigger', 't_when', 'touch', '')],
      });
    const list = steps(compareModels(side('integer'), side('bigint')));
    expect(list.some((step) => step.includes('trigger'))).toBe(false);
    expect(list).toContain('drop function public.f(text)');
  });
});
