import { describe, expect, it } from 'vitest';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import type { PolicyModel, TableModel } from '../../src/schema/model.js';

const sqlOf = (op: Parameters<typeof compileOperation>[0]): string[] => compileOperation(op).map((s) => s.sql);

const policy: PolicyModel = { name: 'own', permissive: true, command: 'ALL', roles: ['public'], using: '(owner = CURRENT_USER)', withCheck: null };

function table(extra: Partial<TableModel>): TableModel {
  return { schema: 'public', name: 't', columns: [], primaryKey: null, foreignKeys: [], uniques: [], checks: [], indexes: [], ...extra };
}

describe('DDL: policies', () => {
  it('creates a policy with only what differs from the defaults', () => {
    expect(compileOperation({ kind: 'createPolicy', schema: 'public', table: 'doc', policy })).toStrictEqual([
      { sql: 'CREATE POLICY "own" ON "public"."doc" USING ((owner = CURRENT_USER))', transactional: true },
    ]);
  });

  it('creates a restrictive policy for one command and some roles, with a check', () => {
    const p: PolicyModel = { name: 'My "P"', permissive: false, command: 'INSERT', roles: ['app', 'public'], using: null, withCheck: '(n > 0)' };
    expect(sqlOf({ kind: 'createPolicy', schema: 's', table: 't', policy: p })).toEqual([
      'CREATE POLICY "My ""P""" ON "s"."t" AS RESTRICTIVE FOR INSERT TO "app", PUBLIC WITH CHECK ((n > 0))',
    ]);
  });

  it('drops a policy by name', () => {
    expect(sqlOf({ kind: 'dropPolicy', schema: 'public', table: 'doc', name: 'own', removed: policy })).toEqual([
      'DROP POLICY "own" ON "public"."doc"',
    ]);
  });
});

describe('DDL: row-level security', () => {
  it('changes only the switches that differ from before', () => {
    const op = { kind: 'setRowLevelSecurity', schema: 'public', table: 'doc' } as const;
    expect(sqlOf({ ...op, to: { enabled: true, forced: false }, from: { enabled: false, forced: false } })).toEqual([
      'ALTER TABLE "public"."doc" ENABLE ROW LEVEL SECURITY',
    ]);
    expect(sqlOf({ ...op, to: { enabled: true, forced: false }, from: { enabled: true, forced: true } })).toEqual([
      'ALTER TABLE "public"."doc" NO FORCE ROW LEVEL SECURITY',
    ]);
    expect(sqlOf({ ...op, to: { enabled: false, forced: true } })).toEqual([
      'ALTER TABLE "public"."doc" DISABLE ROW LEVEL SECURITY',
      'ALTER TABLE "public"."doc" FORCE ROW LEVEL SECURITY',
    ]);
  });

  it('creates a table with its switches on and its policies', () => {
    const sql = sqlOf({ kind: 'createTable', table: table({ rowLevelSecurity: { enabled: true, forced: true }, policies: [policy] }) });
    expect(sql).toEqual([
      'CREATE TABLE "public"."t" ()',
      'ALTER TABLE "public"."t" ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE "public"."t" FORCE ROW LEVEL SECURITY',
      'CREATE POLICY "own" ON "public"."t" USING ((owner = CURRENT_USER))',
    ]);
  });
});

describe('DDL: partitions', () => {
  it('creates a partitioned table', () => {
    const columns = [{ name: 'at', type: 'date', nullable: false, default: null, identity: null }];
    expect(sqlOf({ kind: 'createTable', table: table({ columns, partitionBy: 'RANGE (at)' }) })).toEqual([
      'CREATE TABLE "public"."t" (\n  "at" date NOT NULL\n) PARTITION BY RANGE (at)',
    ]);
  });

  it('creates a partition with no element list, or with its own constraints, and a sub-partitioned one', () => {
    const partitionOf = { schema: 'public', table: 'events', bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" };
    expect(sqlOf({ kind: 'createTable', table: table({ name: 'e24', partitionOf }) })).toEqual([
      `CREATE TABLE "public"."e24" PARTITION OF "public"."events" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`,
    ]);
    const checks = [{ name: 'e_pos', expression: '(n > 0)' }];
    const other = { schema: 'public', table: 'events', bound: 'DEFAULT' };
    expect(sqlOf({ kind: 'createTable', table: table({ name: 'e', checks, partitionOf: other, partitionBy: 'LIST (kind)' }) })).toEqual([
      'CREATE TABLE "public"."e" PARTITION OF "public"."events" (\n  CONSTRAINT "e_pos" CHECK ((n > 0))\n) DEFAULT PARTITION BY LIST (kind)',
    ]);
  });

  it('attaches and detaches a partition', () => {
    const partitionOf = { schema: 'app', table: 'events', bound: "FOR VALUES IN ('a')" };
    expect(sqlOf({ kind: 'attachPartition', schema: 'app', table: 'e_a', partitionOf })).toEqual([
      `ALTER TABLE "app"."events" ATTACH PARTITION "app"."e_a" FOR VALUES IN ('a')`,
    ]);
    expect(sqlOf({ kind: 'detachPartition', schema: 'app', table: 'e_a', partitionOf })).toEqual([
      'ALTER TABLE "app"."events" DETACH PARTITION "app"."e_a"',
    ]);
  });
});
