import { describe, expect, it } from 'vitest';
import { defineMetadata, integer, sql, text, type Metadata } from '../../src/index.js';
import { diffModels } from '../../src/autogen/compare.js';
import { hazardsOf } from '../../src/ops/hazards.js';
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
    // The hazard's tables are the tenant's too.
    const refusal = {
      publication: 'changes',
      schema: 'tenant',
      table: 'items',
      refused: ['UPDATE'] as const,
      why: 'it has no primary key and no replica identity',
    };
    const translation = schemaTranslation('tenant', 'acme');
    const tenants = [
      mapOperationNames({ kind: 'createPublication', publication: from, unidentified: [refusal] }, translation),
      mapOperationNames({ kind: 'alterPublication', name: 'changes', from, to, unidentified: [refusal] }, translation),
      mapOperationNames(
        { kind: 'setReplicaIdentity', schema: 'tenant', table: 'items', to: 'nothing', unidentified: [refusal] },
        translation,
      ),
      mapOperationNames(
        { kind: 'dropConstraint', schema: 'tenant', table: 'items', name: 'items_pkey', unidentified: [refusal] },
        translation,
      ),
    ];
    const tables = tenants.flatMap((op) =>
      hazardsOf(op).flatMap((h) => (h.code === 'replica-identity' ? [`${h.table?.schema}.${h.table?.name}`] : [])),
    );
    expect(tables).toEqual(['acme.items', 'acme.items', 'acme.items', 'acme.items']);
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

describe('the replica-identity hazard of a publication', () => {
  /** The publication operations autogenerate writes from `before` to `after`, each with the tables it lists in `unidentified`. */
  function unidentified(before: (m: Metadata) => void, after: (m: Metadata) => void): [string, string[]][] {
    const build = (declare: (m: Metadata) => void) => {
      const metadata = defineMetadata();
      declare(metadata);
      return buildSchemaModel(metadata);
    };
    return diffModels(build(before), build(after))
      .operations.filter((op) => op.kind === 'createPublication' || op.kind === 'alterPublication')
      .map((op) => [
        op.kind,
        hazardsOf(op)
          .filter((h) => h.code === 'replica-identity')
          .map((h) => h.message),
      ]);
  }
  const tables = (m: Metadata) => {
    m.table('keyed', { id: integer().primaryKey(), kind: text(), size: integer() });
    m.table('log', { at: integer(), line: text() });
    m.table('full_log', { at: integer(), line: text() }, { replicaIdentity: 'full' });
    m.table('scratch', { at: integer() }, { unlogged: true });
  };

  it("names each table whose UPDATE or DELETE Postgres would refuse, and why, in the create's hazards", () => {
    const found = unidentified(tables, (m) => {
      tables(m);
      m.publication('feed', {
        tables: ['public.log', 'public.full_log', { table: 'public.keyed', columns: ['kind'] }],
        publish: ['insert', 'delete'],
      });
      m.publication('filtered', { tables: [{ table: 'public.keyed', where: sql`(size > 0)` }] });
      m.publication('everything', { allTables: true });
      m.publication('inserts', { allTables: true, publish: ['insert', 'truncate'] });
    });
    expect(found).toEqual([
      [
        'createPublication',
        [
          'publication everything sends the updates and deletes of public.log, but it has no primary key and no replica identity: Postgres refuses its UPDATE and DELETE from then on',
        ],
      ],
      [
        'createPublication',
        [
          'publication feed sends the deletes of public.keyed, but its column list leaves out id of its replica identity: Postgres refuses its DELETE from then on',
          'publication feed sends the deletes of public.log, but it has no primary key and no replica identity: Postgres refuses its DELETE from then on',
        ],
      ],
      [
        'createPublication',
        [
          'publication filtered sends the updates and deletes of public.keyed, but its row filter uses size, outside its replica identity: Postgres refuses its UPDATE and DELETE from then on',
        ],
      ],
      ['createPublication', []],
    ]);
  });

  it('is not raised again for a table already refused, nor for one given an identity in the same revision', () => {
    const before = (m: Metadata) => {
      tables(m);
      m.table('events', { at: integer(), kind: text() });
      m.publication('feed', { tables: ['public.log'] });
    };
    const found = unidentified(before, (m) => {
      tables(m);
      m.table('events', { at: integer(), kind: text() }, { replicaIdentity: 'full' });
      m.publication('feed', { tables: ['public.log', 'public.keyed', 'public.events'] });
    });
    expect(found).toEqual([['alterPublication', []]]);
    const lost = unidentified(before, (m) => {
      tables(m);
      m.table('events', { at: integer(), kind: text() }, { replicaIdentity: 'nothing' });
      m.publication('feed', { tables: ['public.log', 'public.events'] });
    });
    expect(lost).toEqual([
      [
        'alterPublication',
        [
          'publication feed sends the updates and deletes of public.events, but its replica identity is NOTHING: Postgres refuses its UPDATE and DELETE from then on',
        ],
      ],
    ]);
  });

  it("is carried by the table's create, identity change or primary key drop when the publication stays as it is", () => {
    /** Each operation with a replica-identity hazard, and its messages. */
    const refusals = (before: (m: Metadata) => void, after: (m: Metadata) => void): [string, string[]][] => {
      const build = (declare: (m: Metadata) => void) => {
        const metadata = defineMetadata();
        declare(metadata);
        return buildSchemaModel(metadata);
      };
      return diffModels(build(before), build(after)).operations.flatMap((op): [string, string[]][] => {
        const found = hazardsOf(op).filter((h) => h.code === 'replica-identity');
        return found.length === 0 ? [] : [[op.kind, found.map((h) => h.message)]];
      });
    };
    const base = (m: Metadata) => {
      m.table('keyed', { id: integer().primaryKey(), kind: text() });
      m.table('marked', { id: integer().primaryKey() }, { replicaIdentity: 'full' });
      m.publication('everything', { allTables: true, publish: ['insert', 'delete'] });
    };
    expect(
      refusals(base, (m) => {
        m.table('keyed', { id: integer(), kind: text() });
        m.table('marked', { id: integer().primaryKey() }, { replicaIdentity: 'nothing' });
        m.table('log', { at: integer() });
        m.publication('everything', { allTables: true, publish: ['insert', 'delete'] });
      }),
    ).toEqual([
      [
        'dropConstraint',
        [
          'publication everything sends the deletes of public.keyed, but it has no primary key and no replica identity: Postgres refuses its DELETE from then on',
        ],
      ],
      [
        'createTable',
        [
          'publication everything sends the deletes of public.log, but it has no primary key and no replica identity: Postgres refuses its DELETE from then on',
        ],
      ],
      [
        'setReplicaIdentity',
        [
          'publication everything sends the deletes of public.marked, but its replica identity is NOTHING: Postgres refuses its DELETE from then on',
        ],
      ],
    ]);
  });
});
