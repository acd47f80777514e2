import { describe, expect, it } from 'vitest';
import { compareModels, unsupportedChanges } from '../helpers/compare.js';
import { describeOperation } from '../../src/ops/describe.js';
import { hazardsOf } from '../../src/ops/hazards.js';
import type { Operation } from '../../src/ops/operation.js';
import { reverseOperation, reverseOperations } from '../../src/ops/reverse.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import type { CompositeTypeModel, SchemaModel, TableModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';
import { buildSchemaModel, defineMetadata, integer, text, varchar } from '../../src/schema/index.js';

describe('DSL: composite types', () => {
  it('declares attributes in order, from builders or spellings, with collations, in the metadata schema unless told', () => {
    const m = defineMetadata({ schema: 'app' });
    const mood = m.enum('mood', ['ok', 'sad']);
    const address = m.compositeType(
      'address',
      { street: text(), zip: varchar(10).collate('C'), mood: mood.column(), tags: text().array() },
      { comment: 'Postal' },
    );
    m.compositeType('pair', { a: 'int4', b: 'app.address[]' }, { schema: 'other' });
    m.table('customer', { id: integer().primaryKey(), home: address.column() });
    const model = buildSchemaModel(m);
    expect(model.composites).toEqual([
      {
        schema: 'app',
        name: 'address',
        attributes: [
          { name: 'street', type: 'text' },
          { name: 'zip', type: 'character varying(10)', collation: '"C"' },
          { name: 'mood', type: 'app.mood' },
          { name: 'tags', type: 'text[]' },
        ],
      },
      {
        schema: 'other',
        name: 'pair',
        attributes: [
          { name: 'a', type: 'integer' },
          { name: 'b', type: 'app.address[]' },
        ],
      },
    ]);
    expect(model.schemas).toEqual(['app', 'other']);
    expect(model.tables[0]!.columns[1]!.type).toBe('app.address');
    expect(model.comments).toEqual([{ target: { on: 'type', schema: 'app', name: 'address' }, text: 'Postal' }]);
  });

  it('refuses an attribute that says more than a type and a collation, and a type declared twice', () => {
    const m = defineMetadata();
    m.compositeType('c', { a: integer().notNull() });
    expect(() => buildSchemaModel(m)).toThrow(
      /composite type public\.c, attribute a: an attribute has a type and a collation only, not NOT NULL/,
    );
    const n = defineMetadata();
    n.compositeType('c', { a: integer() });
    n.compositeType('c', { b: integer() });
    expect(() => buildSchemaModel(n)).toThrow(/composite type public\.c: is declared twice/);
  });

  it('accepts a comment on it through metadata.comment', () => {
    const m = defineMetadata();
    m.compositeType('c', { a: integer() });
    m.comment({ type: 'c' }, 'x');
    expect(buildSchemaModel(m).comments).toEqual([{ target: { on: 'type', schema: 'public', name: 'c' }, text: 'x' }]);
  });
});

const address: CompositeTypeModel = {
  schema: 'public',
  name: 'address',
  attributes: [
    { name: 'street', type: 'text' },
    { name: 'zip', type: 'character varying(10)', collation: '"C"' },
  ],
};

describe('DDL: composite types', () => {
  const sql = (op: Operation): string[] => compileOperation(op).map((s) => s.sql);
  it('creates, drops and alters attributes with quoted names', () => {
    expect(sql({ kind: 'createCompositeType', composite: address })).toEqual([
      'CREATE TYPE "public"."address" AS ("street" text, "zip" character varying(10) COLLATE "C")',
    ]);
    expect(sql({ kind: 'dropCompositeType', schema: 'public', name: 'address' })).toEqual([
      'DROP TYPE "public"."address"',
    ]);
    expect(
      sql({
        kind: 'addCompositeAttribute',
        schema: 'public',
        name: 'address',
        attribute: { name: 'City', type: 'text' },
      }),
    ).toEqual(['ALTER TYPE "public"."address" ADD ATTRIBUTE "City" text']);
    expect(sql({ kind: 'dropCompositeAttribute', schema: 'public', name: 'address', attribute: 'zip' })).toEqual([
      'ALTER TYPE "public"."address" DROP ATTRIBUTE "zip"',
    ]);
    expect(
      sql({
        kind: 'alterCompositeAttribute',
        schema: 'public',
        name: 'address',
        attribute: 'zip',
        to: { type: 'text', collation: '"C"' },
      }),
    ).toEqual(['ALTER TYPE "public"."address" ALTER ATTRIBUTE "zip" TYPE text COLLATE "C"']);
  });
});

describe('reverse and hazards: composite types', () => {
  it('reverses each operation, and refuses without what was removed or what it was', () => {
    const create: Operation = { kind: 'createCompositeType', composite: address };
    expect(reverseOperation(reverseOperation(create))).toEqual(create);
    const add: Operation = {
      kind: 'addCompositeAttribute',
      schema: 'public',
      name: 'address',
      attribute: { name: 'city', type: 'text' },
      usedBy: ['public.c.home'],
    };
    expect(reverseOperation(add)).toEqual({
      kind: 'dropCompositeAttribute',
      schema: 'public',
      name: 'address',
      attribute: 'city',
      removed: { name: 'city', type: 'text' },
      usedBy: ['public.c.home'],
    });
    expect(reverseOperation(reverseOperation(add))).toEqual(add);
    const alter: Operation = {
      kind: 'alterCompositeAttribute',
      schema: 'public',
      name: 'address',
      attribute: 'zip',
      to: { type: 'text' },
      from: { type: 'integer' },
    };
    expect(reverseOperation(alter)).toEqual({ ...alter, to: { type: 'integer' }, from: { type: 'text' } });
    expect(() => reverseOperation({ kind: 'dropCompositeType', schema: 'public', name: 'address' })).toThrow(
      /drop composite type public\.address cannot be reversed/,
    );
    expect(() => reverseOperation({ ...alter, from: undefined })).toThrow(
      /cannot be reversed: it does not say what the attribute was before/,
    );
  });

  it('counts a dropped attribute as data loss only when table columns hold the type', () => {
    const drop: Operation = { kind: 'dropCompositeAttribute', schema: 'public', name: 'address', attribute: 'zip' };
    expect(hazardsOf(drop)).toEqual([]);
    expect(hazardsOf({ ...drop, usedBy: ['public.c.home'] })).toEqual([
      {
        kind: 'data-loss',
        code: 'drop-column',
        message: 'drop attribute zip of composite type public.address; its values in public.c.home are lost',
      },
    ]);
    expect(hazardsOf({ kind: 'dropCompositeType', schema: 'public', name: 'address' })).toEqual([]);
  });
});

function table(name: string, columns: [string, string][]): TableModel {
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

function model(parts: Partial<SchemaModel> = {}): SchemaModel {
  return completeModel({ schemas: [], enums: [], tables: [], ...parts });
}

describe('compareModels: composite types', () => {
  const described = (ops: Operation[]): string[] => ops.map(describeOperation);

  it('creates a composite type before the table and the domain using it, and drops it after them', () => {
    const target = model({
      composites: [address],
      domains: [
        { schema: 'public', name: 'addr_d', type: 'public.address', default: null, notNull: false, checks: [] },
      ],
      tables: [table('customer', [['home', 'public.address']])],
    });
    const ops = compareModels(model(), target);
    expect(described(ops)).toEqual([
      'create composite type public.address',
      'create domain public.addr_d',
      'create table public.customer',
    ]);
    expect(described(compareModels(target, model()))).toEqual([
      'drop table public.customer',
      'drop domain public.addr_d',
      'drop composite type public.address',
    ]);
    expect(described(reverseOperations(ops))).toEqual(described(compareModels(target, model())));
  });

  it("creates a composite type over a table's row type after the table, and drops it before", () => {
    const target = model({
      composites: [{ schema: 'public', name: 'wrap', attributes: [{ name: 't', type: 'public.t' }] }],
      tables: [table('t', [['id', 'integer']])],
    });
    expect(described(compareModels(model(), target))).toEqual([
      'create table public.t',
      'create composite type public.wrap',
    ]);
    expect(described(compareModels(target, model()))).toEqual([
      'drop composite type public.wrap',
      'drop table public.t',
    ]);
  });

  it('drops, adds and retypes attributes in place; the drop names the columns holding the type', () => {
    const current = model({ composites: [address], tables: [table('customer', [['home', 'public.address[]']])] });
    const added: CompositeTypeModel = {
      ...address,
      attributes: [
        { name: 'street', type: 'text' },
        { name: 'city', type: 'text' },
      ],
    };
    expect(compareModels(current, { ...current, composites: [added] })).toEqual([
      {
        kind: 'dropCompositeAttribute',
        schema: 'public',
        name: 'address',
        attribute: 'zip',
        removed: address.attributes[1],
        usedBy: ['public.customer.home'],
      },
      {
        kind: 'addCompositeAttribute',
        schema: 'public',
        name: 'address',
        attribute: { name: 'city', type: 'text' },
        usedBy: ['public.customer.home'],
      },
    ]);
    // A retype is refused by Postgres while a column holds the type: the type's change is reported instead.
    const next: CompositeTypeModel = {
      ...address,
      attributes: [
        { name: 'street', type: 'character varying(80)' },
        { name: 'city', type: 'text' },
      ],
    };
    expect(compareModels(current, { ...current, composites: [next] })).toEqual([]);
    expect(unsupportedChanges(current, { ...current, composites: [next] })).toEqual([
      'composite type public.address: attribute street changes type, which Postgres refuses while column public.customer.home holds it; change it by hand (add a new attribute, copy, drop the old one)',
    ]);
    const free = model({ composites: [address] });
    expect(described(compareModels(free, { ...free, composites: [next] }))).toEqual([
      'drop attribute zip of composite type public.address',
      'alter attribute street of composite type public.address: type text -> character varying(80)',
      'add attribute city to composite type public.address',
    ]);
  });

  it('drops trailing attributes last first, so that the downgrade adds them back in their order', () => {
    const wide: CompositeTypeModel = {
      ...address,
      attributes: [...address.attributes, { name: 'city', type: 'text' }],
    };
    const free = model({ composites: [wide] });
    const ops = compareModels(free, { ...free, composites: [{ ...address, attributes: [address.attributes[0]!] }] });
    expect(described(ops)).toEqual([
      'drop attribute city of composite type public.address',
      'drop attribute zip of composite type public.address',
    ]);
    expect(described(reverseOperations(ops))).toEqual([
      'add attribute zip to composite type public.address',
      'add attribute city to composite type public.address',
    ]);
  });

  it('creates a type again when its attributes change order, unless something holds it', () => {
    const reordered: CompositeTypeModel = { ...address, attributes: [...address.attributes].reverse() };
    const free = model({ composites: [address] });
    expect(described(compareModels(free, { ...free, composites: [reordered] }))).toEqual([
      'drop composite type public.address',
      'create composite type public.address',
    ]);
    const held = model({ composites: [address], tables: [table('customer', [['home', 'public.address']])] });
    expect(compareModels(held, { ...held, composites: [reordered] })).toEqual([]);
    expect(unsupportedChanges(held, { ...held, composites: [reordered] })).toEqual([
      'composite type public.address: its attributes change order, which takes dropping and creating it again, and column public.customer.home holds it; add new attributes last',
    ]);
  });
});

describe('compareModels: an enum a composite type uses', () => {
  it('is not replaced (its old type could not be dropped): the change is reported', () => {
    const mood = { schema: 'public', name: 'mood', values: ['ok', 'sad', 'meh'] };
    const current = model({
      enums: [mood],
      composites: [{ schema: 'public', name: 'c', attributes: [{ name: 'm', type: 'public.mood[]' }] }],
    });
    const target = { ...current, enums: [{ ...mood, values: ['ok', 'sad'] }] };
    expect(compareModels(current, target).map((op) => op.kind)).not.toContain('replaceEnum');
    expect(unsupportedChanges(current, target).join('\n')).toContain('composite type public.c has an attribute of it');
  });
});
