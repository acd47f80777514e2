import { describe, expect, it } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import { renderModelSource } from '../../src/pull/render-model.js';
import { describeOperation } from '../../src/ops/describe.js';
import type { Operation } from '../../src/ops/operation.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { buildSchemaModel, defineMetadata } from '../../src/schema/index.js';
import type { CastModel, FunctionModel, SchemaModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';

const TO_TEXT: CastModel = {
  source: 'public.money_t',
  target: 'text',
  method: 'function',
  function: 'public.money_to_text(public.money_t)',
  context: 'assignment',
};
const INOUT: CastModel = { source: 'public.money_t', target: 'bigint', method: 'inout', context: 'explicit' };

describe('DSL: casts', () => {
  it('spells out the method and context, in source and target order', () => {
    const m = defineMetadata({ schema: 'app' });
    m.cast({
      source: 'public.money_t',
      target: 'text',
      function: 'public.money_to_text(public.money_t)',
      context: 'assignment',
    });
    m.cast({ source: 'public.money_t', target: 'bigint', method: 'inout' });
    m.cast({ source: 'app.a', target: 'app.b', method: 'binary', context: 'implicit' });
    expect(buildSchemaModel(m).casts).toEqual([
      { source: 'app.a', target: 'app.b', method: 'binary', context: 'implicit' },
      INOUT,
      TO_TEXT,
    ]);
  });

  it('refuses a cast without a way, a function with another method, a bad context, and a cast declared twice', () => {
    const build = (options: object): unknown => {
      const m = defineMetadata();
      m.cast(options as never);
      return buildSchemaModel(m);
    };
    expect(() => build({ source: 'a', target: 'b' })).toThrow(/give a function, or method 'inout' or 'binary'/);
    expect(() => build({ source: 'a', target: 'b', method: 'inout', function: 'f(a)' })).toThrow(/takes no function/);
    expect(() => build({ source: 'a', target: 'b', function: 'f' })).toThrow(/with its argument types/);
    expect(() => build({ source: 'a', target: 'b', method: 'inout', context: 'always' })).toThrow(/context must be/);
    expect(() => build({ source: '', target: 'b', method: 'inout' })).toThrow(/needs a source and a target/);
    const m = defineMetadata();
    m.cast({ source: 'a', target: 'b', method: 'inout' });
    m.cast({ source: 'a', target: 'b', method: 'binary' });
    expect(() => buildSchemaModel(m)).toThrow(/cast \(a AS b\): is declared twice/);
  });
});

describe('cast operations', () => {
  const create: Operation = { kind: 'createCast', cast: TO_TEXT };

  it('compiles CREATE CAST with each method and context, and DROP CAST', () => {
    expect(compileOperation(create).map((s) => s.sql)).toEqual([
      'CREATE CAST (public.money_t AS text) WITH FUNCTION public.money_to_text(public.money_t) AS ASSIGNMENT',
    ]);
    expect(compileOperation({ kind: 'createCast', cast: INOUT }).map((s) => s.sql)).toEqual([
      'CREATE CAST (public.money_t AS bigint) WITH INOUT',
    ]);
    const binary: CastModel = { source: 'a', target: 'b', method: 'binary', context: 'implicit' };
    expect(compileOperation({ kind: 'createCast', cast: binary }).map((s) => s.sql)).toEqual([
      'CREATE CAST (a AS b) WITHOUT FUNCTION AS IMPLICIT',
    ]);
    expect(compileOperation({ kind: 'dropCast', source: 'public.money_t', target: 'text' }).map((s) => s.sql)).toEqual([
      'DROP CAST (public.money_t AS text)',
    ]);
    expect(() => compileOperation({ kind: 'createCast', cast: { ...binary, context: 'x; DROP' as never } })).toThrow(
      /cast context/,
    );
  });

  it('reverses each: a drop carries the cast', () => {
    const drop = reverseOperation(create);
    expect(drop).toEqual({ kind: 'dropCast', source: 'public.money_t', target: 'text', removed: TO_TEXT });
    expect(reverseOperation(drop)).toEqual(create);
    expect(() => reverseOperation({ kind: 'dropCast', source: 'a', target: 'b' })).toThrow();
  });

  it('describes them', () => {
    expect(describeOperation(create)).toBe(
      'create cast (public.money_t as text) with function public.money_to_text(public.money_t), as assignment',
    );
    expect(describeOperation({ kind: 'createCast', cast: INOUT })).toBe(
      'create cast (public.money_t as bigint) with inout',
    );
    expect(describeOperation({ kind: 'dropCast', source: 'a', target: 'b' })).toBe('drop cast (a as b)');
  });
});

const FN: FunctionModel = {
  schema: 'public',
  name: 'money_to_text',
  kind: 'function',
  argumentTypes: 'public.money_t',
  arguments: 'm public.money_t',
  result: 'text',
  definition:
    'CREATE OR REPLACE FUNCTION public.money_to_text(m public.money_t) RETURNS text LANGUAGE sql AS $$ SELECT m::text $$',
  dependsOn: [],
};

function model(casts: CastModel[], functions: FunctionModel[] = [FN]): SchemaModel {
  return completeModel({ schemas: [], enums: [], tables: [], functions, casts });
}

describe('compareModels: casts', () => {
  it('creates a cast after its function, drops it before, and drops and creates a changed one', () => {
    expect(compareModels(model([], []), model([TO_TEXT])).map((op) => op.kind)).toEqual([
      'createFunction',
      'createCast',
    ]);
    expect(compareModels(model([TO_TEXT]), model([], [])).map((op) => op.kind)).toEqual(['dropCast', 'dropFunction']);
    const implicit = { ...TO_TEXT, context: 'implicit' as const };
    expect(compareModels(model([TO_TEXT]), model([implicit]))).toEqual([
      { kind: 'dropCast', source: 'public.money_t', target: 'text', removed: TO_TEXT },
      { kind: 'createCast', cast: implicit },
    ]);
    expect(compareModels(model([TO_TEXT, INOUT]), model([{ ...INOUT }, { ...TO_TEXT }]))).toEqual([]);
  });

  it('is written by pull as metadata.cast()', () => {
    const source = renderModelSource(model([TO_TEXT, INOUT]));
    expect(source).toContain(
      "metadata.cast({ source: 'public.money_t', target: 'text', function: 'public.money_to_text(public.money_t)', context: 'assignment' });",
    );
    expect(source).toContain("metadata.cast({ source: 'public.money_t', target: 'bigint', method: 'inout' });");
  });
});
