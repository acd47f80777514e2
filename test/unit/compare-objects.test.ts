import { describe, expect, it } from 'vitest';
import { compareModels, unsupportedChanges } from '../helpers/compare.js';
import { describeOperation } from '../../src/ops/describe.js';
import { upgradeOperations, type Operation } from '../../src/ops/operation.js';
import { downgradePlan } from '../../src/autogen/compare.js';
import { reverseOperations } from '../../src/ops/reverse.js';
import type {
  FunctionModel,
  SchemaModel,
  SequenceModel,
  TableModel,
  TriggerModel,
  ViewModel,
} from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';
import { partId } from '../../src/schema/object-id.js';
import { calls, mutableCopy } from '../helpers/models.js';

function table(name: string, columns: [string, string][] = [['id', 'integer']]): TableModel {
  return {
    schema: 'public',
    name,
    columns: columns.map(([n, type]) => ({ name: n, type, nullable: true, default: null, identity: null })),
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
  };
}

function view(
  name: string,
  definition: string,
  dependsOn: string[],
  columns: [string, string][] = [['id', 'integer']],
): ViewModel {
  return {
    schema: 'public',
    name,
    materialized: false,
    definition,
    options: [],
    columns: columns.map(([n, type]) => ({ name: n, type })),
    indexes: [],
    dependsOn: dependsOn.map((d) => ({ schema: 'public', name: d })),
  };
}

function routine(name: string, definition: string, extra: Partial<FunctionModel> = {}): FunctionModel {
  return {
    schema: 'public',
    name,
    kind: 'function',
    argumentTypes: '',
    arguments: '',
    result: 'integer',
    definition,
    dependsOn: [],
    ...extra,
  };
}

function sequence(name: string, extra: Partial<SequenceModel> = {}): SequenceModel {
  return {
    schema: 'public',
    name,
    type: 'bigint',
    start: '1',
    increment: '1',
    min: '1',
    max: '9223372036854775807',
    cache: '1',
    cycle: false,
    ownedBy: null,
    ...extra,
  };
}

function model(parts: Partial<SchemaModel>): SchemaModel {
  return completeModel({
    schemas: [],
    enums: [],
    tables: [],
    extensions: [],
    sequences: [],
    domains: [],
    views: [],
    functions: [],
    triggers: [],
    comments: [],
    ...parts,
  });
}

const kinds = (ops: Operation[]): string[] => ops.map(describeOperation);

const TABLES = [
  table('t', [
    ['id', 'integer'],
    ['name', 'text'],
  ]),
];
const V1 = view('v1', 'SELECT t.id FROM public.t', ['t']);
const V2 = view('a_v2', 'SELECT v1.id FROM public.v1', ['v1']);
const TOUCH: TriggerModel = {
  schema: 'public',
  table: 'v1',
  name: 'tr',
  definition: 'CREATE TRIGGER tr INSTEAD OF INSERT ON public.v1 FOR EACH ROW EXECUTE FUNCTION public.f()',
};

describe('compareModels: objects besides tables and enums', () => {
  it('finds nothing between equal models', () => {
    const m = model({
      tables: TABLES,
      views: [V1, V2],
      functions: [routine('f', 'x')],
      sequences: [sequence('s')],
      triggers: [TOUCH],
    });
    expect(compareModels(m, structuredClone(m))).toEqual([]);
  });

  it('creates a sequence before tables and gives it its owner after them', () => {
    const target = model({ tables: TABLES, sequences: [sequence('s', { ownedBy: { table: 't', column: 'id' } })] });
    const ops = compareModels(model({}), target);
    expect(kinds(ops)).toEqual([
      'create sequence public.s',
      'create table public.t',
      'alter sequence public.s: owned by none -> owned by t.id',
    ]);
    expect(ops[0]).toMatchObject({ sequence: { ownedBy: null } });
  });

  it('clears a dropped sequence owner first and drops it after the tables; the downgrade puts both back', () => {
    const current = model({ tables: TABLES, sequences: [sequence('s', { ownedBy: { table: 't', column: 'id' } })] });
    const ops = compareModels(current, model({}));
    expect(kinds(ops)).toEqual([
      'alter sequence public.s: owned by t.id -> owned by none',
      'drop table public.t',
      'drop sequence public.s',
    ]);
    expect(kinds(reverseOperations(ops))).toEqual([
      'create sequence public.s',
      'create table public.t',
      'alter sequence public.s: owned by none -> owned by t.id',
    ]);
  });

  it('moves an owner by letting the old one go first and taking the new one after the tables', () => {
    const tables = [
      table('t', [
        ['id', 'integer'],
        ['other', 'integer'],
      ]),
    ];
    const current = model({ tables, sequences: [sequence('s', { ownedBy: { table: 't', column: 'id' } })] });
    const target = model({
      tables: [table('t', [['other', 'integer']])],
      sequences: [sequence('s', { ownedBy: { table: 't', column: 'other' } })],
    });
    expect(kinds(compareModels(current, target))).toEqual([
      'alter sequence public.s: owned by t.id -> owned by none',
      'drop column public.t.id',
      'alter sequence public.s: owned by none -> owned by t.other',
    ]);
  });

  it('creates views after tables, prerequisites first whatever their names, and drops them dependents first', () => {
    const target = model({ tables: TABLES, views: [V1, V2] });
    const ops = compareModels(model({}), target);
    expect(kinds(ops)).toEqual(['create table public.t', 'create view public.v1', 'create view public.a_v2']);
    expect(kinds(compareModels(target, model({})))).toEqual([
      'drop view public.a_v2',
      'drop view public.v1',
      'drop table public.t',
    ]);
  });

  it('replaces a view in place when only its query changes', () => {
    const current = model({ tables: TABLES, views: [V1, V2] });
    const target = model({
      tables: TABLES,
      views: [{ ...V1, definition: 'SELECT t.id FROM public.t WHERE t.id > 0' }, V2],
    });
    const ops = compareModels(current, target);
    expect(kinds(ops)).toEqual(['replace view public.v1']);
    expect(reverseOperations(ops)).toEqual([{ kind: 'replaceView', view: V1, from: target.views![0] }]);
  });

  it('drops and creates again a view whose columns change, with the views on it, and says why', () => {
    const changed = {
      ...V1,
      definition: 'SELECT t.id AS key FROM public.t',
      columns: [{ name: 'key', type: 'integer' }],
    };
    const ops = compareModels(
      model({ tables: TABLES, views: [V1, V2], triggers: [TOUCH] }),
      model({ tables: TABLES, views: [changed, V2], triggers: [TOUCH] }),
    );
    expect(ops.every((op) => op.only === undefined)).toBe(true);
    expect(kinds(ops)).toEqual([
      'drop trigger tr on public.v1',
      'drop view public.a_v2',
      'drop view public.v1',
      'create view public.v1',
      'create view public.a_v2',
      'create trigger tr on public.v1',
    ]);
    expect(ops[2]).toMatchObject({
      note: expect.stringContaining("CREATE OR REPLACE VIEW cannot change a view's columns"),
    });
    expect(ops[4]).toMatchObject({ note: expect.stringContaining('it depends on public.v1') });
  });

  it('replaces a view gaining columns at its end in place, and drops and creates it, with the views on it, to downgrade', () => {
    const appended = {
      ...V1,
      definition: 'SELECT t.id, t.name FROM public.t',
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'name', type: 'text' },
      ],
    };
    const current = model({ tables: TABLES, views: [V1, V2], triggers: [TOUCH] });
    const ops = compareModels(current, model({ tables: TABLES, views: [appended, V2], triggers: [TOUCH] }));
    expect(kinds(upgradeOperations(ops))).toEqual(['replace view public.v1']);
    const down = downgradePlan(ops).rest.map((r) => ('op' in r ? describeOperation(r.op) : r.irreversible));
    expect(down).toEqual([
      'drop trigger tr on public.v1',
      'drop view public.a_v2',
      'drop view public.v1',
      'create view public.v1',
      'create view public.a_v2',
      'create trigger tr on public.v1',
    ]);
    // A routine using the view (a stored SQL body keeps the view's columns) is created again with it.
    const reader = routine('reader', 'SELECT id FROM public.v1', { dependsOn: [{ schema: 'public', name: 'v1' }] });
    const used = compareModels(
      model({ tables: TABLES, views: [V1], functions: [reader] }),
      model({ tables: TABLES, views: [appended], functions: [reader] }),
    );
    expect(kinds(upgradeOperations(used))).toEqual([
      'drop function public.reader()',
      'drop view public.v1',
      'create view public.v1',
      'create function public.reader()',
    ]);
  });

  it('drops a view around a type change of a column it reads', () => {
    const retyped = [
      table('t', [
        ['id', 'bigint'],
        ['name', 'text'],
      ]),
    ];
    const ops = compareModels(model({ tables: TABLES, views: [V1] }), model({ tables: retyped, views: [V1] }));
    expect(kinds(ops)).toEqual([
      'drop view public.v1',
      'alter column public.t.id: type integer -> bigint',
      'create view public.v1',
    ]);
  });

  it('creates a routine that uses no relation before tables, one that does after them', () => {
    const early = routine('early', 'e');
    const late = routine('late', 'l', { result: 'SETOF public.t', dependsOn: [{ schema: 'public', name: 't' }] });
    const uses = routine('uses_late', 'u', { dependsOn: [{ schema: 'public', name: 'late', argumentTypes: '' }] });
    const ops = compareModels(model({}), model({ tables: TABLES, functions: [uses, late, early] }));
    expect(kinds(ops)).toEqual([
      'create function public.early()',
      'create table public.t',
      'create function public.late()',
      'create function public.uses_late()',
    ]);
  });

  it('replaces a routine whose body changes, drops and creates one whose result changes, with its trigger', () => {
    const f = routine('f', 'body 1', { result: 'trigger' });
    const trigger: TriggerModel = {
      ...TOUCH,
      table: 't',
      definition: 'CREATE TRIGGER tr BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.f()',
    };
    const current = model({
      tables: TABLES,
      functions: [f],
      triggers: [trigger],
      dependencies: [calls('t', 'trigger', 'tr', 'f', '')],
    });
    expect(
      kinds(
        compareModels(
          current,
          model({ tables: TABLES, functions: [{ ...f, definition: 'body 2' }], triggers: [trigger] }),
        ),
      ),
    ).toEqual(['replace function public.f()']);
    const ops = compareModels(
      current,
      model({ tables: TABLES, functions: [{ ...f, definition: 'body 3', result: 'integer' }], triggers: [trigger] }),
    );
    expect(kinds(ops)).toEqual([
      'drop trigger tr on public.t',
      'drop function public.f()',
      'create function public.f()',
      'create trigger tr on public.t',
    ]);
    expect(ops[1]).toMatchObject({ note: expect.stringContaining('its arguments or result change') });
  });

  it('sets new and changed comments last, and removes a comment before its object is dropped', () => {
    const comment = { target: { on: 'view' as const, schema: 'public', name: 'v1' }, text: 'first' };
    const current = model({ tables: TABLES, views: [V1], comments: [comment] });
    expect(
      compareModels(current, model({ tables: TABLES, views: [V1], comments: [{ ...comment, text: 'second' }] })),
    ).toEqual([{ kind: 'setComment', target: comment.target, comment: 'second', from: 'first' }]);
    const ops = compareModels(current, model({ tables: TABLES }));
    expect(kinds(ops)).toEqual(['remove comment on view public.v1', 'drop view public.v1']);
    expect(kinds(reverseOperations(ops))).toEqual(['create view public.v1', 'comment on view public.v1']);
  });

  it('sets the comment of a view created again anew', () => {
    const comment = { target: { on: 'view' as const, schema: 'public', name: 'v1' }, text: 'kept' };
    const changed = { ...V1, definition: 'SELECT t.name FROM public.t', columns: [{ name: 'name', type: 'text' }] };
    const ops = compareModels(
      model({ tables: TABLES, views: [V1], comments: [comment] }),
      model({ tables: TABLES, views: [changed], comments: [comment] }),
    );
    expect(kinds(ops)).toEqual([
      'remove comment on view public.v1',
      'drop view public.v1',
      'create view public.v1',
      'comment on view public.v1',
    ]);
  });

  it('creates extensions right after schemas, drops them last; alters domains', () => {
    const domain = { schema: 'public', name: 'd', type: 'integer', default: null, notNull: false, checks: [] };
    const target = model({ schemas: ['ext'], extensions: [{ name: 'citext', schema: 'ext' }], domains: [domain] });
    expect(kinds(compareModels(model({}), target))).toEqual([
      'create schema ext',
      'create extension citext in schema ext',
      'create domain public.d',
    ]);
    const altered = { ...domain, notNull: true, default: '1' };
    expect(kinds(compareModels(target, { ...target, domains: [altered] }))).toEqual([
      'alter domain public.d: default (none) -> default 1, nullable -> not null',
    ]);
  });

  it('moves an extension that changes schema instead of dropping it, out of a dropped schema before the schema goes', () => {
    const inExt = model({ schemas: ['ext'], extensions: [{ name: 'citext', schema: 'ext' }] });
    const inPublic = model({ extensions: [{ name: 'citext', schema: 'public' }] });
    const ops = compareModels(inExt, inPublic);
    expect(ops).toEqual([
      { kind: 'alterExtension', name: 'citext', schema: 'public', from: 'ext' },
      { kind: 'dropSchema', schema: 'ext' },
    ]);
    expect(reverseOperations(ops)).toEqual([
      { kind: 'createSchema', schema: 'ext' },
      { kind: 'alterExtension', name: 'citext', schema: 'ext', from: 'public' },
    ]);
    expect(kinds(compareModels(inPublic, inExt))).toEqual([
      'create schema ext',
      'move extension citext: schema public -> ext',
    ]);
  });

  it('replaces a domain whose base type changes: its columns, arrays and casting defaults converted, the views on their table created again', () => {
    const d = {
      schema: 'public',
      name: 'd',
      type: 'integer',
      default: null,
      notNull: false,
      checks: [{ name: 'd_check', expression: '(VALUE > 0)' }],
    };
    const t = mutableCopy(
      table('t', [
        ['id', 'integer'],
        ['a', 'public.d'],
        ['b', 'public.d[]'],
        ['c', 'integer'],
      ]),
    );
    t.columns[1]!.default = '1';
    t.columns[3]!.default = '(2)::public.d';
    const other = table('u', [['x', 'public.d']]);
    const v = view('v', 'SELECT t.a FROM public.t', ['t'], [['a', 'public.d']]);
    const current = model({ tables: [t, other], domains: [d], views: [v] });
    const target = model({ tables: [t], domains: [{ ...d, type: 'bigint' }], views: [v] });
    const ops = compareModels(current, target);
    expect(kinds(ops)).toEqual([
      'drop view public.v',
      'drop table public.u',
      'replace domain public.d: base type integer -> bigint',
      'create view public.v',
    ]);
    const replace = ops.find((op) => op.kind === 'replaceDomain')!;
    expect(replace).toMatchObject({
      from: d,
      columns: [
        { schema: 'public', table: 't', column: 'a', type: 'public.d', default: '1' },
        { schema: 'public', table: 't', column: 'b', type: 'public.d[]' },
        { schema: 'public', table: 't', column: 'c', default: '(2)::public.d' },
      ],
    });
    expect(replace.kind === 'replaceDomain' && replace.note).toContain(
      'Postgres cannot change the base type of a domain (integer -> bigint)',
    );
    expect(unsupportedChanges(current, target)).toEqual([]);
    expect(replace).not.toHaveProperty('comments');
    const back = reverseOperations(ops).find((op) => op.kind === 'replaceDomain');
    expect(back).toMatchObject({
      domain: d,
      from: { ...d, type: 'bigint' },
      columns: replace.kind === 'replaceDomain' ? replace.columns : [],
    });
  });

  it('carries the comments of a replaced domain and its checks over, and changes a changed one afterwards', () => {
    const d = {
      schema: 'public',
      name: 'd',
      type: 'integer',
      default: null,
      notNull: false,
      checks: [{ name: 'd_check', expression: '(VALUE > 0)' }],
    };
    const onDomain = { target: { on: 'type' as const, schema: 'public', name: 'd' }, text: 'before' };
    const onCheck = {
      target: { on: 'domainConstraint' as const, schema: 'public', name: 'd_check', parent: 'd' },
      text: 'positive',
    };
    const current = model({ domains: [d], comments: [onCheck, onDomain] });
    const target = model({ domains: [{ ...d, type: 'bigint' }], comments: [onCheck, { ...onDomain, text: 'after' }] });
    const ops = compareModels(current, target);
    expect(kinds(ops)).toEqual(['replace domain public.d: base type integer -> bigint', 'comment on type public.d']);
    expect(ops[0]).toMatchObject({ comments: { domain: 'before', checks: [{ name: 'd_check', text: 'positive' }] } });
    expect(reverseOperations(ops)[1]).toMatchObject({
      kind: 'replaceDomain',
      domain: d,
      comments: { domain: 'before' },
    });
  });

  it('creates again around a domain replacement the views on a partition of a table whose column it converts', () => {
    const d = { schema: 'public', name: 'd', type: 'integer', default: null, notNull: false, checks: [] };
    const parent = {
      ...table('p', [
        ['k', 'integer'],
        ['a', 'public.d'],
      ]),
      partitionBy: 'LIST (k)',
    };
    const part = { ...table('p1', []), partitionOf: { schema: 'public', table: 'p', bound: 'FOR VALUES IN (1)' } };
    const v = view('v', 'SELECT p1.a FROM public.p1', ['p1'], [['a', 'public.d']]);
    const current = model({ tables: [parent, part], domains: [d], views: [v] });
    const ops = compareModels(current, { ...current, domains: [{ ...d, type: 'bigint' }] });
    expect(kinds(ops)).toEqual([
      'drop view public.v',
      'replace domain public.d: base type integer -> bigint',
      'create view public.v',
    ]);
  });

  it('reports a base type change that a routine signature or another domain would block, and leaves it out', () => {
    const d = { schema: 'public', name: 'd', type: 'integer', default: null, notNull: false, checks: [] };
    const f = routine('f', 'x', { argumentTypes: 'public.d', result: 'integer' });
    const current = model({ domains: [d], functions: [f] });
    const target = model({ domains: [{ ...d, type: 'bigint' }], functions: [f] });
    expect(compareModels(current, target)).toEqual([]);
    expect(unsupportedChanges(current, target)).toEqual([
      'domain public.d: base type changes from integer to bigint, but function public.f(public.d) uses it in its signature (write this change by hand)',
    ]);
    const over = { ...d, name: 'e', type: 'public.d' };
    expect(
      unsupportedChanges(model({ domains: [d, over] }), model({ domains: [{ ...d, type: 'text' }, over] })),
    ).toEqual([
      'domain public.d: base type changes from integer to text, but domain public.e is based on it (write this change by hand)',
    ]);
    const taken = { ...d, name: 'd_new' };
    expect(
      unsupportedChanges(model({ domains: [d, taken] }), model({ domains: [{ ...d, type: 'bigint' }, taken] })),
    ).toEqual([
      'domain public.d: base type changes from integer to bigint, but public.d_new, the name it would take meanwhile, is taken (write this change by hand)',
    ]);
    const keyed = { ...table('p', [['a', 'public.d']]), partitionBy: 'RANGE (a)', partitionKeyColumns: ['a'] };
    expect(
      unsupportedChanges(
        model({ domains: [d], tables: [keyed] }),
        model({ domains: [{ ...d, type: 'bigint' }], tables: [keyed] }),
      ),
    ).toEqual([
      'domain public.d: base type changes from integer to bigint, but table public.p: its column a is in the partition key (write this change by hand)',
    ]);
    // A rule using the column, as the catalog records it, stands in the way of the conversion.
    const logged = table('p', [['a', 'public.d']]);
    const rule = {
      schema: 'public',
      table: 'p',
      name: 'r',
      definition: 'CREATE RULE r AS ON UPDATE TO public.p DO NOTHING',
    };
    const dependencies = [{ dependent: partId('rule', logged, 'r'), on: partId('column', logged, 'a') }];
    expect(
      unsupportedChanges(
        model({ domains: [d], tables: [logged], rules: [rule], dependencies }),
        model({ domains: [{ ...d, type: 'bigint' }], tables: [logged], rules: [rule] }),
      ),
    ).toEqual([
      'domain public.d: base type changes from integer to bigint, but table public.p: a rule uses its column a (write this change by hand)',
    ]);
  });

  it('every operation it generates reverses', () => {
    const f = routine('f', 'x', { kind: 'aggregate', argumentTypes: 'text' });
    const from = model({
      tables: TABLES,
      views: [V1, V2],
      functions: [f],
      sequences: [sequence('s', { ownedBy: { table: 't', column: 'id' } })],
    });
    const to = model({
      tables: TABLES,
      sequences: [sequence('s', { increment: '2' })],
      views: [{ ...V1, options: ['security_barrier=true'] }],
    });
    for (const [a, b] of [
      [from, to],
      [to, from],
      [model({}), from],
      [from, model({})],
    ] as const) {
      expect(() => reverseOperations(compareModels(a, b))).not.toThrow();
    }
  });
});
