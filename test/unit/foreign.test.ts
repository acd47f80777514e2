import { describe, expect, it } from 'vitest';
import { compareModels, unsupportedChanges } from '../helpers/compare.js';
import { renderModelSource } from '../../src/pull/render-model.js';
import { describeOperation } from '../../src/ops/describe.js';
import type { Operation } from '../../src/ops/operation.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { optionChanges } from '../../src/pg/ddl/objects/foreign-options.js';
import { scratchServers, serversNamedBack } from '../../src/canonical/canonicalize-foreign.js';
import { buildSchemaModel, defineMetadata, integer, text, varchar } from '../../src/schema/index.js';
import type {
  ForeignDataWrapperModel,
  ForeignServerModel,
  ForeignTableModel,
  SchemaModel,
} from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';

const WRAPPER: ForeignDataWrapperModel = { name: 'dummy', handler: 'public.dummy_handler', options: { debug: 'true' } };
const SERVER: ForeignServerModel = {
  name: 'films_srv',
  wrapper: 'postgres_fdw',
  options: { host: 'films.example', port: '5432' },
};
const TABLE: ForeignTableModel = {
  schema: 'public',
  name: 'films',
  server: 'films_srv',
  columns: [
    { name: 'id', type: 'integer', nullable: false },
    { name: 'title', type: 'text', nullable: true, options: { column_name: 'name' } },
  ],
  options: { table_name: 'films' },
};

const sqlOf = (op: Operation): string[] => compileOperation(op).map((s) => s.sql);

describe('DSL: foreign data', () => {
  it('builds wrappers, servers and foreign tables with their options in the order written', () => {
    const m = defineMetadata();
    const dummy = m.foreignDataWrapper('dummy', { handler: 'public.dummy_handler', options: { debug: true } });
    const server = m.foreignServer('films_srv', {
      wrapper: 'postgres_fdw',
      options: { host: 'films.example', port: 5432 },
    });
    m.foreignServer('other', { wrapper: dummy, type: 'x', version: '1' });
    m.foreignTable('films', {
      server,
      columns: { id: integer().notNull(), title: text() },
      options: { table_name: 'films' },
      columnOptions: { title: { column_name: 'name' } },
    });
    const model = buildSchemaModel(m);
    expect(model.foreignDataWrappers).toEqual([WRAPPER]);
    expect(model.foreignServers).toEqual([SERVER, { name: 'other', wrapper: 'dummy', type: 'x', version: '1' }]);
    expect(model.foreignTables).toEqual([TABLE]);
  });

  it("keeps a column's default, collation and type as the builders spell them", () => {
    const m = defineMetadata({ schema: 'remote' });
    m.foreignTable('t', { server: 's', columns: { kind: varchar(10).collate('C').default('feature') } });
    const model = buildSchemaModel(m);
    expect(model.foreignTables?.[0]?.columns).toEqual([
      { name: 'kind', type: 'character varying(10)', nullable: true, default: "'feature'", collation: '"C"' },
    ]);
    expect(model.schemas).toContain('remote');
  });

  it('refuses what a foreign table cannot hold, unknown column options, a missing server and a table declared twice', () => {
    const build = (define: (m: ReturnType<typeof defineMetadata>) => void): unknown => {
      const m = defineMetadata();
      define(m);
      return buildSchemaModel(m);
    };
    expect(() => build((m) => m.foreignTable('t', { server: 's', columns: { id: integer().primaryKey() } }))).toThrow(
      /foreign table public.t, column id: a foreign table's column cannot take .primaryKey\(\)/,
    );
    expect(() =>
      build((m) =>
        m.foreignTable('t', { server: 's', columns: { id: integer() }, columnOptions: { nope: { a: '1' } } }),
      ),
    ).toThrow(/columnOptions name nope/);
    expect(() => build((m) => m.foreignTable('t', { server: '', columns: {} }))).toThrow(/needs a server/);
    expect(() => build((m) => m.foreignServer('s', { wrapper: 'w', options: { 'a=b': '1' } }))).toThrow(
      /option name "a=b"/,
    );
    expect(() =>
      build((m) => {
        m.foreignServer('s', { wrapper: 'w' });
        m.foreignServer('s', { wrapper: 'w' });
      }),
    ).toThrow(/foreign server s: is declared twice/);
  });
});

describe('foreign data operations', () => {
  it('compiles CREATE and DROP with quoted names and literal options', () => {
    expect(sqlOf({ kind: 'createForeignDataWrapper', wrapper: WRAPPER })).toEqual([
      `CREATE FOREIGN DATA WRAPPER "dummy" HANDLER public.dummy_handler OPTIONS ("debug" 'true')`,
    ]);
    expect(sqlOf({ kind: 'createForeignServer', server: { ...SERVER, type: "o'k", version: '2' } })).toEqual([
      `CREATE SERVER "films_srv" TYPE 'o''k' VERSION '2' FOREIGN DATA WRAPPER "postgres_fdw" OPTIONS ("host" 'films.example', "port" '5432')`,
    ]);
    expect(sqlOf({ kind: 'createForeignTable', table: TABLE })).toEqual([
      `CREATE FOREIGN TABLE "public"."films" ("id" integer NOT NULL, "title" text OPTIONS ("column_name" 'name')) SERVER "films_srv" OPTIONS ("table_name" 'films')`,
    ]);
    expect(sqlOf({ kind: 'dropForeignTable', schema: 'public', name: 'films' })).toEqual([
      'DROP FOREIGN TABLE "public"."films"',
    ]);
    expect(sqlOf({ kind: 'dropForeignServer', name: 'films_srv' })).toEqual(['DROP SERVER "films_srv"']);
    expect(sqlOf({ kind: 'dropForeignDataWrapper', name: 'dummy' })).toEqual(['DROP FOREIGN DATA WRAPPER "dummy"']);
  });

  it('changes options so that they end in the new order: SET in the common prefix, DROP and ADD after it', () => {
    expect(optionChanges({ a: '1', b: '2' }, { a: '1', b: '2' })).toBeNull();
    expect(optionChanges({ a: '1', b: '2' }, { a: '9', b: '2', c: '3' })).toBe(`OPTIONS (SET "a" '9', ADD "c" '3')`);
    expect(optionChanges({ a: '1', b: '2', c: '3' }, { a: '1', c: '3' })).toBe(
      `OPTIONS (DROP "b", DROP "c", ADD "c" '3')`,
    );
    expect(optionChanges({ a: '1', b: '2' }, { b: '2', a: '1' })).toBe(
      `OPTIONS (DROP "a", DROP "b", ADD "b" '2', ADD "a" '1')`,
    );
    expect(optionChanges(undefined, { a: '1' })).toBe(`OPTIONS (ADD "a" '1')`);
  });

  it('alters a server, a wrapper and a foreign table in place, in one statement each', () => {
    expect(
      sqlOf({
        kind: 'alterForeignServer',
        name: 'films_srv',
        from: SERVER,
        to: { ...SERVER, version: '2', options: { host: 'db2', port: '5432' } },
      }),
    ).toEqual([`ALTER SERVER "films_srv" VERSION '2' OPTIONS (SET "host" 'db2')`]);
    expect(
      sqlOf({ kind: 'alterForeignServer', name: 'films_srv', from: { ...SERVER, version: '2' }, to: SERVER }),
    ).toEqual(['ALTER SERVER "films_srv" VERSION NULL']);
    expect(
      sqlOf({
        kind: 'alterForeignDataWrapper',
        name: 'dummy',
        from: WRAPPER,
        to: { name: 'dummy', validator: 'public.v' },
      }),
    ).toEqual([`ALTER FOREIGN DATA WRAPPER "dummy" NO HANDLER VALIDATOR public.v OPTIONS (DROP "debug")`]);
    const to: ForeignTableModel = {
      ...TABLE,
      columns: [
        { name: 'id', type: 'bigint', nullable: true, default: '0' },
        {
          name: 'year',
          type: 'integer',
          nullable: false,
          default: '2000',
          collation: '"C"',
          options: { column_name: 'yr' },
        },
      ],
      options: { table_name: 'movies' },
    };
    expect(sqlOf({ kind: 'alterForeignTable', schema: 'public', name: 'films', from: TABLE, to })).toEqual([
      'ALTER FOREIGN TABLE "public"."films" DROP COLUMN "title", ALTER COLUMN "id" TYPE bigint, ALTER COLUMN "id" DROP NOT NULL, ' +
        `ALTER COLUMN "id" SET DEFAULT 0, ADD COLUMN "year" integer OPTIONS ("column_name" 'yr') COLLATE "C" NOT NULL DEFAULT 2000, OPTIONS (SET "table_name" 'movies')`,
    ]);
  });

  it('reverses each: drops carry what they remove, alters swap before and after', () => {
    const create: Operation = { kind: 'createForeignTable', table: TABLE };
    const drop = reverseOperation(create);
    expect(drop).toEqual({ kind: 'dropForeignTable', schema: 'public', name: 'films', removed: TABLE });
    expect(reverseOperation(drop)).toEqual(create);
    expect(reverseOperation({ kind: 'createForeignServer', server: SERVER })).toEqual({
      kind: 'dropForeignServer',
      name: 'films_srv',
      removed: SERVER,
    });
    expect(reverseOperation({ kind: 'dropForeignDataWrapper', name: 'dummy', removed: WRAPPER })).toEqual({
      kind: 'createForeignDataWrapper',
      wrapper: WRAPPER,
    });
    const alter: Operation = {
      kind: 'alterForeignServer',
      name: 'films_srv',
      from: SERVER,
      to: { ...SERVER, version: '2' },
    };
    expect(reverseOperation(reverseOperation(alter))).toEqual(alter);
    expect(() => reverseOperation({ kind: 'dropForeignServer', name: 'x' })).toThrow(/cannot be reversed/);
  });

  it('describes them without printing option values', () => {
    expect(describeOperation({ kind: 'createForeignServer', server: SERVER })).toBe(
      'create foreign server films_srv (wrapper postgres_fdw)',
    );
    const secret = { ...SERVER, options: { host: 'films.example', port: 'hidden-value' } };
    const described = describeOperation({ kind: 'alterForeignServer', name: 'films_srv', from: SERVER, to: secret });
    expect(described).toBe('alter foreign server films_srv: options');
    const to: ForeignTableModel = {
      ...TABLE,
      columns: [TABLE.columns[0]!, { name: 'year', type: 'integer', nullable: true }],
    };
    expect(describeOperation({ kind: 'alterForeignTable', schema: 'public', name: 'films', from: TABLE, to })).toBe(
      'alter foreign table public.films: drop column title, add column year',
    );
  });
});

function model(parts: Partial<SchemaModel>): SchemaModel {
  return completeModel({ schemas: [], enums: [], tables: [], ...parts });
}

describe('compareModels: foreign data', () => {
  const all = model({
    foreignDataWrappers: [WRAPPER],
    foreignServers: [SERVER, { name: 'd', wrapper: 'dummy' }],
    foreignTables: [TABLE],
  });

  it('creates wrappers, servers, then tables, and drops them the other way; an unchanged model gives nothing', () => {
    expect(compareModels(model({}), all).map((op) => op.kind)).toEqual([
      'createForeignDataWrapper',
      'createForeignServer',
      'createForeignServer',
      'createForeignTable',
    ]);
    expect(compareModels(all, model({})).map((op) => op.kind)).toEqual([
      'dropForeignTable',
      'dropForeignServer',
      'dropForeignServer',
      'dropForeignDataWrapper',
    ]);
    expect(compareModels(all, structuredClone(all))).toEqual([]);
  });

  it('drops and creates a foreign table whose server changes or whose columns are reordered, and a server whose wrapper changes with its tables', () => {
    const moved = model({ ...all, foreignTables: [{ ...TABLE, server: 'd' }] });
    expect(compareModels(all, moved).map((op) => op.kind)).toEqual(['dropForeignTable', 'createForeignTable']);
    const reordered = model({ ...all, foreignTables: [{ ...TABLE, columns: [...TABLE.columns].reverse() }] });
    expect(compareModels(all, reordered).map((op) => op.kind)).toEqual(['dropForeignTable', 'createForeignTable']);
    const rewrapped = model({
      ...all,
      foreignServers: [
        { ...SERVER, wrapper: 'dummy' },
        { name: 'd', wrapper: 'dummy' },
      ],
    });
    expect(compareModels(all, rewrapped).map((op) => op.kind)).toEqual([
      'dropForeignTable',
      'dropForeignServer',
      'createForeignServer',
      'createForeignTable',
    ]);
  });

  it('changes options, an added column and a dropped one in place', () => {
    const changed = model({
      ...all,
      foreignTables: [{ ...TABLE, columns: [TABLE.columns[0]!, { name: 'year', type: 'integer', nullable: true }] }],
    });
    expect(compareModels(all, changed).map((op) => op.kind)).toEqual(['alterForeignTable']);
    const options = model({
      ...all,
      foreignServers: [
        { ...SERVER, options: { host: 'x' } },
        { name: 'd', wrapper: 'dummy' },
      ],
    });
    expect(compareModels(all, options).map((op) => op.kind)).toEqual(['alterForeignServer']);
  });

  it('is written by pull as metadata.foreignDataWrapper(), .foreignServer() and .foreignTable()', () => {
    const withDefault = {
      ...TABLE,
      schema: 'remote',
      columns: [
        ...TABLE.columns,
        { name: 'kind', type: 'text', nullable: true, default: "'x'::text", collation: '"C"' },
      ],
    };
    const source = renderModelSource(model({ ...all, foreignTables: [withDefault] }));
    expect(source).toContain(
      "metadata.foreignDataWrapper('dummy', { handler: 'public.dummy_handler', options: { debug: 'true' } });",
    );
    expect(source).toContain(
      "metadata.foreignServer('films_srv', { wrapper: 'postgres_fdw', options: { host: 'films.example', port: '5432' } });",
    );
    expect(source).toContain(
      "metadata.foreignTable('films', { schema: 'remote', server: 'films_srv', columns: { id: integer().notNull(), title: text(), kind: text().collate('C').default(sql`'x'::text`) }, options: { table_name: 'films' }, columnOptions: { title: { column_name: 'name' } } });",
    );
  });
});

describe('canonicalization: foreign servers under scratch names', () => {
  it('renames each declared server and the foreign tables on it, and names them back', () => {
    const other: ForeignTableModel = { ...TABLE, name: 'elsewhere', server: 'not_declared' };
    const scratch = scratchServers(model({ foreignServers: [SERVER], foreignTables: [TABLE, other] }));
    const name = scratch.servers[0]!.name;
    expect(name).toMatch(/^athanor_canon_[0-9a-f]{8}_srv_0$/);
    expect(scratch.servers).toEqual([{ ...SERVER, name }]);
    expect(scratch.tables.map((t) => t.server)).toEqual([name, 'not_declared']);
    expect(serversNamedBack(scratch.tables, scratch.back)).toEqual([TABLE, other]);
    expect(scratchServers(model({ foreignServers: [SERVER] })).servers[0]!.name).not.toBe(name);
  });
});

describe('compareModels: an enum or a domain a foreign table column uses', () => {
  const onType = (type: string): ForeignTableModel => ({ ...TABLE, columns: [{ name: 'm', type, nullable: true }] });

  it('does not replace the enum (its old type could not be dropped): the change is reported', () => {
    const mood = { schema: 'public', name: 'mood', values: ['ok', 'sad', 'meh'] };
    const current = model({ enums: [mood], foreignServers: [SERVER], foreignTables: [onType('public.mood')] });
    const target = { ...current, enums: [{ ...mood, values: ['ok', 'sad'] }] };
    expect(compareModels(current, target).map((op) => op.kind)).not.toContain('replaceEnum');
    expect(unsupportedChanges(current, target).join('\n')).toContain('foreign table public.films has a column of it');
  });

  it('does not replace the domain whose base type changes: the change is reported', () => {
    const d = { schema: 'public', name: 'd', type: 'integer', default: null, notNull: false, checks: [] };
    const current = model({ domains: [d], foreignServers: [SERVER], foreignTables: [onType('public.d[]')] });
    const target = { ...current, domains: [{ ...d, type: 'bigint' }] };
    expect(compareModels(current, target)).toEqual([]);
    expect(unsupportedChanges(current, target)).toEqual([
      'domain public.d: base type changes from integer to bigint, but foreign table public.films has a column of it (write this change by hand)',
    ]);
  });
});

describe('comments on foreign tables and their columns', () => {
  it('are declared with metadata.comment() and checked against the foreign tables', () => {
    const m = defineMetadata();
    m.foreignTable('films', { server: 's', columns: { id: integer() } });
    m.comment({ foreignTable: 'films' }, 'remote films');
    m.comment({ column: 'id', table: 'films' }, 'the key over there');
    expect(buildSchemaModel(m).comments).toEqual([
      { target: { on: 'column', schema: 'public', name: 'id', parent: 'films' }, text: 'the key over there' },
      { target: { on: 'foreignTable', schema: 'public', name: 'films' }, text: 'remote films' },
    ]);
    const wrong = defineMetadata();
    wrong.foreignTable('films', { server: 's', columns: { id: integer() } });
    wrong.comment({ column: 'nope', table: 'films' }, 'x');
    expect(() => buildSchemaModel(wrong)).toThrow(/comment on column public.nope on films/);
  });

  it('compile to COMMENT ON FOREIGN TABLE', () => {
    expect(
      sqlOf({ kind: 'setComment', target: { on: 'foreignTable', schema: 'public', name: 'films' }, comment: 'far' }),
    ).toEqual([`COMMENT ON FOREIGN TABLE "public"."films" IS 'far'`]);
  });
});
