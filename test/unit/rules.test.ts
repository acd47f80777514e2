import { describe, expect, it } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import { renderModelSource } from '../../src/pull/render-model.js';
import { describeOperation } from '../../src/ops/describe.js';
import type { Operation } from '../../src/ops/operation.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { buildSchemaModel, defineMetadata, integer, sql } from '../../src/schema/index.js';
import type { RuleModel, SchemaModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';

const KEEP: RuleModel = {
  schema: 'public',
  table: 'items',
  name: 'items_keep',
  definition: 'CREATE RULE items_keep AS\n    ON DELETE TO public.items DO INSTEAD NOTHING',
};

describe('DSL: rules', () => {
  it("reads the rule and its table from the statement, the schema the metadata's unless qualified", () => {
    const m = defineMetadata({ schema: 'app' });
    m.table('items', { id: integer() });
    m.rule(sql`CREATE RULE keep AS ON DELETE TO items DO INSTEAD NOTHING`);
    m.rule(sql`create or replace rule "Other" as on insert to public.items do instead nothing`);
    expect(buildSchemaModel(m).rules).toEqual([
      {
        schema: 'app',
        table: 'items',
        name: 'keep',
        definition: 'CREATE RULE keep AS ON DELETE TO items DO INSTEAD NOTHING',
      },
      {
        schema: 'public',
        table: 'items',
        name: 'Other',
        definition: 'create or replace rule "Other" as on insert to public.items do instead nothing',
      },
    ]);
  });

  it('refuses what is not a CREATE RULE statement, and a rule declared twice', () => {
    expect(() =>
      defineMetadata().rule(sql`CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW EXECUTE FUNCTION f()`),
    ).toThrow(/expects a CREATE RULE/);
    expect(() => defineMetadata().rule('CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING' as never)).toThrow(
      /written as sql/,
    );
    const m = defineMetadata();
    m.rule(sql`CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING`);
    m.rule(sql`CREATE RULE r AS ON UPDATE TO t DO INSTEAD NOTHING`);
    expect(() => buildSchemaModel(m)).toThrow(/rule public.r on t: is declared twice/);
  });
});

describe('rule operations', () => {
  const create: Operation = { kind: 'createRule', rule: KEEP };

  it('compiles CREATE, CREATE OR REPLACE and DROP RULE', () => {
    expect(compileOperation(create).map((s) => s.sql)).toEqual([KEEP.definition]);
    expect(compileOperation({ kind: 'replaceRule', rule: KEEP }).map((s) => s.sql)).toEqual([
      'CREATE OR REPLACE RULE items_keep AS\n    ON DELETE TO public.items DO INSTEAD NOTHING',
    ]);
    expect(
      compileOperation({ kind: 'dropRule', schema: 'public', table: 'items', name: 'items_keep' }).map((s) => s.sql),
    ).toEqual(['DROP RULE "items_keep" ON "public"."items"']);
  });

  it('reverses each: a drop carries the rule, a replacement its previous definition', () => {
    const drop = reverseOperation(create);
    expect(drop).toEqual({ kind: 'dropRule', schema: 'public', table: 'items', name: 'items_keep', removed: KEEP });
    expect(reverseOperation(drop)).toEqual(create);
    const other = { ...KEEP, definition: KEEP.definition.replace('DELETE', 'UPDATE') };
    expect(reverseOperation({ kind: 'replaceRule', rule: other, from: KEEP })).toEqual({
      kind: 'replaceRule',
      rule: KEEP,
      from: other,
    });
    expect(() => reverseOperation({ kind: 'replaceRule', rule: other })).toThrow(
      /does not say what the rule was before/,
    );
  });

  it('describes them', () => {
    expect(describeOperation(create)).toBe('create rule items_keep on public.items');
    expect(describeOperation({ kind: 'replaceRule', rule: KEEP })).toBe('replace rule items_keep on public.items');
    expect(describeOperation({ kind: 'dropRule', schema: 'public', table: 'items', name: 'items_keep' })).toBe(
      'drop rule items_keep on public.items',
    );
  });
});

function model(rules: RuleModel[]): SchemaModel {
  return completeModel({
    schemas: [],
    enums: [],
    tables: [
      {
        schema: 'public',
        name: 'items',
        columns: [{ name: 'id', type: 'integer', nullable: true, default: null, identity: null }],
        primaryKey: null,
        foreignKeys: [],
        uniques: [],
        checks: [],
        indexes: [],
      },
    ],
    rules,
  });
}

describe('compareModels: rules', () => {
  it('creates a rule after its table, drops it first, and replaces a changed one', () => {
    expect(compareModels({ ...model([]), tables: [] }, model([KEEP])).map((op) => op.kind)).toEqual([
      'createTable',
      'createRule',
    ]);
    expect(compareModels(model([KEEP]), { ...model([]), tables: [] }).map((op) => op.kind)).toEqual([
      'dropRule',
      'dropTable',
    ]);
    const other = { ...KEEP, definition: KEEP.definition.replace('DELETE', 'UPDATE') };
    expect(compareModels(model([KEEP]), model([other]))).toEqual([{ kind: 'replaceRule', rule: other, from: KEEP }]);
    expect(compareModels(model([KEEP]), model([{ ...KEEP }]))).toEqual([]);
  });

  it('is written by pull as metadata.rule()', () => {
    expect(renderModelSource(model([KEEP]))).toContain(
      'metadata.rule(sql`CREATE RULE items_keep AS\n    ON DELETE TO public.items DO INSTEAD NOTHING`);',
    );
  });
});
