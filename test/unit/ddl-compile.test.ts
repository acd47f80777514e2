import { describe, expect, it } from 'vitest';
import { compileOperation, compileOperations } from '../../src/pg/ddl/compile.js';
import type { Operation, OperationKind } from '../../src/ops/operation.js';

describe('DDL: executeSql', () => {
  it('passes SQL and parameters through as given', () => {
    expect(compileOperation({ kind: 'executeSql', sql: 'UPDATE t SET a = $1 WHERE b = $2', params: [1, 'x'] })).toStrictEqual([
      { sql: 'UPDATE t SET a = $1 WHERE b = $2', params: [1, 'x'], transactional: true },
    ]);
  });
  it('leaves params out when there are none, and ignores reverseSql', () => {
    expect(compileOperation({ kind: 'executeSql', sql: 'SELECT 1', reverseSql: 'SELECT 2' })).toStrictEqual([
      { sql: 'SELECT 1', transactional: true },
    ]);
  });
});

describe('compileOperation', () => {
  const oneOfEach: Record<OperationKind, Operation> = {
    createSchema: { kind: 'createSchema', schema: 's' },
    dropSchema: { kind: 'dropSchema', schema: 's' },
    createEnum: { kind: 'createEnum', enum: { schema: 's', name: 'e', values: ['a'] } },
    dropEnum: { kind: 'dropEnum', schema: 's', name: 'e' },
    addEnumValue: { kind: 'addEnumValue', schema: 's', name: 'e', value: 'b' },
    createTable: {
      kind: 'createTable',
      table: { schema: 's', name: 't', columns: [], primaryKey: null, foreignKeys: [], uniques: [], checks: [], indexes: [] },
    },
    dropTable: { kind: 'dropTable', schema: 's', name: 't' },
    addColumn: { kind: 'addColumn', schema: 's', table: 't', column: { name: 'c', type: 'text', nullable: true, default: null, identity: null } },
    dropColumn: { kind: 'dropColumn', schema: 's', table: 't', column: 'c' },
    alterColumn: { kind: 'alterColumn', schema: 's', table: 't', column: 'c', to: { nullable: false } },
    addConstraint: { kind: 'addConstraint', schema: 's', table: 't', constraint: { type: 'unique', name: 'u', columns: ['c'] } },
    dropConstraint: { kind: 'dropConstraint', schema: 's', table: 't', name: 'u' },
    createIndex: { kind: 'createIndex', schema: 's', table: 't', index: { name: 'i', unique: false, method: 'btree', columns: [{ column: 'c' }], where: null } },
    dropIndex: { kind: 'dropIndex', schema: 's', table: 't', name: 'i' },
    executeSql: { kind: 'executeSql', sql: 'SELECT 1' },
  };

  it('compiles every kind to transactional statements', () => {
    for (const op of Object.values(oneOfEach)) {
      const statements = compileOperation(op);
      expect(statements.length, op.kind).toBeGreaterThan(0);
      for (const statement of statements) expect(statement.transactional, op.kind).toBe(true);
    }
  });
  it('rejects an unknown kind', () => {
    expect(() => compileOperation({ kind: 'renameTable' } as unknown as Operation)).toThrow(/unexpected operation kind/);
  });
  it('compiles a list in order', () => {
    expect(compileOperations([oneOfEach.createSchema, oneOfEach.createEnum]).map((s) => s.sql)).toEqual([
      'CREATE SCHEMA "s"',
      `CREATE TYPE "s"."e" AS ENUM ('a')`,
    ]);
  });
});
