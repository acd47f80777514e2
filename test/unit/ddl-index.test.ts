import { describe, expect, it } from 'vitest';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import type { IndexModel } from '../../src/schema/model.js';

const index = (over: Partial<IndexModel> = {}): IndexModel => ({
  name: 'ix_users_email',
  unique: false,
  method: 'btree',
  columns: [{ column: 'email' }],
  where: null,
  ...over,
});
const create = (ix: IndexModel): string[] =>
  compileOperation({ kind: 'createIndex', schema: 'public', table: 'users', index: ix }).map((s) => s.sql);

describe('DDL: indexes', () => {
  it('creates a btree index without USING', () => {
    expect(compileOperation({ kind: 'createIndex', schema: 'public', table: 'users', index: index() })).toStrictEqual([
      { sql: 'CREATE INDEX "ix_users_email" ON "public"."users" ("email")', transactional: true },
    ]);
  });
  it('creates a unique index', () => {
    expect(create(index({ unique: true }))).toEqual([
      'CREATE UNIQUE INDEX "ix_users_email" ON "public"."users" ("email")',
    ]);
  });
  it('wraps expressions in parentheses next to plain columns', () => {
    expect(create(index({ columns: [{ column: 'tenant' }, { expression: 'lower(email)' }] }))).toEqual([
      'CREATE INDEX "ix_users_email" ON "public"."users" ("tenant", (lower(email)))',
    ]);
  });
  it('writes the access method when it is not btree', () => {
    expect(create(index({ method: 'gin', columns: [{ column: 'tags' }] }))).toEqual([
      'CREATE INDEX "ix_users_email" ON "public"."users" USING gin ("tags")',
    ]);
    expect(create(index({ method: 'My Method' }))).toEqual([
      'CREATE INDEX "ix_users_email" ON "public"."users" USING "My Method" ("email")',
    ]);
  });
  it('writes a partial index predicate', () => {
    expect(create(index({ unique: true, method: 'hash', where: '(deleted_at IS NULL)' }))).toEqual([
      'CREATE UNIQUE INDEX "ix_users_email" ON "public"."users" USING hash ("email") WHERE (deleted_at IS NULL)',
    ]);
  });
  it('quotes odd index, table and column names', () => {
    const sql = compileOperation({
      kind: 'createIndex',
      schema: 'My Schema',
      table: 'My "Table"',
      index: index({ name: 'My "Index"', columns: [{ column: 'My "Col"' }] }),
    }).map((s) => s.sql);
    expect(sql).toEqual(['CREATE INDEX "My ""Index""" ON "My Schema"."My ""Table""" ("My ""Col""")']);
  });
  it('drops an index by schema and name', () => {
    expect(compileOperation({ kind: 'dropIndex', schema: 'public', table: 'users', name: 'My "Index"' })).toStrictEqual(
      [{ sql: 'DROP INDEX "public"."My ""Index"""', transactional: true }],
    );
  });
  it('renames an index within its schema, both names quoted', () => {
    expect(
      compileOperation({ kind: 'renameIndex', schema: 'My Schema', from: 'events_a_kind_idx', to: 'By "kind"' }),
    ).toStrictEqual([
      { sql: 'ALTER INDEX "My Schema"."events_a_kind_idx" RENAME TO "By ""kind"""', transactional: true },
    ]);
  });
});
