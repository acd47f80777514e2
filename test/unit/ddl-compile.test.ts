import { describe, expect, it } from 'vitest';
import { compileOperation, compileOperations } from '../../src/pg/ddl/compile.js';
import type { Operation, OperationKind } from '../../src/ops/operation.js';

describe('DDL: executeSql', () => {
  it('passes SQL and parameters through as given', () => {
    expect(
      compileOperation({ kind: 'executeSql', sql: 'UPDATE t SET a = $1 WHERE b = $2', params: [1, 'x'] }),
    ).toStrictEqual([{ sql: 'UPDATE t SET a = $1 WHERE b = $2', params: [1, 'x'], transactional: true }]);
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
      table: {
        schema: 's',
        name: 't',
        columns: [],
        primaryKey: null,
        foreignKeys: [],
        uniques: [],
        checks: [],
        indexes: [],
      },
    },
    dropTable: { kind: 'dropTable', schema: 's', name: 't' },
    addColumn: {
      kind: 'addColumn',
      schema: 's',
      table: 't',
      column: { name: 'c', type: 'text', nullable: true, default: null, identity: null },
    },
    dropColumn: { kind: 'dropColumn', schema: 's', table: 't', column: 'c' },
    alterColumn: { kind: 'alterColumn', schema: 's', table: 't', column: 'c', to: { nullable: false } },
    addConstraint: {
      kind: 'addConstraint',
      schema: 's',
      table: 't',
      constraint: { type: 'unique', name: 'u', columns: ['c'] },
    },
    dropConstraint: { kind: 'dropConstraint', schema: 's', table: 't', name: 'u' },
    createIndex: {
      kind: 'createIndex',
      schema: 's',
      table: 't',
      index: { name: 'i', unique: false, method: 'btree', columns: [{ column: 'c' }], where: null },
    },
    dropIndex: { kind: 'dropIndex', schema: 's', table: 't', name: 'i' },
    renameIndex: { kind: 'renameIndex', schema: 's', from: 'i', to: 'j' },
    renameSchema: { kind: 'renameSchema', from: 's', to: 'r' },
    setUnlogged: { kind: 'setUnlogged', schema: 's', table: 't', unlogged: true },
    setStorageParameters: {
      kind: 'setStorageParameters',
      schema: 's',
      table: 't',
      to: { fillfactor: '70', autovacuum_enabled: null },
      from: { fillfactor: null, autovacuum_enabled: 'off' },
    },
    renameTable: { kind: 'renameTable', schema: 's', from: 't', to: 'u' },
    renameColumn: { kind: 'renameColumn', schema: 's', table: 't', from: 'c', to: 'd' },
    renameObject: { kind: 'renameObject', object: 'trigger', schema: 's', table: 't', from: 'g', to: 'h' },
    executeSql: { kind: 'executeSql', sql: 'SELECT 1' },
    renameEnumValue: { kind: 'renameEnumValue', schema: 's', name: 'e', from: 'a', to: 'b' },
    replaceEnum: { kind: 'replaceEnum', schema: 's', name: 'e', from: ['a', 'b'], to: ['b'], columns: [] },
    setRowLevelSecurity: { kind: 'setRowLevelSecurity', schema: 's', table: 't', to: { enabled: true, forced: false } },
    createPolicy: {
      kind: 'createPolicy',
      schema: 's',
      table: 't',
      policy: { name: 'p', permissive: true, command: 'ALL', roles: ['public'], using: 'true', withCheck: null },
    },
    dropPolicy: { kind: 'dropPolicy', schema: 's', table: 't', name: 'p' },
    attachPartition: {
      kind: 'attachPartition',
      schema: 's',
      table: 't1',
      partitionOf: { schema: 's', table: 't', bound: 'DEFAULT' },
    },
    detachPartition: {
      kind: 'detachPartition',
      schema: 's',
      table: 't1',
      partitionOf: { schema: 's', table: 't', bound: 'DEFAULT' },
    },
    stashRows: { kind: 'stashRows', schema: 's', table: 't', stash: 't__athanor_stash', columns: ['c'] },
    restoreRows: { kind: 'restoreRows', schema: 's', table: 't', stash: 't__athanor_stash', columns: ['c'] },
    createExtension: { kind: 'createExtension', extension: { name: 'citext', schema: 's' } },
    dropExtension: { kind: 'dropExtension', name: 'citext' },
    createCollation: {
      kind: 'createCollation',
      collation: { schema: 's', name: 'ci', provider: 'icu', locale: 'und-u-ks-level2', deterministic: false },
    },
    dropCollation: { kind: 'dropCollation', schema: 's', name: 'ci' },
    createRule: {
      kind: 'createRule',
      rule: { schema: 's', table: 't', name: 'r', definition: 'CREATE RULE r AS ON DELETE TO s.t DO INSTEAD NOTHING' },
    },
    replaceRule: {
      kind: 'replaceRule',
      rule: { schema: 's', table: 't', name: 'r', definition: 'CREATE RULE r AS ON DELETE TO s.t DO INSTEAD NOTHING' },
    },
    dropRule: { kind: 'dropRule', schema: 's', table: 't', name: 'r' },
    createCast: {
      kind: 'createCast',
      cast: { source: 's.t', target: 'text', method: 'function', function: 's.f(s.t)', context: 'assignment' },
    },
    dropCast: { kind: 'dropCast', source: 's.t', target: 'text' },
    createTextSearchDictionary: {
      kind: 'createTextSearchDictionary',
      dictionary: { schema: 's', name: 'd', template: 'snowball', options: { language: 'english' } },
    },
    alterTextSearchDictionary: {
      kind: 'alterTextSearchDictionary',
      schema: 's',
      name: 'd',
      options: { language: 'french' },
      from: { language: 'english' },
    },
    dropTextSearchDictionary: { kind: 'dropTextSearchDictionary', schema: 's', name: 'd' },
    createTextSearchConfiguration: {
      kind: 'createTextSearchConfiguration',
      configuration: { schema: 's', name: 'c', parser: 'default', mappings: { word: ['s.d'] } },
    },
    alterTextSearchConfiguration: {
      kind: 'alterTextSearchConfiguration',
      schema: 's',
      name: 'c',
      mappings: { word: ['simple'] },
      from: { word: ['s.d'] },
    },
    dropTextSearchConfiguration: { kind: 'dropTextSearchConfiguration', schema: 's', name: 'c' },
    createOperator: {
      kind: 'createOperator',
      operator: { schema: 's', name: '===', left: 's.t', right: 's.t', function: 's.f' },
    },
    dropOperator: { kind: 'dropOperator', schema: 's', name: '===', left: 's.t', right: 's.t' },
    alterOperator: {
      kind: 'alterOperator',
      schema: 's',
      name: '===',
      left: 's.t',
      right: 's.t',
      to: { restrict: 'eqsel' },
    },
    createOperatorClass: {
      kind: 'createOperatorClass',
      operatorClass: { schema: 's', name: 't_ops', method: 'btree', type: 's.t', items: ['OPERATOR 1 s.<<<(s.t,s.t)'] },
    },
    dropOperatorClass: { kind: 'dropOperatorClass', schema: 's', name: 't_ops', method: 'btree', ownFamily: true },
    createForeignDataWrapper: {
      kind: 'createForeignDataWrapper',
      wrapper: { name: 'w', handler: 'public.h', options: { a: '1' } },
    },
    dropForeignDataWrapper: { kind: 'dropForeignDataWrapper', name: 'w' },
    alterForeignDataWrapper: {
      kind: 'alterForeignDataWrapper',
      name: 'w',
      from: { name: 'w', handler: 'public.h', options: { a: '1' } },
      to: { name: 'w' },
    },
    createForeignServer: { kind: 'createForeignServer', server: { name: 'srv', wrapper: 'w', options: { host: 'h' } } },
    dropForeignServer: { kind: 'dropForeignServer', name: 'srv' },
    alterForeignServer: {
      kind: 'alterForeignServer',
      name: 'srv',
      from: { name: 'srv', wrapper: 'w', options: { host: 'h' } },
      to: { name: 'srv', wrapper: 'w', version: '2' },
    },
    createForeignTable: {
      kind: 'createForeignTable',
      table: {
        schema: 's',
        name: 'ft',
        server: 'srv',
        columns: [{ name: 'c', type: 'text', nullable: false, options: { column_name: 'd' } }],
        options: { table_name: 't' },
      },
    },
    dropForeignTable: { kind: 'dropForeignTable', schema: 's', name: 'ft' },
    alterForeignTable: {
      kind: 'alterForeignTable',
      schema: 's',
      name: 'ft',
      from: {
        schema: 's',
        name: 'ft',
        server: 'srv',
        columns: [{ name: 'c', type: 'text', nullable: false, options: { column_name: 'd' } }],
        options: { table_name: 't' },
      },
      to: {
        schema: 's',
        name: 'ft',
        server: 'srv',
        columns: [{ name: 'c', type: 'integer', nullable: true }],
        options: { table_name: 'u' },
      },
    },
    alterExtension: { kind: 'alterExtension', name: 'citext', schema: 's', from: 'public' },
    replaceDomain: {
      kind: 'replaceDomain',
      domain: { schema: 's', name: 'd', type: 'bigint', default: null, notNull: false, checks: [] },
      columns: [{ schema: 's', table: 't', column: 'c', type: 's.d' }],
    },
    createSequence: {
      kind: 'createSequence',
      sequence: {
        schema: 's',
        name: 'q',
        type: 'bigint',
        start: '1',
        increment: '1',
        min: '1',
        max: '10',
        cache: '1',
        cycle: false,
        ownedBy: null,
      },
    },
    dropSequence: { kind: 'dropSequence', schema: 's', name: 'q' },
    alterSequence: { kind: 'alterSequence', schema: 's', name: 'q', to: { ownedBy: { table: 't', column: 'c' } } },
    createDomain: {
      kind: 'createDomain',
      domain: { schema: 's', name: 'd', type: 'integer', default: null, notNull: false, checks: [] },
    },
    dropDomain: { kind: 'dropDomain', schema: 's', name: 'd' },
    alterDomain: { kind: 'alterDomain', schema: 's', name: 'd', to: { notNull: true } },
    createView: {
      kind: 'createView',
      view: {
        schema: 's',
        name: 'v',
        materialized: false,
        definition: 'SELECT 1',
        options: [],
        columns: [],
        indexes: [],
        dependsOn: [],
      },
    },
    dropView: { kind: 'dropView', schema: 's', name: 'v' },
    replaceView: {
      kind: 'replaceView',
      view: {
        schema: 's',
        name: 'v',
        materialized: false,
        definition: 'SELECT 2',
        options: [],
        columns: [],
        indexes: [],
        dependsOn: [],
      },
    },
    createFunction: {
      kind: 'createFunction',
      function: {
        schema: 's',
        name: 'f',
        kind: 'function',
        argumentTypes: '',
        arguments: '',
        result: 'integer',
        definition: 'CREATE FUNCTION s.f() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$',
        dependsOn: [],
      },
    },
    dropFunction: { kind: 'dropFunction', schema: 's', name: 'f', routine: 'function', argumentTypes: '' },
    replaceFunction: {
      kind: 'replaceFunction',
      function: {
        schema: 's',
        name: 'f',
        kind: 'function',
        argumentTypes: '',
        arguments: '',
        result: 'integer',
        definition: 'CREATE OR REPLACE FUNCTION s.f() RETURNS integer LANGUAGE sql AS $$ SELECT 2 $$',
        dependsOn: [],
      },
    },
    createTrigger: {
      kind: 'createTrigger',
      trigger: {
        schema: 's',
        table: 't',
        name: 'tr',
        definition: 'CREATE TRIGGER tr BEFORE UPDATE ON s.t FOR EACH ROW EXECUTE FUNCTION s.f()',
      },
    },
    dropTrigger: { kind: 'dropTrigger', schema: 's', table: 't', name: 'tr' },
    setComment: { kind: 'setComment', target: { on: 'table', schema: 's', name: 't' }, comment: 'x' },
    createCompositeType: {
      kind: 'createCompositeType',
      composite: { schema: 's', name: 'c', attributes: [{ name: 'a', type: 'integer' }] },
    },
    dropCompositeType: { kind: 'dropCompositeType', schema: 's', name: 'c' },
    addCompositeAttribute: {
      kind: 'addCompositeAttribute',
      schema: 's',
      name: 'c',
      attribute: { name: 'b', type: 'text' },
    },
    dropCompositeAttribute: { kind: 'dropCompositeAttribute', schema: 's', name: 'c', attribute: 'b' },
    alterCompositeAttribute: {
      kind: 'alterCompositeAttribute',
      schema: 's',
      name: 'c',
      attribute: 'a',
      to: { type: 'bigint' },
    },
  };

  it('compiles every kind to transactional statements', () => {
    for (const op of Object.values(oneOfEach)) {
      const statements = compileOperation(op);
      expect(statements.length, op.kind).toBeGreaterThan(0);
      for (const statement of statements) expect(statement.transactional, op.kind).toBe(true);
    }
  });
  it('rejects an unknown kind', () => {
    expect(() => compileOperation({ kind: 'frobnicateTable' } as unknown as Operation)).toThrow(
      /unexpected operation kind/,
    );
  });
  it('compiles a list in order', () => {
    expect(compileOperations([oneOfEach.createSchema, oneOfEach.createEnum]).map((s) => s.sql)).toEqual([
      'CREATE SCHEMA "s"',
      `CREATE TYPE "s"."e" AS ENUM ('a')`,
    ]);
  });
});
