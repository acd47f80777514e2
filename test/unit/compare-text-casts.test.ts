import { describe, expect, it } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import type { Operation } from '../../src/ops/operation.js';
import { isDestructive } from '../../src/ops/describe.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import type { EnumModel, SchemaModel } from '../../src/schema/model.js';
import { column, domain, model, table } from '../helpers/models.js';

const a: EnumModel = { schema: 'public', name: 'a', values: ['x', 'y'] };
const b: EnumModel = { schema: 'public', name: 'b', values: ['x', 'y'] };
const wider: EnumModel = { schema: 'public', name: 'wider', values: ['x', 'z', 'y'] };
const narrower: EnumModel = { schema: 'public', name: 'narrower', values: ['x'] };
const domains = [domain('a_dom', 'public.a'), domain('text_dom', 'text'), domain('a_dom_dom', 'public.a_dom')];

function sideWith(type: string): SchemaModel {
  return model({
    enums: [a, b, wider, narrower],
    domains,
    tables: [table('t', { columns: [column('id', 'integer', { nullable: false }), column('c', type)] })],
  });
}

function retype(from: string, to: string): Operation {
  const ops = compareModels(sideWith(from), sideWith(to));
  expect(ops).toHaveLength(1);
  return ops[0] as Operation;
}

const throughText = (from: string, to: string): boolean =>
  (retype(from, to) as { throughText?: boolean }).throughText === true;

describe('compareModels: retypes Postgres cannot cast directly go through text', () => {
  it('marks one enum to another, arrays of them and domains over them', () => {
    expect(throughText('public.a', 'public.b')).toBe(true);
    expect(throughText('public.a[]', 'public.b[]')).toBe(true);
    expect(throughText('public.a_dom', 'public.b')).toBe(true);
    expect(throughText('public.b', 'public.a_dom_dom')).toBe(true);
  });
  it('marks an enum to or from a type that is not a string type', () => {
    expect(throughText('public.a', 'integer')).toBe(true);
    expect(throughText('integer', 'public.b')).toBe(true);
  });
  it('leaves the casts Postgres makes itself: string types, domains over them, an enum and its own domain', () => {
    expect(throughText('public.a', 'text')).toBe(false);
    expect(throughText('character varying(10)', 'public.a')).toBe(false);
    expect(throughText('public.a', 'public.text_dom')).toBe(false);
    expect(throughText('public.a[]', 'text[]')).toBe(false);
    expect(throughText('public.a', 'public.a_dom')).toBe(false);
    expect(throughText('integer', 'bigint')).toBe(false);
  });
  it('leaves a change of array depth to the plain cast', () => {
    expect(throughText('public.a', 'public.b[]')).toBe(false);
  });
});

describe('compareModels: a retype that keeps every value is not destructive', () => {
  it("an enum to one holding all its labels, in any order, or to text: the upgrade's loses none, the downgrade's may", () => {
    for (const [from, to] of [
      ['public.a', 'public.b'],
      ['public.a', 'public.wider'],
      ['public.a[]', 'public.wider[]'],
      ['public.a', 'text'],
      ['public.a', 'character varying'],
    ] as const) {
      const op = retype(from, to);
      expect(op, `${from} -> ${to}`).toMatchObject({ keepsValues: true });
      expect(isDestructive(op), `${from} -> ${to}`).toBe(false);
      expect(isDestructive(reverseOperation(op)), `${to} -> ${from}`).toBe(true);
    }
  });

  it('an enum to one lacking a label, to a bounded string, to a domain or another type: destructive as before', () => {
    for (const [from, to] of [
      ['public.a', 'public.narrower'],
      ['public.a', 'character varying(1)'],
      ['public.a', 'public.a_dom'],
      ['public.a', 'integer'],
      ['text', 'public.a'],
    ] as const) {
      const op = retype(from, to);
      expect(op, `${from} -> ${to}`).not.toHaveProperty('keepsValues');
      expect(isDestructive(op), `${from} -> ${to}`).toBe(true);
    }
  });
});

describe('alterColumn throughText', () => {
  const op: Operation = {
    kind: 'alterColumn',
    schema: 'public',
    table: 't',
    column: 'c',
    to: { type: 'public.b' },
    from: { type: 'public.a' },
    throughText: true,
  };
  it('compiles to a cast through text, in both directions', () => {
    expect(compileOperation(op).map((s) => s.sql)).toEqual([
      'ALTER TABLE "public"."t" ALTER COLUMN "c" TYPE public.b USING "c"::text::public.b',
    ]);
    const back = reverseOperation(op);
    expect(back).toMatchObject({ to: { type: 'public.a' }, from: { type: 'public.b' }, throughText: true });
    expect(compileOperation(back).map((s) => s.sql)).toEqual([
      'ALTER TABLE "public"."t" ALTER COLUMN "c" TYPE public.a USING "c"::text::public.a',
    ]);
  });
  it('gives way to an explicit using', () => {
    expect(compileOperation({ ...op, using: 'NULL' }).map((s) => s.sql)).toEqual([
      'ALTER TABLE "public"."t" ALTER COLUMN "c" TYPE public.b USING NULL',
    ]);
  });
});
