import { describe, expect, it } from 'vitest';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import type { Operation } from '../../src/ops/operation.js';
import type { ConstraintModel } from '../../src/schema/model.js';

const add = (constraint: ConstraintModel): string[] =>
  compileOperation({ kind: 'addConstraint', schema: 'public', table: 'posts', constraint }).map((s) => s.sql);
const prefix = 'ALTER TABLE "public"."posts" ADD CONSTRAINT';
const fk = (over: Partial<Extract<ConstraintModel, { type: 'foreignKey' }>> = {}): ConstraintModel => ({
  type: 'foreignKey',
  name: 'posts_user_id_fkey',
  columns: ['user_id'],
  refSchema: 'public',
  refTable: 'users',
  refColumns: ['id'],
  onDelete: 'NO ACTION',
  onUpdate: 'NO ACTION',
  ...over,
});

describe('DDL: constraints', () => {
  it('adds a primary key', () => {
    expect(
      compileOperation({
        kind: 'addConstraint',
        schema: 'public',
        table: 'posts',
        constraint: { type: 'primaryKey', name: 'posts_pkey', columns: ['a', 'b'] },
      }),
    ).toStrictEqual([{ sql: `${prefix} "posts_pkey" PRIMARY KEY ("a", "b")`, transactional: true }]);
  });
  it('adds a unique constraint', () => {
    expect(add({ type: 'unique', name: 'uq', columns: ['My "Col"'] })).toEqual([
      `${prefix} "uq" UNIQUE ("My ""Col""")`,
    ]);
  });
  it('adds a check with its expression as given', () => {
    expect(add({ type: 'check', name: 'ck', expression: '(length(title) > 0)' })).toEqual([
      `${prefix} "ck" CHECK ((length(title) > 0))`,
    ]);
  });
  it('adds a foreign key, leaving out NO ACTION', () => {
    expect(add(fk())).toEqual([
      `${prefix} "posts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."users" ("id")`,
    ]);
  });
  it('adds a foreign key with ON DELETE and ON UPDATE', () => {
    expect(add(fk({ onDelete: 'CASCADE', onUpdate: 'SET NULL' }))).toEqual([
      `${prefix} "posts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."users" ("id") ON DELETE CASCADE ON UPDATE SET NULL`,
    ]);
    expect(add(fk({ onUpdate: 'RESTRICT' }))).toEqual([
      `${prefix} "posts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."users" ("id") ON UPDATE RESTRICT`,
    ]);
    expect(add(fk({ onDelete: 'SET DEFAULT' }))).toEqual([
      `${prefix} "posts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."users" ("id") ON DELETE SET DEFAULT`,
    ]);
  });
  it('writes the column list of ON DELETE SET NULL', () => {
    expect(
      add(fk({ columns: ['a', 'b'], refColumns: ['x', 'y'], onDelete: 'SET NULL', onDeleteColumns: ['b'] })),
    ).toEqual([
      `${prefix} "posts_user_id_fkey" FOREIGN KEY ("a", "b") REFERENCES "public"."users" ("x", "y") ON DELETE SET NULL ("b")`,
    ]);
  });
  it("writes PostgreSQL 18's temporal keys and NOT ENFORCED", () => {
    expect(add({ type: 'primaryKey', name: 'pk', columns: ['id', 'valid'], withoutOverlaps: true })).toEqual([
      `${prefix} "pk" PRIMARY KEY ("id", "valid" WITHOUT OVERLAPS)`,
    ]);
    expect(add({ type: 'unique', name: 'uq', columns: ['id', 'valid'], withoutOverlaps: true })).toEqual([
      `${prefix} "uq" UNIQUE ("id", "valid" WITHOUT OVERLAPS)`,
    ]);
    expect(add(fk({ name: 'fk', columns: ['a', 'v'], refColumns: ['id', 'valid'], period: true }))).toEqual([
      `${prefix} "fk" FOREIGN KEY ("a", PERIOD "v") REFERENCES "public"."users" ("id", PERIOD "valid")`,
    ]);
    expect(add(fk({ notEnforced: true }))).toEqual([
      `${prefix} "posts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."users" ("id") NOT ENFORCED`,
    ]);
    expect(add({ type: 'check', name: 'ck', expression: '(a > 0)', notEnforced: true })).toEqual([
      `${prefix} "ck" CHECK ((a > 0)) NOT ENFORCED`,
    ]);
  });
  it('adds a composite foreign key to an odd table in another schema', () => {
    expect(
      add(fk({ name: 'fk', columns: ['a', 'b'], refSchema: 'Other', refTable: 'My "Table"', refColumns: ['x', 'y'] })),
    ).toEqual([`${prefix} "fk" FOREIGN KEY ("a", "b") REFERENCES "Other"."My ""Table""" ("x", "y")`]);
  });
  it('drops a constraint by name', () => {
    const op: Operation = { kind: 'dropConstraint', schema: 'public', table: 'My "Table"', name: 'My "Check"' };
    expect(compileOperation(op)).toStrictEqual([
      { sql: 'ALTER TABLE "public"."My ""Table""" DROP CONSTRAINT "My ""Check"""', transactional: true },
    ]);
  });
});
