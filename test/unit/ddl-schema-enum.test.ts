import { describe, expect, it } from 'vitest';
import { compileOperation } from '../../src/pg/ddl/compile.js';

const sqlOf = (op: Parameters<typeof compileOperation>[0]): string[] => compileOperation(op).map((s) => s.sql);

describe('DDL: schemas', () => {
  it('creates and drops a schema', () => {
    expect(compileOperation({ kind: 'createSchema', schema: 'app' })).toStrictEqual([
      { sql: 'CREATE SCHEMA "app"', transactional: true },
    ]);
    expect(compileOperation({ kind: 'dropSchema', schema: 'app' })).toStrictEqual([
      { sql: 'DROP SCHEMA "app"', transactional: true },
    ]);
  });
  it('quotes odd schema names', () => {
    expect(sqlOf({ kind: 'createSchema', schema: 'My "Schema"' })).toEqual(['CREATE SCHEMA "My ""Schema"""']);
  });
});

describe('DDL: enums', () => {
  it('creates an enum with quoted labels', () => {
    const values = ['sad', "it's ok", 'happy'];
    expect(compileOperation({ kind: 'createEnum', enum: { schema: 'public', name: 'mood', values } })).toStrictEqual([
      { sql: `CREATE TYPE "public"."mood" AS ENUM ('sad', 'it''s ok', 'happy')`, transactional: true },
    ]);
  });
  it('creates an enum with no labels and an odd name', () => {
    expect(sqlOf({ kind: 'createEnum', enum: { schema: 'S', name: 'My "Type"', values: [] } })).toEqual([
      'CREATE TYPE "S"."My ""Type""" AS ENUM ()',
    ]);
  });
  it('drops an enum, with or without what it removes', () => {
    expect(sqlOf({ kind: 'dropEnum', schema: 'public', name: 'mood' })).toEqual(['DROP TYPE "public"."mood"']);
    const removed = { schema: 'public', name: 'mood', values: ['a'] };
    expect(sqlOf({ kind: 'dropEnum', schema: 'public', name: 'mood', removed })).toEqual(['DROP TYPE "public"."mood"']);
  });
  it('adds a value at the end, before or after another', () => {
    const base = { kind: 'addEnumValue', schema: 'public', name: 'mood', value: 'meh' } as const;
    expect(compileOperation(base)).toStrictEqual([
      { sql: `ALTER TYPE "public"."mood" ADD VALUE 'meh'`, transactional: true },
    ]);
    expect(sqlOf({ ...base, before: 'happy' })).toEqual([`ALTER TYPE "public"."mood" ADD VALUE 'meh' BEFORE 'happy'`]);
    expect(sqlOf({ ...base, after: "it's ok" })).toEqual([
      `ALTER TYPE "public"."mood" ADD VALUE 'meh' AFTER 'it''s ok'`,
    ]);
  });
  it('escapes backslashes in labels', () => {
    expect(sqlOf({ kind: 'addEnumValue', schema: 'public', name: 'mood', value: 'a\\b' })).toEqual([
      `ALTER TYPE "public"."mood" ADD VALUE E'a\\\\b'`,
    ]);
  });
  it('refuses a value placed both before and after', () => {
    expect(() =>
      compileOperation({ kind: 'addEnumValue', schema: 'public', name: 'mood', value: 'x', before: 'a', after: 'b' }),
    ).toThrow(/gives both before and after; keep only one/);
  });
});
