import { describe, expect, it } from 'vitest';
import { defineMetadata, integer, sql, text } from '../../src/index.js';
import { buildSchemaModel } from '../../src/schema/build/build.js';
import { missingFeatures } from '../../src/schema/model-kinds.js';
import { mapOperationNames, schemaTranslation } from '../../src/fleet/map-operation-names.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import type { PublicationModel } from '../../src/schema/model.js';

describe('metadata.publication()', () => {
  it("builds the model: tables by reference or name, a column list in the table's order, defaults filled in", () => {
    const metadata = defineMetadata();
    const items = metadata.table('items', { id: integer().primaryKey(), kind: text(), size: integer() });
    metadata.publication('changes', {
      tables: ['app.events', { table: items, columns: ['size', 'id'], where: sql`(kind <> 'x'::text)` }],
      publish: ['update', 'insert'],
      comment: 'for the copy',
    });
    const model = buildSchemaModel(metadata);
    expect(model.publications).toEqual([
      {
        name: 'changes',
        allTables: false,
        tables: [
          { schema: 'app', table: 'events' },
          { schema: 'public', table: 'items', columns: ['id', 'size'], where: "(kind <> 'x'::text)" },
        ],
        schemas: [],
        publish: ['insert', 'update'],
        viaRoot: false,
      },
    ]);
    expect(model.comments).toContainEqual({
      target: { on: 'publication', schema: '', name: 'changes' },
      text: 'for the copy',
    });
    expect(missingFeatures(model, 140000)).toEqual([
      'publication changes lists columns of public.items, which needs PostgreSQL 15 or later',
      'publication changes filters the rows of public.items, which needs PostgreSQL 15 or later',
    ]);
  });

  it('refuses in one line what Postgres would refuse: all tables beside a list, a column the table lacks, a name twice', () => {
    const metadata = defineMetadata();
    const items = metadata.table('items', { id: integer().primaryKey() });
    metadata.publication('both', { allTables: true, tables: [items] });
    expect(() => buildSchemaModel(metadata)).toThrow(/publication both: publishes all tables/);
    const other = defineMetadata();
    const t = other.table('t', { id: integer().primaryKey() });
    other.publication('cols', { tables: [{ table: t, columns: ['nope'] }] });
    expect(() => buildSchemaModel(other)).toThrow(/table public\.t has no column nope/);
    const twice = defineMetadata();
    twice.publication('p');
    twice.publication('p', { allTables: true });
    expect(() => buildSchemaModel(twice)).toThrow(/publication p.*is declared twice/);
  });
});

describe("a fleet tenant's publication", () => {
  it("lists the tenant's own tables and schemas, row filters included, under the template's name", () => {
    const from: PublicationModel = {
      name: 'changes',
      allTables: false,
      tables: [{ schema: 'tenant', table: 'items', where: "(kind <> 'x'::tenant.kind)" }],
      schemas: [],
      publish: ['insert', 'update', 'delete', 'truncate'],
      viaRoot: false,
    };
    const to = { ...from, tables: [...from.tables, { schema: 'public', table: 'plans' }], schemas: ['tenant'] };
    const mapped = mapOperationNames(
      { kind: 'alterPublication', name: 'changes', from, to },
      schemaTranslation('tenant', 'acme'),
    );
    expect(compileOperation(mapped).map((s) => s.sql)).toEqual([
      'ALTER PUBLICATION "changes" ADD TABLE "public"."plans"',
      'ALTER PUBLICATION "changes" ADD TABLES IN SCHEMA "acme"',
    ]);
    const created = mapOperationNames(
      { kind: 'createPublication', publication: from },
      schemaTranslation('tenant', 'acme'),
    );
    expect(compileOperation(created).map((s) => s.sql)).toEqual([
      `CREATE PUBLICATION "changes" FOR TABLE "acme"."items" WHERE ((kind <> 'x'::"acme".kind))`,
    ]);
  });
});

describe('the replicaIdentity table option', () => {
  it('names a unique index or key of its table, else is refused in one line', () => {
    const metadata = defineMetadata();
    metadata.table('t', { id: integer().primaryKey(), email: text() }, { replicaIdentity: { index: 't_pkey' } });
    expect(buildSchemaModel(metadata).tables[0]!.replicaIdentity).toEqual({ index: 't_pkey' });
    const wrong = defineMetadata();
    wrong.table('t', { id: integer().primaryKey() }, { replicaIdentity: { index: 'nope' } });
    expect(() => buildSchemaModel(wrong)).toThrow(
      /replicaIdentity: the table has no unique index "nope" \(its unique indexes and keys: t_pkey\)/,
    );
  });
});
