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
    alterConstraint: {
      kind: 'alterConstraint',
      schema: 's',
      table: 't',
      constraint: {
        type: 'foreignKey',
        name: 'f',
        columns: ['c'],
        refSchema: 's',
        refTable: 'p',
        refColumns: ['id'],
        onDelete: 'NO ACTION',
        onUpdate: 'NO ACTION',
        deferrable: true,
      },
      from: { deferrable: false, notValid: true },
    },
    createIndex: {
      kind: 'createIndex',
      schema: 's',
      table: 't',
      index: { name: 'i', unique: false, method: 'btree', columns: [{ column: 'c' }], where: null },
    },
    dropIndex: { kind: 'dropIndex', schema: 's', table: 't', name: 'i' },
    renameIndex: { kind: 'renameIndex', schema: 's', from: 'i', to: 'j' },
    setIndexStatistics: {
      kind: 'setIndexStatistics',
      schema: 's',
      table: 't',
      index: 'i',
      keys: [
        { position: 1, to: 1000, from: null },
        { position: 3, to: null, from: 50 },
      ],
    },
    renameSchema: { kind: 'renameSchema', from: 's', to: 'r' },
    setUnlogged: { kind: 'setUnlogged', schema: 's', table: 't', unlogged: true },
    setReplicaIdentity: { kind: 'setReplicaIdentity', schema: 's', table: 't', to: { index: 'i' }, from: 'full' },
    setClusterOn: { kind: 'setClusterOn', schema: 's', table: 't', to: 'i', from: null },
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
    backfill: { kind: 'backfill', schema: 's', table: 't', set: { c: 'lower(d)' }, where: 'c IS NULL', batchSize: 10 },
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
    inheritTable: { kind: 'inheritTable', schema: 's', table: 't1', parent: { schema: 's', table: 't' } },
    noInheritTable: { kind: 'noInheritTable', schema: 's', table: 't1', parent: { schema: 's', table: 't' } },
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
    createStatistics: {
      kind: 'createStatistics',
      statistics: {
        schema: 's',
        name: 'st',
        tableSchema: 's',
        table: 't',
        definition: 'CREATE STATISTICS s.st (ndistinct) ON a, b FROM s.t',
        target: 500,
      },
    },
    dropStatistics: { kind: 'dropStatistics', schema: 's', name: 'st' },
    alterStatistics: { kind: 'alterStatistics', schema: 's', name: 'st', target: null, from: 500 },
    createPublication: {
      kind: 'createPublication',
      publication: {
        name: 'p',
        allTables: false,
        tables: [
          { schema: 's', table: 't', columns: ['a', 'b'], where: '(a > 0)' },
          { schema: 's', table: 'u' },
        ],
        schemas: ['x'],
        publish: ['insert', 'update'],
        viaRoot: true,
      },
    },
    dropPublication: { kind: 'dropPublication', name: 'p' },
    alterPublication: {
      kind: 'alterPublication',
      name: 'p',
      from: {
        name: 'p',
        allTables: false,
        tables: [
          { schema: 's', table: 't' },
          { schema: 's', table: 'u' },
        ],
        schemas: ['x'],
        publish: ['insert', 'update', 'delete', 'truncate'],
        viaRoot: false,
      },
      to: {
        name: 'p',
        allTables: false,
        tables: [
          { schema: 's', table: 't', columns: ['a'] },
          { schema: 's', table: 'v' },
        ],
        schemas: ['y'],
        publish: ['insert', 'update', 'delete', 'truncate'],
        viaRoot: true,
      },
    },
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
    grant: {
      kind: 'grant',
      on: { on: 'table', schema: 's', name: 't' },
      privileges: ['SELECT', 'UPDATE'],
      columns: ['a', 'b'],
      to: 'anon',
      withGrantOption: true,
    },
    revoke: {
      kind: 'revoke',
      on: { on: 'function', schema: 's', name: 'f', argumentTypes: 'integer, text' },
      privileges: ['EXECUTE'],
      from: 'PUBLIC',
    },
    grantDefault: {
      kind: 'grantDefault',
      forRole: 'owner',
      inSchema: 's',
      on: 'tables',
      privileges: ['SELECT', 'INSERT'],
      to: 'anon',
      withGrantOption: true,
    },
    revokeDefault: { kind: 'revokeDefault', on: 'functions', privileges: ['EXECUTE'], from: 'PUBLIC' },
    alterOwner: { kind: 'alterOwner', on: { on: 'function', schema: 'public', name: 'f', argumentTypes: 'integer' } },
    createCompositeType: {
      kind: 'createCompositeType',
      composite: { schema: 's', name: 'c', attributes: [{ name: 'a', type: 'integer' }] },
    },
    dropCompositeType: { kind: 'dropCompositeType', schema: 's', name: 'c' },
    createRangeType: {
      kind: 'createRangeType',
      range: {
        schema: 's',
        name: 'r',
        subtype: 'text',
        subtypeOpclass: 'text_pattern_ops',
        collation: '"C"',
        subtypeDiff: 's.d',
        multirange: 'rs',
      },
    },
    dropRangeType: { kind: 'dropRangeType', schema: 's', name: 'r' },
    alterFiring: { kind: 'alterFiring', on: 'rule', schema: 's', table: 't', name: 'keep', firing: 'replica' },
    createEventTrigger: {
      kind: 'createEventTrigger',
      eventTrigger: {
        name: 'e',
        event: 'sql_drop',
        tags: ['DROP TABLE'],
        functionSchema: 's',
        function: 'f',
        firing: 'always',
      },
    },
    dropEventTrigger: { kind: 'dropEventTrigger', name: 'e' },
    alterEventTrigger: { kind: 'alterEventTrigger', name: 'e', firing: null },
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

  /** The exact statements each example compiles to, in order. */
  const expectedSql: Record<OperationKind, readonly string[]> = {
    createSchema: ['CREATE SCHEMA "s"'],
    dropSchema: ['DROP SCHEMA "s"'],
    createEnum: ['CREATE TYPE "s"."e" AS ENUM (\'a\')'],
    dropEnum: ['DROP TYPE "s"."e"'],
    addEnumValue: ['ALTER TYPE "s"."e" ADD VALUE \'b\''],
    createTable: ['CREATE TABLE "s"."t" ()'],
    dropTable: ['DROP TABLE "s"."t"'],
    addColumn: ['ALTER TABLE "s"."t" ADD COLUMN "c" text'],
    dropColumn: ['ALTER TABLE "s"."t" DROP COLUMN "c"'],
    alterColumn: ['ALTER TABLE "s"."t" ALTER COLUMN "c" SET NOT NULL'],
    addConstraint: ['ALTER TABLE "s"."t" ADD CONSTRAINT "u" UNIQUE ("c")'],
    dropConstraint: ['ALTER TABLE "s"."t" DROP CONSTRAINT "u"'],
    alterConstraint: [
      'ALTER TABLE "s"."t" ALTER CONSTRAINT "f" DEFERRABLE INITIALLY IMMEDIATE',
      'ALTER TABLE "s"."t" VALIDATE CONSTRAINT "f"',
    ],
    createIndex: ['CREATE INDEX "i" ON "s"."t" ("c")'],
    dropIndex: ['DROP INDEX "s"."i"'],
    renameIndex: ['ALTER INDEX "s"."i" RENAME TO "j"'],
    setIndexStatistics: [
      'ALTER INDEX "s"."i" ALTER COLUMN 1 SET STATISTICS 1000',
      'ALTER INDEX "s"."i" ALTER COLUMN 3 SET STATISTICS -1',
    ],
    renameSchema: ['ALTER SCHEMA "s" RENAME TO "r"'],
    setUnlogged: ['ALTER TABLE "s"."t" SET UNLOGGED'],
    setReplicaIdentity: ['ALTER TABLE "s"."t" REPLICA IDENTITY USING INDEX "i"'],
    setClusterOn: ['ALTER TABLE "s"."t" CLUSTER ON "i"'],
    setStorageParameters: [
      'ALTER TABLE "s"."t" RESET (autovacuum_enabled)',
      'ALTER TABLE "s"."t" SET (fillfactor = 70)',
    ],
    renameTable: [
      'ALTER TABLE "s"."t" RENAME TO "u"',
      `DO $athanor$
DECLARE c record; BEGIN
  FOR c IN SELECT con.conname, a.attname FROM pg_catalog.pg_constraint con
      JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
      WHERE con.conrelid = '"s"."u"'::regclass AND con.contype = 'n'
        AND con.conname = 't_' || a.attname || '_not_null'
        AND octet_length('u_' || a.attname || '_not_null') <= 63
        AND con.coninhcount = 0 AND NOT EXISTS (WITH RECURSIVE below(rel) AS (SELECT i.inhrelid FROM pg_catalog.pg_inherits i WHERE i.inhparent = con.conrelid UNION SELECT i.inhrelid FROM pg_catalog.pg_inherits i JOIN below ON i.inhparent = below.rel) SELECT 1 FROM below WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conrelid = below.rel AND k.contype = 'n' AND k.conname = con.conname)) LOOP
    EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', '"s"."u"', c.conname, 'u_' || c.attname || '_not_null');
  END LOOP;
END
$athanor$`,
    ],
    renameColumn: [
      'ALTER TABLE "s"."t" RENAME COLUMN "c" TO "d"',
      `DO $athanor$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conrelid = '"s"."t"'::regclass AND con.contype = 'n' AND con.conname = 't_c_not_null'
      AND con.coninhcount = 0 AND NOT EXISTS (WITH RECURSIVE below(rel) AS (SELECT i.inhrelid FROM pg_catalog.pg_inherits i WHERE i.inhparent = con.conrelid UNION SELECT i.inhrelid FROM pg_catalog.pg_inherits i JOIN below ON i.inhparent = below.rel) SELECT 1 FROM below WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conrelid = below.rel AND k.contype = 'n' AND k.conname = con.conname))) THEN
    ALTER TABLE "s"."t" RENAME CONSTRAINT "t_c_not_null" TO "t_d_not_null";
  END IF;
END
$athanor$`,
    ],
    renameObject: ['ALTER TRIGGER "g" ON "s"."t" RENAME TO "h"'],
    executeSql: ['SELECT 1'],
    backfill: ['UPDATE "s"."t" SET "c" = lower(d) WHERE (c IS NULL)'],
    renameEnumValue: ['ALTER TYPE "s"."e" RENAME VALUE \'a\' TO \'b\''],
    replaceEnum: [
      'ALTER TYPE "s"."e" RENAME TO "e__athanor_old"',
      'CREATE TYPE "s"."e" AS ENUM (\'b\')',
      'DROP TYPE "s"."e__athanor_old"',
    ],
    setRowLevelSecurity: [
      'ALTER TABLE "s"."t" ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE "s"."t" NO FORCE ROW LEVEL SECURITY',
    ],
    createPolicy: ['CREATE POLICY "p" ON "s"."t" USING (true)'],
    dropPolicy: ['DROP POLICY "p" ON "s"."t"'],
    attachPartition: ['ALTER TABLE "s"."t" ATTACH PARTITION "s"."t1" DEFAULT'],
    detachPartition: ['ALTER TABLE "s"."t" DETACH PARTITION "s"."t1"'],
    inheritTable: ['ALTER TABLE "s"."t1" INHERIT "s"."t"'],
    noInheritTable: ['ALTER TABLE "s"."t1" NO INHERIT "s"."t"'],
    stashRows: ['CREATE TABLE "s"."t__athanor_stash" AS SELECT "c" FROM "s"."t"'],
    restoreRows: [
      'INSERT INTO "s"."t" ("c") SELECT "c" FROM "s"."t__athanor_stash"',
      'DROP TABLE "s"."t__athanor_stash"',
    ],
    createExtension: ['CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "s"'],
    dropExtension: ['DROP EXTENSION "citext"'],
    createCollation: [
      'CREATE COLLATION "s"."ci" (provider = icu, locale = \'und-u-ks-level2\', deterministic = false)',
    ],
    dropCollation: ['DROP COLLATION "s"."ci"'],
    createRule: ['CREATE RULE r AS ON DELETE TO s.t DO INSTEAD NOTHING'],
    replaceRule: ['CREATE OR REPLACE RULE r AS ON DELETE TO s.t DO INSTEAD NOTHING'],
    dropRule: ['DROP RULE "r" ON "s"."t"'],
    createStatistics: [
      'CREATE STATISTICS s.st (ndistinct) ON a, b FROM s.t',
      'ALTER STATISTICS "s"."st" SET STATISTICS 500',
    ],
    dropStatistics: ['DROP STATISTICS "s"."st"'],
    alterStatistics: ['ALTER STATISTICS "s"."st" SET STATISTICS -1'],
    createPublication: [
      'CREATE PUBLICATION "p" FOR TABLE "s"."t" ("a", "b") WHERE ((a > 0)), "s"."u", TABLES IN SCHEMA "x"' +
        " WITH (publish = 'insert, update', publish_via_partition_root = true)",
    ],
    dropPublication: ['DROP PUBLICATION "p"'],
    alterPublication: [
      'ALTER PUBLICATION "p" DROP TABLE "s"."t", "s"."u"',
      'ALTER PUBLICATION "p" DROP TABLES IN SCHEMA "x"',
      'ALTER PUBLICATION "p" ADD TABLE "s"."t" ("a"), "s"."v"',
      'ALTER PUBLICATION "p" ADD TABLES IN SCHEMA "y"',
      'ALTER PUBLICATION "p" SET (publish_via_partition_root = true)',
    ],
    createCast: ['CREATE CAST (s.t AS text) WITH FUNCTION s.f(s.t) AS ASSIGNMENT'],
    dropCast: ['DROP CAST (s.t AS text)'],
    createTextSearchDictionary: [
      'CREATE TEXT SEARCH DICTIONARY "s"."d" (TEMPLATE = "snowball", "language" = \'english\')',
    ],
    alterTextSearchDictionary: ['ALTER TEXT SEARCH DICTIONARY "s"."d" ("language" = \'french\')'],
    dropTextSearchDictionary: ['DROP TEXT SEARCH DICTIONARY "s"."d"'],
    createTextSearchConfiguration: [
      'CREATE TEXT SEARCH CONFIGURATION "s"."c" (PARSER = "default")',
      'ALTER TEXT SEARCH CONFIGURATION "s"."c" ADD MAPPING FOR "word" WITH "s"."d"',
    ],
    alterTextSearchConfiguration: ['ALTER TEXT SEARCH CONFIGURATION "s"."c" ALTER MAPPING FOR "word" WITH "simple"'],
    dropTextSearchConfiguration: ['DROP TEXT SEARCH CONFIGURATION "s"."c"'],
    createOperator: ['CREATE OPERATOR "s".=== (FUNCTION = s.f, LEFTARG = s.t, RIGHTARG = s.t)'],
    dropOperator: ['DROP OPERATOR "s".=== (s.t, s.t)'],
    alterOperator: ['ALTER OPERATOR "s".=== (s.t, s.t) SET (RESTRICT = eqsel)'],
    createOperatorClass: ['CREATE OPERATOR CLASS "s"."t_ops" FOR TYPE s.t USING "btree" AS OPERATOR 1 s.<<<(s.t,s.t)'],
    dropOperatorClass: ['DROP OPERATOR FAMILY "s"."t_ops" USING "btree"'],
    createForeignDataWrapper: ['CREATE FOREIGN DATA WRAPPER "w" HANDLER public.h OPTIONS ("a" \'1\')'],
    dropForeignDataWrapper: ['DROP FOREIGN DATA WRAPPER "w"'],
    alterForeignDataWrapper: ['ALTER FOREIGN DATA WRAPPER "w" NO HANDLER OPTIONS (DROP "a")'],
    createForeignServer: ['CREATE SERVER "srv" FOREIGN DATA WRAPPER "w" OPTIONS ("host" \'h\')'],
    dropForeignServer: ['DROP SERVER "srv"'],
    alterForeignServer: ['ALTER SERVER "srv" VERSION \'2\' OPTIONS (DROP "host")'],
    createForeignTable: [
      'CREATE FOREIGN TABLE "s"."ft" ("c" text OPTIONS ("column_name" \'d\') NOT NULL) SERVER "srv" OPTIONS ("table_name" \'t\')',
    ],
    dropForeignTable: ['DROP FOREIGN TABLE "s"."ft"'],
    alterForeignTable: [
      'ALTER FOREIGN TABLE "s"."ft" ALTER COLUMN "c" TYPE integer, ALTER COLUMN "c" DROP NOT NULL, ALTER COLUMN "c" OPTIONS (DROP "column_name"), OPTIONS (SET "table_name" \'u\')',
    ],
    alterExtension: ['ALTER EXTENSION "citext" SET SCHEMA "s"'],
    replaceDomain: [
      'CREATE DOMAIN "s"."d_new" AS bigint',
      'ALTER TABLE "s"."t" ALTER COLUMN "c" TYPE "s"."d_new" USING "c"::bigint::"s"."d_new"',
      'DROP DOMAIN "s"."d"',
      'ALTER DOMAIN "s"."d_new" RENAME TO "d"',
    ],
    createSequence: [
      'CREATE SEQUENCE "s"."q" AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE 10 START WITH 1 CACHE 1 NO CYCLE',
    ],
    dropSequence: ['DROP SEQUENCE "s"."q"'],
    alterSequence: ['ALTER SEQUENCE "s"."q" OWNED BY "s"."t"."c"'],
    createDomain: ['CREATE DOMAIN "s"."d" AS integer'],
    dropDomain: ['DROP DOMAIN "s"."d"'],
    alterDomain: ['ALTER DOMAIN "s"."d" SET NOT NULL'],
    createView: [
      `CREATE VIEW "s"."v" AS
SELECT 1`,
    ],
    dropView: ['DROP VIEW "s"."v"'],
    replaceView: [
      `CREATE OR REPLACE VIEW "s"."v" AS
SELECT 2`,
    ],
    createFunction: [
      "SELECT set_config('athanor.check_function_bodies', current_setting('check_function_bodies'), true), set_config('check_function_bodies', 'off', true)",
      'CREATE FUNCTION s.f() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$',
      "SELECT set_config('check_function_bodies', current_setting('athanor.check_function_bodies'), true)",
    ],
    dropFunction: ['DROP FUNCTION "s"."f"()'],
    replaceFunction: [
      "SELECT set_config('athanor.check_function_bodies', current_setting('check_function_bodies'), true), set_config('check_function_bodies', 'off', true)",
      'CREATE OR REPLACE FUNCTION s.f() RETURNS integer LANGUAGE sql AS $$ SELECT 2 $$',
      "SELECT set_config('check_function_bodies', current_setting('athanor.check_function_bodies'), true)",
    ],
    createTrigger: ['CREATE TRIGGER tr BEFORE UPDATE ON s.t FOR EACH ROW EXECUTE FUNCTION s.f()'],
    dropTrigger: ['DROP TRIGGER "tr" ON "s"."t"'],
    setComment: ['COMMENT ON TABLE "s"."t" IS \'x\''],
    grant: ['GRANT SELECT ("a", "b"), UPDATE ("a", "b") ON TABLE "s"."t" TO "anon" WITH GRANT OPTION'],
    revoke: ['REVOKE EXECUTE ON FUNCTION "s"."f"(integer, text) FROM PUBLIC'],
    grantDefault: [
      'ALTER DEFAULT PRIVILEGES FOR ROLE "owner" IN SCHEMA "s" GRANT SELECT, INSERT ON TABLES TO "anon" WITH GRANT OPTION',
    ],
    revokeDefault: ['ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC'],
    alterOwner: ['ALTER ROUTINE "public"."f"(integer) OWNER TO CURRENT_USER'],
    createCompositeType: ['CREATE TYPE "s"."c" AS ("a" integer)'],
    dropCompositeType: ['DROP TYPE "s"."c"'],
    createRangeType: [
      'CREATE TYPE "s"."r" AS RANGE (SUBTYPE = text, SUBTYPE_OPCLASS = text_pattern_ops, COLLATION = "C", SUBTYPE_DIFF = s.d, MULTIRANGE_TYPE_NAME = "s"."rs")',
    ],
    dropRangeType: ['DROP TYPE "s"."r"'],
    alterFiring: ['ALTER TABLE "s"."t" ENABLE REPLICA RULE "keep"'],
    createEventTrigger: [
      "DO $guard$ BEGIN IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN RAISE EXCEPTION 'event trigger e: only a superuser may create one; run this revision as a superuser, or leave it out of the model'; END IF; END $guard$",
      'CREATE EVENT TRIGGER "e" ON "sql_drop" WHEN TAG IN (\'DROP TABLE\') EXECUTE FUNCTION "s"."f"()',
      'ALTER EVENT TRIGGER "e" ENABLE ALWAYS',
    ],
    dropEventTrigger: ['DROP EVENT TRIGGER "e"'],
    alterEventTrigger: ['ALTER EVENT TRIGGER "e" ENABLE'],
    addCompositeAttribute: ['ALTER TYPE "s"."c" ADD ATTRIBUTE "b" text'],
    dropCompositeAttribute: ['ALTER TYPE "s"."c" DROP ATTRIBUTE "b"'],
    alterCompositeAttribute: ['ALTER TYPE "s"."c" ALTER ATTRIBUTE "a" TYPE bigint'],
  };

  it('has an example and its statements for every kind', () => {
    expect(Object.keys(expectedSql)).toEqual(Object.keys(oneOfEach));
    for (const [kind, op] of Object.entries(oneOfEach)) expect(op.kind).toBe(kind);
  });
  // A backfill runs outside the revision's transaction (see the next test).
  const inTransaction = Object.values(oneOfEach).filter((op) => op.kind !== 'backfill');
  it.each(inTransaction)('compiles $kind to its exact statements, each transactional', (op) => {
    expect(compileOperation(op)).toStrictEqual(expectedSql[op.kind].map((sql) => ({ sql, transactional: true })));
  });
  it("compiles a backfill to one UPDATE outside the revision's transaction (what a --sql script writes)", () => {
    expect(compileOperation(oneOfEach.backfill)).toStrictEqual(
      expectedSql.backfill.map((sql) => ({ sql, transactional: false })),
    );
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
