import { describe, expect, it } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import { renderModelSource } from '../../src/pull/render-model.js';
import { describeOperation } from '../../src/ops/describe.js';
import type { Operation } from '../../src/ops/operation.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { buildSchemaModel, defineMetadata } from '../../src/schema/index.js';
import type {
  FunctionModel,
  OperatorClassModel,
  OperatorModel,
  SchemaModel,
  TableModel,
  ViewModel,
} from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';
import { column, table, usesObject } from '../helpers/models.js';
import { objectId, operatorClassId, operatorId } from '../../src/schema/object-id.js';

const EQ: OperatorModel = {
  schema: 'public',
  name: '===',
  left: 'text',
  right: 'text',
  function: 'public.ci_eq',
  commutator: 'OPERATOR(public.===)',
  negator: 'OPERATOR(public.!==)',
  restrict: 'eqsel',
  join: 'eqjoinsel',
  hashes: true,
};
const PREFIX: OperatorModel = { schema: 'app', name: '%%', left: null, right: 'text', function: 'app.shout' };

describe('DSL: operators', () => {
  it('spells the commutator and negator as OPERATOR(schema.symbol), in schema, symbol and operand order', () => {
    const m = defineMetadata();
    m.operator({
      name: '===',
      left: 'text',
      right: 'text',
      function: 'public.ci_eq',
      commutator: '===',
      negator: 'OPERATOR(public.!==)',
      restrict: 'eqsel',
      join: 'eqjoinsel',
      hashes: true,
      merges: false,
    });
    m.operator({ name: '%%', schema: 'app', right: 'text', function: 'app.shout' });
    m.operator({
      name: '~~~',
      schema: 'My App',
      left: 'text',
      right: 'text',
      function: 'public.ci_eq',
      commutator: 'public.~~~',
    });
    const model = buildSchemaModel(m);
    expect(model.operators).toEqual([
      {
        schema: 'My App',
        name: '~~~',
        left: 'text',
        right: 'text',
        function: 'public.ci_eq',
        commutator: 'OPERATOR(public.~~~)',
      },
      PREFIX,
      EQ,
    ]);
    expect(model.schemas).toEqual(['My App', 'app']);
  });

  it('refuses a bad symbol, a missing operand or function, a bad commutator, and an operator declared twice', () => {
    const build = (options: object): unknown => {
      const m = defineMetadata();
      m.operator(options as never);
      return buildSchemaModel(m);
    };
    const ok = { name: '===', left: 'text', right: 'text', function: 'public.f' };
    expect(() => build({ ...ok, name: 'eq' })).toThrow(/1 to 63 of the characters/);
    expect(() => build({ ...ok, name: '=-' })).toThrow(/ends in \+ or -/);
    expect(() => build({ ...ok, name: '<--' })).toThrow(/cannot contain --/);
    expect(() => build({ ...ok, right: undefined })).toThrow(/right operand/);
    expect(() => build({ ...ok, left: ' ' })).toThrow(/left must be a type name/);
    expect(() => build({ ...ok, function: '' })).toThrow(/needs the function/);
    expect(() => build({ ...ok, commutator: 'equals' })).toThrow(/is not an operator/);
    const m = defineMetadata();
    m.operator(ok);
    m.operator({ ...ok, function: 'public.g' });
    expect(() => buildSchemaModel(m)).toThrow(/operator public\.=== \(text, text\): is declared twice/);
  });
});

describe('comments on operators', () => {
  it('are given as an option, target the operator by its operand types, and compile to COMMENT ON OPERATOR', () => {
    const m = defineMetadata();
    m.operator({ name: '%%', right: 'text', function: 'public.shout', comment: 'loud' });
    expect(buildSchemaModel(m).comments).toEqual([
      { target: { on: 'operator', schema: 'public', name: '%%', argumentTypes: 'NONE, text' }, text: 'loud' },
    ]);
    const target = { on: 'operator' as const, schema: 'public', name: '===', argumentTypes: 'text, text' };
    expect(compileOperation({ kind: 'setComment', target, comment: 'same', from: null }).map((s) => s.sql)).toEqual([
      `COMMENT ON OPERATOR "public".=== (text, text) IS 'same'`,
    ]);
    expect(describeOperation({ kind: 'setComment', target, comment: null, from: 'same' })).toContain(
      'operator public.=== (text, text)',
    );
    expect(() => compileOperation({ kind: 'setComment', target: { ...target, name: '=; x' }, comment: null })).toThrow(
      /operator/,
    );
  });

  it('are cleared before an operator is dropped and created again, and set again after', () => {
    const comment = {
      target: { on: 'operator' as const, schema: 'public', name: '===', argumentTypes: 'text, text' },
      text: 'same',
    };
    const before = { ...model([EQ]), comments: [comment] };
    const after = { ...model([{ ...EQ, function: 'public.ci_eq2' }]), comments: [comment] };
    expect(compareModels(before, after).map((op) => op.kind)).toEqual([
      'setComment',
      'dropOperator',
      'createOperator',
      'setComment',
    ]);
    const source = renderModelSource(before);
    expect(source).toContain("hashes: true, comment: 'same' });");
  });
});

describe('operator operations', () => {
  const create: Operation = { kind: 'createOperator', operator: EQ };

  it('compiles CREATE, DROP and ALTER OPERATOR, the schema quoted and the symbol checked', () => {
    expect(compileOperation(create).map((s) => s.sql)).toEqual([
      'CREATE OPERATOR "public".=== (FUNCTION = public.ci_eq, LEFTARG = text, RIGHTARG = text, COMMUTATOR = OPERATOR(public.===), NEGATOR = OPERATOR(public.!==), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES)',
    ]);
    expect(
      compileOperation({ kind: 'createOperator', operator: { ...PREFIX, merges: true } }).map((s) => s.sql),
    ).toEqual(['CREATE OPERATOR "app".%% (FUNCTION = app.shout, RIGHTARG = text, MERGES)']);
    expect(
      compileOperation({ kind: 'dropOperator', schema: 'app', name: '%%', left: null, right: 'text' }).map(
        (s) => s.sql,
      ),
    ).toEqual(['DROP OPERATOR "app".%% (NONE, text)']);
    const alter: Operation = {
      kind: 'alterOperator',
      schema: 'public',
      name: '===',
      left: 'text',
      right: 'text',
      to: { restrict: 'scalarltsel', join: null },
    };
    expect(compileOperation(alter).map((s) => s.sql)).toEqual([
      'ALTER OPERATOR "public".=== (text, text) SET (RESTRICT = scalarltsel, JOIN = NONE)',
    ]);
    expect(() =>
      compileOperation({ kind: 'dropOperator', schema: 'public', name: '=; DROP TABLE x', left: null, right: 'text' }),
    ).toThrow(/operator/);
    expect(() => compileOperation({ kind: 'createOperator', operator: { ...EQ, commutator: '= x; DROP' } })).toThrow(
      /not an operator reference/,
    );
    expect(() => compileOperation({ ...alter, to: {} } as Operation)).toThrow(/neither restrict nor join/);
  });

  it('reverses each: a drop carries the operator, an alter its previous estimators', () => {
    const drop = reverseOperation(create);
    expect(drop).toEqual({
      kind: 'dropOperator',
      schema: 'public',
      name: '===',
      left: 'text',
      right: 'text',
      removed: EQ,
    });
    expect(reverseOperation(drop)).toEqual(create);
    const alter: Operation = {
      kind: 'alterOperator',
      schema: 'public',
      name: '===',
      left: 'text',
      right: 'text',
      to: { restrict: null },
      from: { restrict: 'eqsel' },
    };
    expect(reverseOperation(alter)).toEqual({ ...alter, to: { restrict: 'eqsel' }, from: { restrict: null } });
    expect(() => reverseOperation({ kind: 'dropOperator', schema: 'a', name: '=', left: null, right: 'b' })).toThrow(
      /cannot be reversed/,
    );
    expect(() => reverseOperation({ ...alter, from: undefined } as Operation)).toThrow(/cannot be reversed/);
  });

  it('describes them', () => {
    expect(describeOperation(create)).toBe('create operator public.=== (text, text) calling public.ci_eq');
    expect(describeOperation({ kind: 'dropOperator', schema: 'app', name: '%%', left: null, right: 'text' })).toBe(
      'drop operator app.%% (NONE, text)',
    );
    expect(
      describeOperation({
        kind: 'alterOperator',
        schema: 'public',
        name: '===',
        left: 'text',
        right: 'text',
        to: { restrict: 'eqsel', join: null },
      }),
    ).toBe('alter operator public.=== (text, text): set restrict eqsel, join none');
  });
});

const FN: FunctionModel = {
  schema: 'public',
  name: 'ci_eq',
  kind: 'function',
  argumentTypes: 'text, text',
  arguments: 'a text, b text',
  result: 'boolean',
  definition:
    'CREATE OR REPLACE FUNCTION public.ci_eq(a text, b text) RETURNS boolean LANGUAGE sql AS $$ SELECT lower(a) = lower(b) $$',
  dependsOn: [],
};

const TABLE: TableModel = table('t', {
  checks: [{ name: 't_a_check', expression: "(a OPERATOR(public.===) 'x'::text)" }],
});

/** What the catalog records of `TABLE`'s check. */
const CHECK_USES_EQ = usesObject('t', 'constraint', 't_a_check', operatorId(EQ));

function model(
  operators: OperatorModel[],
  options: { functions?: FunctionModel[]; tables?: TableModel[] } = {},
): SchemaModel {
  return completeModel({
    schemas: [],
    enums: [],
    tables: options.tables ?? [],
    functions: options.functions ?? [FN],
    operators,
    ...(options.tables?.includes(TABLE) === true ? { dependencies: [CHECK_USES_EQ] } : {}),
  });
}

describe('compareModels: operators', () => {
  it('creates an operator after its function and before the tables, drops it after the tables and before its function', () => {
    expect(compareModels(model([], { functions: [] }), model([EQ], { tables: [TABLE] })).map((op) => op.kind)).toEqual([
      'createFunction',
      'createOperator',
      'createTable',
    ]);
    expect(compareModels(model([EQ], { tables: [TABLE] }), model([], { functions: [] })).map((op) => op.kind)).toEqual([
      'dropTable',
      'dropOperator',
      'dropFunction',
    ]);
    expect(compareModels(model([EQ, PREFIX]), model([{ ...PREFIX }, { ...EQ }]))).toEqual([]);
  });

  it('changes the estimators in place', () => {
    const ops = compareModels(
      model([EQ]),
      model([{ ...EQ, restrict: 'scalarltsel', join: undefined } as OperatorModel]),
    );
    expect(ops).toEqual([
      {
        kind: 'alterOperator',
        schema: 'public',
        name: '===',
        left: 'text',
        right: 'text',
        to: { restrict: 'scalarltsel', join: null },
        from: { restrict: 'eqsel', join: 'eqjoinsel' },
      },
    ]);
  });

  it('drops and creates again an operator whose function changes, with the checks that use it around it', () => {
    const changed = { ...EQ, function: 'public.ci_eq2' };
    const ops = compareModels(model([EQ], { tables: [TABLE] }), model([changed], { tables: [TABLE] }));
    expect(ops.map((op) => op.kind)).toEqual(['dropConstraint', 'dropOperator', 'createOperator', 'addConstraint']);
    expect(ops[1]).toMatchObject({ note: expect.stringContaining('is dropped and created again') });
  });

  it('creates again around it the views the catalog records as using it, named in their text or not, and not those using another overload', () => {
    const grouped = (name: string): ViewModel => ({
      schema: 'public',
      name,
      materialized: false,
      definition: ' SELECT t.a\n   FROM t\n  GROUP BY t.a;',
      options: [],
      columns: [{ name: 'a', type: 'text' }],
      indexes: [],
      dependsOn: [{ schema: 'public', name: 't' }],
    });
    const other: OperatorModel = {
      ...EQ,
      left: 'integer',
      right: 'integer',
      commutator: undefined,
      negator: undefined,
    };
    const withViews = (eq: OperatorModel): SchemaModel => ({
      ...model([eq, other]),
      views: [grouped('by_eq'), grouped('by_other')],
      dependencies: [
        { dependent: objectId('view', 'public', 'by_eq'), on: operatorId(EQ) },
        { dependent: objectId('view', 'public', 'by_other'), on: operatorId(other) },
      ],
    });
    const ops = compareModels(withViews(EQ), withViews({ ...EQ, function: 'public.ci_eq2' }));
    expect(ops.map((op) => op.kind)).toEqual(['dropView', 'dropOperator', 'createOperator', 'createView']);
    expect(ops[0]).toMatchObject({ name: 'by_eq' });
  });

  it('is written by pull as metadata.operator(), the commutator in its own schema by its symbol', () => {
    const source = renderModelSource(model([EQ, PREFIX]));
    expect(source).toContain(
      "metadata.operator({ name: '===', left: 'text', right: 'text', function: 'public.ci_eq', commutator: '===', negator: '!==', restrict: 'eqsel', join: 'eqjoinsel', hashes: true });",
    );
    expect(source).toContain("metadata.operator({ name: '%%', schema: 'app', right: 'text', function: 'app.shout' });");
  });
});

const BY_DEFAULT: OperatorClassModel = {
  schema: 'public',
  name: 'pair_ops',
  method: 'hash',
  type: 'public.pair',
  default: true,
  items: ['FUNCTION 1 public.pair_hash(public.pair)'],
};

const CLASS: OperatorClassModel = {
  schema: 'public',
  name: 'ci_ops',
  method: 'btree',
  type: 'text',
  items: [
    'OPERATOR 1 public.<<<(text,text)',
    'OPERATOR 3 public.===(text,text)',
    'FUNCTION 1 public.ci_cmp(text,text)',
  ],
};

describe('operator classes', () => {
  it('are declared with their items, each checked', () => {
    const m = defineMetadata();
    m.operatorClass({ name: 'ci_ops', type: 'text', method: 'btree', items: [...CLASS.items] });
    m.operatorClass({
      name: 'x_ops',
      schema: 'app',
      type: 'app.x',
      method: 'gist',
      default: true,
      family: 'app.fam',
      storage: 'box',
      items: ['FUNCTION 1 app.f(app.x)'],
    });
    expect(buildSchemaModel(m).operatorClasses).toEqual([
      {
        schema: 'app',
        name: 'x_ops',
        method: 'gist',
        type: 'app.x',
        default: true,
        family: 'app.fam',
        storage: 'box',
        items: ['FUNCTION 1 app.f(app.x)'],
      },
      CLASS,
    ]);
    const build = (options: object): unknown => {
      const d = defineMetadata();
      d.operatorClass(options as never);
      return buildSchemaModel(d);
    };
    expect(() => build({ name: 'a', type: 'text', method: 'btree', items: [] })).toThrow(/at least one/);
    expect(() => build({ name: 'a', type: 'text', method: 'btree', items: ['STORAGE text'] })).toThrow(
      /is not an item/,
    );
    expect(() => build({ name: 'a', type: 'text', method: 'b tree', items: ['OPERATOR 1 <'] })).toThrow(/index method/);
  });

  it("compile to CREATE OPERATOR CLASS, and a drop takes the class's own family", () => {
    expect(
      compileOperation({
        kind: 'createOperatorClass',
        operatorClass: { ...CLASS, default: true, family: 'public.fam', storage: 'text' },
      }).map((s) => s.sql),
    ).toEqual([
      'CREATE OPERATOR CLASS "public"."ci_ops" DEFAULT FOR TYPE text USING "btree" FAMILY public.fam AS OPERATOR 1 public.<<<(text,text), OPERATOR 3 public.===(text,text), FUNCTION 1 public.ci_cmp(text,text), STORAGE text',
    ]);
    expect(
      compileOperation({
        kind: 'dropOperatorClass',
        schema: 'public',
        name: 'ci_ops',
        method: 'btree',
        ownFamily: true,
      }).map((s) => s.sql),
    ).toEqual(['DROP OPERATOR FAMILY "public"."ci_ops" USING "btree"']);
    expect(
      compileOperation({
        kind: 'dropOperatorClass',
        schema: 'public',
        name: 'ci_ops',
        method: 'btree',
        ownFamily: false,
      }).map((s) => s.sql),
    ).toEqual(['DROP OPERATOR CLASS "public"."ci_ops" USING "btree"']);
    expect(() =>
      compileOperation({
        kind: 'createOperatorClass',
        operatorClass: { ...CLASS, items: ['OPERATOR 1 <; DROP TABLE t'] },
      }),
    ).toThrow(/is not OPERATOR n/);
    const create: Operation = { kind: 'createOperatorClass', operatorClass: CLASS };
    expect(reverseOperation(reverseOperation(create))).toEqual(create);
    expect(describeOperation(reverseOperation(create))).toBe(
      'drop operator class public.ci_ops using btree with its family',
    );
  });

  it('come after their operators and before the tables; a changed one is created again around the indexes using it', () => {
    const indexed = table('t', {
      columns: [column('id', 'integer', { nullable: false }), column('name', 'text')],
      indexes: [
        {
          name: 't_name_idx',
          unique: false,
          method: 'btree',
          columns: [{ column: 'name', opclass: 'public.ci_ops' }],
          where: null,
        },
      ],
    });
    // What the catalog records: each index uses its key's class, named or the default one.
    const withClass = (classes: OperatorClassModel[], tables: TableModel[]): SchemaModel => ({
      ...model([EQ]),
      operatorClasses: classes,
      tables,
      dependencies: [
        usesObject('t', 'index', 't_name_idx', operatorClassId(CLASS)),
        usesObject('h', 'index', 'h_p_idx', operatorClassId(BY_DEFAULT)),
      ],
    });
    expect(compareModels(model([]), withClass([CLASS], [indexed])).map((op) => op.kind)).toEqual([
      'createOperator',
      'createOperatorClass',
      'createTable',
    ]);
    expect(compareModels(withClass([CLASS], [indexed]), model([])).map((op) => op.kind)).toEqual([
      'dropTable',
      'dropOperatorClass',
      'dropOperator',
    ]);
    const changed = { ...CLASS, items: [...CLASS.items.slice(0, 2), 'FUNCTION 1 public.ci_cmp2(text,text)'] };
    expect(compareModels(withClass([CLASS], [indexed]), withClass([changed], [indexed])).map((op) => op.kind)).toEqual([
      'dropIndex',
      'dropOperatorClass',
      'createOperatorClass',
      'createIndex',
    ]);
    // A default class is not named by the indexes using it: a key on a column of its type and method is its user.
    const hashed = table('h', {
      columns: [column('id', 'integer', { nullable: false }), column('p', 'public.pair')],
      indexes: [{ name: 'h_p_idx', unique: false, method: 'hash', columns: [{ column: 'p' }], where: null }],
    });
    const byDefault = BY_DEFAULT;
    const rehashed = { ...byDefault, items: ['FUNCTION 1 public.pair_hash2(public.pair)'] };
    expect(
      compareModels(withClass([byDefault], [hashed]), withClass([rehashed], [hashed])).map((op) => op.kind),
    ).toEqual(['dropIndex', 'dropOperatorClass', 'createOperatorClass', 'createIndex']);
    expect(renderModelSource(withClass([CLASS], []))).toContain(
      "metadata.operatorClass({ name: 'ci_ops', type: 'text', method: 'btree', items: ['OPERATOR 1 public.<<<(text,text)', 'OPERATOR 3 public.===(text,text)', 'FUNCTION 1 public.ci_cmp(text,text)'] });",
    );
  });
});
