import { describe, expect, it } from 'vitest';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import type { TableModel } from '../../src/schema/model.js';

const emptyTable = (over: Partial<TableModel> = {}): TableModel => ({
  schema: 'public',
  name: 'posts',
  columns: [],
  primaryKey: null,
  foreignKeys: [],
  uniques: [],
  checks: [],
  indexes: [],
  ...over,
});

describe('DDL: createTable', () => {
  it('writes columns and constraints in one statement, then one per index', () => {
    const table = emptyTable({
      columns: [
        { name: 'id', type: 'bigint', nullable: false, default: null, identity: { always: true } },
        { name: 'user_id', type: 'bigint', nullable: false, default: null, identity: null },
        { name: 'title', type: 'text', nullable: true, default: "''::text", identity: null },
      ],
      primaryKey: { name: 'posts_pkey', columns: ['id'] },
      foreignKeys: [
        {
          name: 'posts_user_id_fkey',
          columns: ['user_id'],
          refSchema: 'public',
          refTable: 'users',
          refColumns: ['id'],
          onDelete: 'CASCADE',
          onUpdate: 'NO ACTION',
        },
      ],
      uniques: [{ name: 'posts_user_id_title_key', columns: ['user_id', 'title'] }],
      checks: [{ name: 'posts_title_check', expression: '(length(title) > 0)' }],
      indexes: [
        {
          name: 'ix_posts_title',
          unique: false,
          method: 'btree',
          columns: [{ expression: 'lower(title)' }],
          where: null,
        },
        {
          name: 'ix_posts_user',
          unique: false,
          method: 'btree',
          columns: [{ column: 'user_id' }],
          where: '(title IS NOT NULL)',
        },
      ],
    });
    expect(compileOperation({ kind: 'createTable', table })).toStrictEqual([
      {
        sql: [
          'CREATE TABLE "public"."posts" (',
          '  "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,',
          '  "user_id" bigint NOT NULL,',
          `  "title" text DEFAULT ''::text,`,
          '  CONSTRAINT "posts_pkey" PRIMARY KEY ("id"),',
          '  CONSTRAINT "posts_user_id_title_key" UNIQUE ("user_id", "title"),',
          '  CONSTRAINT "posts_title_check" CHECK ((length(title) > 0)),',
          '  CONSTRAINT "posts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."users" ("id") ON DELETE CASCADE',
          ')',
        ].join('\n'),
        transactional: true,
      },
      { sql: 'CREATE INDEX "ix_posts_title" ON "public"."posts" ((lower(title)))', transactional: true },
      {
        sql: 'CREATE INDEX "ix_posts_user" ON "public"."posts" ("user_id") WHERE (title IS NOT NULL)',
        transactional: true,
      },
    ]);
  });
  it('keeps model order within each constraint group', () => {
    const table = emptyTable({
      columns: [
        { name: 'a', type: 'integer', nullable: true, default: null, identity: null },
        { name: 'b', type: 'integer', nullable: true, default: null, identity: null },
      ],
      uniques: [
        { name: 'u2', columns: ['a'] },
        { name: 'u1', columns: ['b'] },
      ],
      checks: [
        { name: 'c2', expression: '(a > 0)' },
        { name: 'c1', expression: '(a < 9)' },
      ],
    });
    expect(compileOperation({ kind: 'createTable', table })[0]!.sql).toBe(
      [
        'CREATE TABLE "public"."posts" (',
        '  "a" integer,',
        '  "b" integer,',
        '  CONSTRAINT "u2" UNIQUE ("a"),',
        '  CONSTRAINT "u1" UNIQUE ("b"),',
        '  CONSTRAINT "c2" CHECK ((a > 0)),',
        '  CONSTRAINT "c1" CHECK ((a < 9))',
        ')',
      ].join('\n'),
    );
  });
  it("adds a key whose columns repeat an earlier key's after CREATE TABLE, which would merge the two", () => {
    const table = emptyTable({
      columns: [
        { name: 'a', type: 'integer', nullable: false, default: null, identity: null },
        { name: 'b', type: 'integer', nullable: true, default: null, identity: null },
      ],
      primaryKey: { name: 'posts_pkey', columns: ['a'] },
      uniques: [
        { name: 'u_a', columns: ['a'] },
        { name: 'u_ab', columns: ['a', 'b'] },
        { name: 'u_ba', columns: ['b', 'a'] },
        { name: 'u_ab2', columns: ['a', 'b'] },
      ],
    });
    expect(compileOperation({ kind: 'createTable', table })).toStrictEqual([
      {
        sql: [
          'CREATE TABLE "public"."posts" (',
          '  "a" integer NOT NULL,',
          '  "b" integer,',
          '  CONSTRAINT "posts_pkey" PRIMARY KEY ("a"),',
          '  CONSTRAINT "u_ab" UNIQUE ("a", "b"),',
          '  CONSTRAINT "u_ba" UNIQUE ("b", "a")',
          ')',
        ].join('\n'),
        transactional: true,
      },
      { sql: 'ALTER TABLE "public"."posts" ADD CONSTRAINT "u_a" UNIQUE ("a")', transactional: true },
      { sql: 'ALTER TABLE "public"."posts" ADD CONSTRAINT "u_ab2" UNIQUE ("a", "b")', transactional: true },
    ]);
  });
  it('quotes odd names and writes a table without columns', () => {
    expect(
      compileOperation({ kind: 'createTable', table: emptyTable({ schema: 'My Schema', name: 'My "Table"' }) }),
    ).toStrictEqual([{ sql: 'CREATE TABLE "My Schema"."My ""Table""" ()', transactional: true }]);
  });
  it('writes a composite primary key', () => {
    const table = emptyTable({
      columns: [
        { name: 'a', type: 'integer', nullable: false, default: null, identity: null },
        { name: 'b', type: 'serial', nullable: false, default: null, identity: null },
      ],
      primaryKey: { name: 'pk', columns: ['a', 'b'] },
    });
    expect(compileOperation({ kind: 'createTable', table })[0]!.sql).toBe(
      [
        'CREATE TABLE "public"."posts" (',
        '  "a" integer NOT NULL,',
        '  "b" serial NOT NULL,',
        '  CONSTRAINT "pk" PRIMARY KEY ("a", "b")',
        ')',
      ].join('\n'),
    );
  });
});

describe('DDL: dropTable', () => {
  it('drops a table by name', () => {
    expect(compileOperation({ kind: 'dropTable', schema: 'public', name: 'My "Table"' })).toStrictEqual([
      { sql: 'DROP TABLE "public"."My ""Table"""', transactional: true },
    ]);
  });
  it('ignores the removed object', () => {
    expect(
      compileOperation({ kind: 'dropTable', schema: 'public', name: 'posts', removed: emptyTable() }),
    ).toStrictEqual([{ sql: 'DROP TABLE "public"."posts"', transactional: true }]);
  });
});
