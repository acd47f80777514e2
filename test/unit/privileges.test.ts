import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { afterAll, describe, expect, it } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import { strictTypeErrors } from '../helpers/typecheck.js';
import { describeOperation } from '../../src/ops/describe.js';
import type { Operation } from '../../src/ops/operation.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import { hazardsOf } from '../../src/ops/hazards.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { grantsFromRows, type GrantRow } from '../../src/pg/catalog/catalog-grants.js';
import { renderModelSource } from '../../src/pull/render-model.js';
import {
  buildSchemaModel,
  defineMetadata,
  grant,
  integer,
  isMetadata,
  revoke,
  sql,
  text,
} from '../../src/schema/index.js';
import { managedGrants, type GrantModel, type SchemaModel, type TableModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';

function declared(): SchemaModel {
  const m = defineMetadata({ schemas: ['api'] });
  m.table(
    'profiles',
    { id: integer().primaryKey(), name: text(), email: text() },
    {
      grants: [
        grant(['select'], ['anon', 'authenticated']),
        grant(['update'], 'authenticated', { columns: ['name', 'email'] }),
        grant(['select', 'insert', 'delete'], 'service_role', { withGrantOption: true }),
      ],
    },
  );
  m.function(sql`CREATE FUNCTION api.secret() RETURNS integer LANGUAGE sql AS 'SELECT 1'`);
  m.view('names', sql`SELECT name FROM public.profiles`);
  m.grants({ function: 'secret', schema: 'api' }, [revoke(['execute'], 'public'), grant(['execute'], 'service_role')]);
  m.grants({ schema: 'api' }, [grant(['usage'], 'service_role')]);
  m.grants({ view: 'names' }, [grant(['select'], 'PUBLIC')]);
  m.grants({ sequence: 'profiles_id_seq' }, [grant(['usage'], 'anon')]);
  m.foreignServer('films', { wrapper: 'postgres_fdw', grants: [grant(['usage'], 'anon', { withGrantOption: true })] });
  m.grants({ foreignDataWrapper: 'postgres_fdw' }, [grant(['usage'], ['anon', 'authenticated'])]);
  return buildSchemaModel(m);
}

const profiles = { on: 'table', schema: 'public', name: 'profiles' } as const;

function entry(privilege: GrantModel['privilege'], grantee: string, extra: Partial<GrantModel> = {}): GrantModel {
  return { target: profiles, grantee, privilege, grantOption: false, ...extra };
}

describe('DSL: privileges', () => {
  it('builds one entry per privilege, grantee and column, a revoked default as such, sorted', () => {
    const grants = declared().grants;
    expect(grants.filter((g) => g.target.name === 'profiles')).toEqual([
      entry('SELECT', 'anon'),
      entry('SELECT', 'authenticated'),
      entry('SELECT', 'service_role', { grantOption: true }),
      entry('INSERT', 'service_role', { grantOption: true }),
      entry('DELETE', 'service_role', { grantOption: true }),
      entry('UPDATE', 'authenticated', { column: 'email' }),
      entry('UPDATE', 'authenticated', { column: 'name' }),
    ]);
    expect(grants.filter((g) => g.target.schema === 'api')).toEqual([
      {
        target: { on: 'function', schema: 'api', name: 'secret', argumentTypes: '?0' },
        grantee: 'PUBLIC',
        privilege: 'EXECUTE',
        grantOption: false,
        revoked: true,
      },
      {
        target: { on: 'function', schema: 'api', name: 'secret', argumentTypes: '?0' },
        grantee: 'service_role',
        privilege: 'EXECUTE',
        grantOption: false,
      },
      {
        target: { on: 'schema', schema: 'api', name: 'api' },
        grantee: 'service_role',
        privilege: 'USAGE',
        grantOption: false,
      },
    ]);
  });

  it("reads a view's, a sequence's and a routine's grants option as metadata.grants() on them", () => {
    const inOptions = defineMetadata({ schemas: ['api'] });
    inOptions.function(sql`CREATE FUNCTION api.secret() RETURNS integer LANGUAGE sql AS 'SELECT 1'`, {
      grants: [revoke(['execute'], 'PUBLIC'), grant(['execute'], 'service_role')],
    });
    inOptions.function(sql`CREATE PROCEDURE api.tidy() LANGUAGE sql AS 'SELECT 1'`, {
      grants: [grant(['execute'], 'service_role', { withGrantOption: true })],
    });
    inOptions.view('names', sql`SELECT 1 AS one`, { grants: [grant(['select'], 'anon', { columns: ['one'] })] });
    inOptions.sequence('counter', { grants: [grant(['usage'], 'anon')] });
    const apart = defineMetadata({ schemas: ['api'] });
    apart.function(sql`CREATE FUNCTION api.secret() RETURNS integer LANGUAGE sql AS 'SELECT 1'`);
    apart.function(sql`CREATE PROCEDURE api.tidy() LANGUAGE sql AS 'SELECT 1'`);
    apart.view('names', sql`SELECT 1 AS one`);
    apart.sequence('counter');
    apart.grants({ function: 'secret', schema: 'api' }, [
      revoke(['execute'], 'PUBLIC'),
      grant(['execute'], 'service_role'),
    ]);
    apart.grants({ procedure: 'tidy', schema: 'api' }, [grant(['execute'], 'service_role', { withGrantOption: true })]);
    apart.grants({ view: 'names' }, [grant(['select'], 'anon', { columns: ['one'] })]);
    apart.grants({ sequence: 'counter' }, [grant(['usage'], 'anon')]);
    const grants = buildSchemaModel(inOptions).grants;
    expect(grants).toHaveLength(5);
    expect(grants).toEqual(buildSchemaModel(apart).grants);
  });

  it('refuses what Postgres would not take or the model cannot name', () => {
    const refused = (build: (m: ReturnType<typeof defineMetadata>) => void): (() => SchemaModel) => {
      const m = defineMetadata();
      build(m);
      return () => buildSchemaModel(m);
    };
    expect(refused((m) => m.table('t', { a: text() }, { grants: [revoke(['select'], 'PUBLIC')] }))).toThrow(
      /takes away only what a table grants by default/,
    );
    expect(refused((m) => m.grants({ sequence: 's' }, [grant(['usage'], 'anon', { columns: ['a'] })]))).toThrow(
      /only a table or view has column privileges/,
    );
    expect(refused((m) => m.table('t', { a: text() }, { grants: [grant(['execute'], 'anon')] }))).toThrow(
      /execute is not a privilege of a table/,
    );
    expect(
      refused((m) => m.table('t', { a: text() }, { grants: [grant(['select'], 'PUBLIC', { withGrantOption: true })] })),
    ).toThrow(/PUBLIC cannot be given the grant option/);
    expect(
      refused((m) => m.table('t', { a: text() }, { grants: [grant(['select'], 'anon'), grant(['select'], 'anon')] })),
    ).toThrow(/is granted twice/);
    expect(refused((m) => m.grants({ view: 'nowhere' }, [grant(['select'], 'anon')]))).toThrow(/no such view/);
    expect(refused((m) => m.grants({ schema: 'nowhere' }, [grant(['usage'], 'anon')]))).toThrow(/no such schema/);
    expect(refused((m) => m.grants({ function: 'f' }, [grant(['execute'], 'anon')]))).toThrow(/no such function/);
  });
});

describe("the owner's own privileges taken away", () => {
  it('builds a revoke from OWNER of any privilege of the kind, refuses a grant to it, and compiles it for whoever owns the object', () => {
    const m = defineMetadata({ schemas: ['app'] });
    m.table(
      'audit',
      { id: integer(), entry: text() },
      { schema: 'app', grants: [revoke(['update', 'delete'], 'OWNER')] },
    );
    m.function(sql`CREATE FUNCTION app.secret() RETURNS integer LANGUAGE sql AS 'SELECT 42'`);
    m.grants({ function: 'secret', argumentTypes: '', schema: 'app' }, [revoke(['execute'], 'OWNER')]);
    const model = buildSchemaModel(m);
    const audit = { on: 'table', schema: 'app', name: 'audit' } as const;
    expect(model.grants.filter((g) => g.target.on === 'table')).toEqual([
      { target: audit, grantee: 'OWNER', privilege: 'UPDATE', grantOption: false, revoked: true },
      { target: audit, grantee: 'OWNER', privilege: 'DELETE', grantOption: false, revoked: true },
    ]);
    const ops = compareModels({ ...model, grants: [] }, model);
    expect(ops.map(describeOperation)).toEqual([
      'revoke execute on function app.secret() from its owner',
      'revoke update, delete on table app.audit from its owner',
    ]);
    expect(ops.flatMap((op) => compileOperation(op).map((st) => st.sql))).toEqual([
      `DO $owner$BEGIN EXECUTE 'REVOKE EXECUTE ON FUNCTION "app"."secret"() FROM ' || pg_catalog.quote_ident(pg_catalog.pg_get_userbyid((SELECT proowner FROM pg_catalog.pg_proc WHERE oid = '"app"."secret"()'::pg_catalog.regprocedure))); END$owner$`,
      `DO $owner$BEGIN EXECUTE 'REVOKE UPDATE, DELETE ON TABLE "app"."audit" FROM ' || pg_catalog.quote_ident(pg_catalog.pg_get_userbyid((SELECT relowner FROM pg_catalog.pg_class WHERE oid = '"app"."audit"'::pg_catalog.regclass))); END$owner$`,
    ]);
    const back = ops.map(reverseOperation);
    expect(back.map(describeOperation)[1]).toBe('grant update, delete on table app.audit to its owner');

    const refused = defineMetadata();
    refused.table('t', { a: text() }, { grants: [grant(['select'], 'OWNER')] });
    expect(() => buildSchemaModel(refused)).toThrow(/a table's owner holds select by default; leave the grant out/);
    const notOfKind = defineMetadata();
    notOfKind.table('t', { a: text() }, { grants: [revoke(['execute'], 'OWNER')] });
    expect(() => buildSchemaModel(notOfKind)).toThrow(/takes away only what a table grants by default/);
  });

  it("builds the owner's grant option, takes the option alone away, and refuses it on columns or beside a revoke", () => {
    const m = defineMetadata({ schemas: ['app'] });
    m.table(
      'audit',
      { id: integer() },
      { schema: 'app', grants: [grant(['select'], 'OWNER', { withGrantOption: true })] },
    );
    const model = buildSchemaModel(m);
    const audit = { on: 'table', schema: 'app', name: 'audit' } as const;
    expect(model.grants).toEqual([{ target: audit, grantee: 'OWNER', privilege: 'SELECT', grantOption: true }]);
    const owner = `pg_catalog.quote_ident(pg_catalog.pg_get_userbyid((SELECT relowner FROM pg_catalog.pg_class WHERE oid = '"app"."audit"'::pg_catalog.regclass)))`;
    const [given] = compareModels({ ...model, grants: [] }, model);
    expect(describeOperation(given!)).toBe('grant select on table app.audit to its owner with grant option');
    expect(compileOperation(given!).map((st) => st.sql)).toEqual([
      `DO $owner$BEGIN EXECUTE 'GRANT SELECT ON TABLE "app"."audit" TO ' || ${owner} || ' WITH GRANT OPTION'; END$owner$`,
    ]);
    const taken = reverseOperation(given!);
    expect(describeOperation(taken)).toBe('take the grant option for select on table app.audit from its owner');
    expect(hazardsOf(taken)).toEqual([]);
    expect(hazardsOf(reverseOperation(taken))).toEqual([]);
    expect(compileOperation(taken).map((st) => st.sql)).toEqual([
      `DO $owner$BEGIN EXECUTE 'REVOKE GRANT OPTION FOR SELECT ON TABLE "app"."audit" FROM ' || ${owner}; END$owner$`,
    ]);

    const onColumns = defineMetadata();
    onColumns.table(
      't',
      { a: text() },
      { grants: [grant(['select'], 'OWNER', { columns: ['a'], withGrantOption: true })] },
    );
    expect(() => buildSchemaModel(onColumns)).toThrow(/a column's privileges to its owner name the role/);
    const both = defineMetadata();
    both.table(
      't',
      { a: text() },
      {
        grants: [revoke(['select'], 'OWNER'), grant(['select'], 'OWNER', { withGrantOption: true })],
      },
    );
    expect(() => buildSchemaModel(both)).toThrow(/both revoked from its owner and granted to it with the grant option/);
  });
});

describe('privileges on types and domains', () => {
  it("builds an enum's, a composite type's and a domain's, a revoked USAGE of PUBLIC as such, and compiles them", () => {
    const m = defineMetadata({ schemas: ['api'] });
    m.enum('mood', ['ok', 'sad']);
    m.compositeType('pair', { a: integer(), b: text() });
    m.domain('email', 'text', { schema: 'api' });
    m.grants({ type: 'mood' }, [revoke(['usage'], 'PUBLIC'), grant(['usage'], 'anon')]);
    m.grants({ type: 'pair' }, [grant(['usage'], 'anon')]);
    m.grants({ domain: 'email', schema: 'api' }, [grant(['usage'], 'authenticated', { withGrantOption: true })]);
    const model = buildSchemaModel(m);
    const mood = { on: 'type', schema: 'public', name: 'mood' } as const;
    const email = { on: 'domain', schema: 'api', name: 'email' } as const;
    expect(model.grants).toEqual([
      { target: email, grantee: 'authenticated', privilege: 'USAGE', grantOption: true },
      { target: mood, grantee: 'PUBLIC', privilege: 'USAGE', grantOption: false, revoked: true },
      { target: mood, grantee: 'anon', privilege: 'USAGE', grantOption: false },
      {
        target: { on: 'type', schema: 'public', name: 'pair' },
        grantee: 'anon',
        privilege: 'USAGE',
        grantOption: false,
      },
    ]);
    const ops = compareModels({ ...model, grants: [] }, model);
    expect(ops.flatMap((op) => compileOperation(op).map((st) => st.sql))).toEqual([
      'GRANT USAGE ON DOMAIN "api"."email" TO "authenticated" WITH GRANT OPTION',
      'REVOKE USAGE ON TYPE "public"."mood" FROM PUBLIC',
      'GRANT USAGE ON TYPE "public"."mood" TO "anon"',
      'GRANT USAGE ON TYPE "public"."pair" TO "anon"',
    ]);
    expect(ops.map(describeOperation)[0]).toBe('grant usage on domain api.email to authenticated with grant option');
  });

  it('reads the grants option of an enum, a composite type and a domain as metadata.grants() on them', () => {
    const withOptions = defineMetadata({ schemas: ['api'] });
    withOptions.enum('mood', ['ok'], { grants: [revoke(['usage'], 'PUBLIC'), grant(['usage'], 'anon')] });
    withOptions.compositeType('pair', { a: integer() }, { grants: [grant(['usage'], 'anon')] });
    withOptions.domain('email', 'text', {
      schema: 'api',
      grants: [grant(['usage'], 'anon', { withGrantOption: true })],
    });
    const withCalls = defineMetadata({ schemas: ['api'] });
    withCalls.enum('mood', ['ok']);
    withCalls.compositeType('pair', { a: integer() });
    withCalls.domain('email', 'text', { schema: 'api' });
    withCalls.grants({ type: 'mood' }, [revoke(['usage'], 'PUBLIC'), grant(['usage'], 'anon')]);
    withCalls.grants({ type: 'pair' }, [grant(['usage'], 'anon')]);
    withCalls.grants({ domain: 'email', schema: 'api' }, [grant(['usage'], 'anon', { withGrantOption: true })]);
    const grants = buildSchemaModel(withOptions).grants;
    expect(grants).toHaveLength(4);
    expect(grants).toEqual(buildSchemaModel(withCalls).grants);
  });

  it('refuses a type or domain the model lacks, and privileges other than USAGE', () => {
    const m = defineMetadata();
    m.domain('email', 'text');
    m.grants({ type: 'email' }, [grant(['usage'], 'anon')]);
    expect(() => buildSchemaModel(m)).toThrow(/grants on type public.email: no such type is declared/);
    const n = defineMetadata();
    n.enum('mood', ['ok']);
    n.grants({ type: 'mood' }, [grant(['select'], 'anon')]);
    expect(() => buildSchemaModel(n)).toThrow(/select is not a privilege of a type; use usage/);
  });
});

describe('privileges on foreign data wrappers and servers', () => {
  const dummy = { on: 'foreignDataWrapper', schema: '', name: 'dummy' } as const;
  const postgresFdw = { on: 'foreignDataWrapper', schema: '', name: 'postgres_fdw' } as const;
  const films = { on: 'foreignServer', schema: '', name: 'films' } as const;

  function foreignGrants(): SchemaModel {
    const m = defineMetadata();
    const wrapper = m.foreignDataWrapper('dummy', { grants: [grant(['usage'], 'anon')] });
    m.foreignServer('films', { wrapper, grants: [grant(['usage'], 'auth', { withGrantOption: true })] });
    // An extension's wrapper is not declared; a grant on it is.
    m.grants({ foreignDataWrapper: 'postgres_fdw' }, [grant(['usage'], ['anon', 'auth'])]);
    m.foreignTable('remote', { server: 'films', columns: { id: integer() } });
    m.grants({ table: 'remote' }, [grant(['select'], 'anon')]);
    return buildSchemaModel(m);
  }

  it("builds a wrapper's (an extension's too) and a server's, from their grants option or metadata.grants(), and compiles them", () => {
    const model = foreignGrants();
    expect(model.grants).toEqual([
      { target: dummy, grantee: 'anon', privilege: 'USAGE', grantOption: false },
      { target: postgresFdw, grantee: 'anon', privilege: 'USAGE', grantOption: false },
      { target: postgresFdw, grantee: 'auth', privilege: 'USAGE', grantOption: false },
      { target: films, grantee: 'auth', privilege: 'USAGE', grantOption: true },
      {
        target: { on: 'table', schema: 'public', name: 'remote' },
        grantee: 'anon',
        privilege: 'SELECT',
        grantOption: false,
      },
    ]);
    const apart = defineMetadata();
    apart.foreignDataWrapper('dummy');
    apart.foreignServer('films', { wrapper: 'dummy' });
    apart.grants({ foreignDataWrapper: 'dummy' }, [grant(['usage'], 'anon')]);
    apart.grants({ foreignServer: 'films' }, [grant(['usage'], 'auth', { withGrantOption: true })]);
    apart.grants({ foreignDataWrapper: 'postgres_fdw' }, [grant(['usage'], ['anon', 'auth'])]);
    apart.foreignTable('remote', { server: 'films', columns: { id: integer() } });
    apart.grants({ table: 'remote' }, [grant(['select'], 'anon')]);
    expect(buildSchemaModel(apart).grants).toEqual(model.grants);

    const ops = compareModels({ ...model, grants: [] }, model);
    expect(ops.flatMap((op) => compileOperation(op).map((st) => st.sql))).toEqual([
      'GRANT USAGE ON FOREIGN DATA WRAPPER "dummy" TO "anon"',
      'GRANT USAGE ON FOREIGN DATA WRAPPER "postgres_fdw" TO "anon"',
      'GRANT USAGE ON FOREIGN DATA WRAPPER "postgres_fdw" TO "auth"',
      'GRANT USAGE ON FOREIGN SERVER "films" TO "auth" WITH GRANT OPTION',
      'GRANT SELECT ON TABLE "public"."remote" TO "anon"',
    ]);
    expect(ops.map(describeOperation).slice(0, 4)).toEqual([
      'grant usage on foreign data wrapper dummy to anon',
      'grant usage on foreign data wrapper postgres_fdw to anon',
      'grant usage on foreign data wrapper postgres_fdw to auth',
      'grant usage on foreign server films to auth with grant option',
    ]);
    const back = compareModels(model, { ...model, grants: [] });
    expect(back.map(describeOperation)[3]).toBe('revoke usage on foreign server films from auth');
    expect(hazardsOf(back[3]!).map((h) => h.message)).toEqual([
      'revoke usage on foreign server films from auth: what the application does as auth with usage fails from then on',
    ]);
    expect(back.flatMap((op) => compileOperation(op).map((st) => st.sql))[3]).toBe(
      'REVOKE USAGE ON FOREIGN SERVER "films" FROM "auth"',
    );
  });

  it('refuses a server the model lacks, privileges other than USAGE, column privileges and revoke()', () => {
    const refused = (build: (m: ReturnType<typeof defineMetadata>) => void): (() => SchemaModel) => {
      const m = defineMetadata();
      m.foreignDataWrapper('dummy');
      build(m);
      return () => buildSchemaModel(m);
    };
    expect(refused((m) => m.grants({ foreignServer: 'nowhere' }, [grant(['usage'], 'anon')]))).toThrow(
      /grants on foreign server nowhere: no such foreign server is declared/,
    );
    expect(refused((m) => m.grants({ foreignDataWrapper: 'dummy' }, [grant(['select'], 'anon')]))).toThrow(
      /select is not a privilege of a foreign data wrapper; use usage/,
    );
    expect(
      refused((m) => m.grants({ foreignDataWrapper: 'dummy' }, [grant(['usage'], 'anon', { columns: ['a'] })])),
    ).toThrow(/only a table or view has column privileges/);
    expect(refused((m) => m.grants({ foreignDataWrapper: 'dummy' }, [revoke(['usage'], 'PUBLIC')]))).toThrow(
      /takes away only what a foreign data wrapper grants by default/,
    );
  });

  it('revokes the grants on a server the revision drops before the drop, and grants them again once it is created', () => {
    const model = foreignGrants();
    const withoutServer: SchemaModel = {
      ...model,
      foreignServers: [],
      foreignTables: [],
      grants: model.grants.filter((g) => g.target.on !== 'foreignServer' && g.target.on !== 'table'),
    };
    const dropped = compareModels(model, withoutServer);
    expect(dropped.map((o) => o.kind)).toEqual(['revoke', 'revoke', 'dropForeignTable', 'dropForeignServer']);
    const recreated = compareModels(model, {
      ...model,
      foreignServers: model.foreignServers.map((s) => ({ ...s, type: 'other' })),
    });
    expect(recreated.map(describeOperation).filter((d) => d.includes('foreign server films'))).toEqual([
      'revoke usage on foreign server films from auth',
      expect.stringMatching(/^drop foreign server films/),
      expect.stringMatching(/^create foreign server films/),
      'grant usage on foreign server films to auth with grant option',
    ]);
  });

  it('marks what an object made again takes and gets back as such: no privilege is lost, no hazard, either way', () => {
    const model = foreignGrants();
    const ops = compareModels(model, {
      ...model,
      foreignServers: model.foreignServers.map((s) => ({ ...s, type: 'other' })),
    });
    const around = ops.filter((o) => (o.kind === 'grant' || o.kind === 'revoke') && o.on.on === 'foreignServer');
    expect(around.map((o) => [o.kind, 'remade' in o && o.remade])).toEqual([
      ['revoke', true],
      ['grant', true],
    ]);
    for (const op of [...around, ...around.map(reverseOperation)]) {
      expect(hazardsOf(op)).toEqual([]);
      expect(op).toMatchObject({ remade: true });
    }
    expect(compileOperation(around[0]!)).toEqual(compileOperation({ ...around[0]!, remade: undefined } as Operation));
    // A privilege whose grant option changes on an object made again is still lost as it was.
    const changed = compareModels(model, {
      ...model,
      foreignServers: model.foreignServers.map((s) => ({ ...s, type: 'other' })),
      grants: model.grants.map((g) => (g.target.on === 'foreignServer' ? { ...g, grantOption: false } : g)),
    });
    const revoke = changed.find((o) => o.kind === 'revoke' && o.on.on === 'foreignServer')!;
    expect(revoke).not.toHaveProperty('remade');
    expect(hazardsOf(revoke).map((h) => h.code)).toEqual(['revoke-privilege']);
  });
});

describe('reading the ACLs', () => {
  it('turns the rows into entries: PUBLIC by name, a revoked default without grant option, excluded relations left out', () => {
    const row = (extra: Partial<GrantRow>): GrantRow => ({
      kind: 'table',
      schema: 'public',
      name: 'profiles',
      argument_types: null,
      column_name: null,
      grantee: 'anon',
      privilege: 'SELECT',
      grantable: false,
      revoked: false,
      marker_named: false,
      ...extra,
    });
    const rows = [
      row({ column_name: 'name', privilege: 'UPDATE' }),
      row({ grantee: 'service_role', grantable: true }),
      row({
        kind: 'function',
        schema: 'api',
        name: 'f',
        argument_types: 'integer',
        grantee: 'PUBLIC',
        privilege: 'EXECUTE',
        revoked: true,
      }),
      row({ name: 'athanor_version' }),
      row({ kind: 'schema', name: 'public', schema: 'public', privilege: 'USAGE', grantee: 'PUBLIC' }),
      // Wrappers and servers are in no schema.
      row({ kind: 'foreignServer', schema: '', name: 'films', privilege: 'USAGE', grantable: true }),
      row({ kind: 'foreignDataWrapper', schema: '', name: 'postgres_fdw', privilege: 'USAGE' }),
    ];
    const grants = grantsFromRows(rows, (schema, name) => schema !== '' && name !== 'athanor_version');
    expect(grants).toEqual([
      {
        target: { on: 'foreignDataWrapper', schema: '', name: 'postgres_fdw' },
        grantee: 'anon',
        privilege: 'USAGE',
        grantOption: false,
      },
      {
        target: { on: 'foreignServer', schema: '', name: 'films' },
        grantee: 'anon',
        privilege: 'USAGE',
        grantOption: true,
      },
      {
        target: { on: 'function', schema: 'api', name: 'f', argumentTypes: 'integer' },
        grantee: 'PUBLIC',
        privilege: 'EXECUTE',
        grantOption: false,
        revoked: true,
      },
      {
        target: { on: 'schema', schema: 'public', name: 'public' },
        grantee: 'PUBLIC',
        privilege: 'USAGE',
        grantOption: false,
      },
      entry('SELECT', 'service_role', { grantOption: true }),
      entry('UPDATE', 'anon', { column: 'name' }),
    ]);
  });

  it('keeps what the setting manages: nothing, everything, or the roles named', () => {
    const grants = [entry('SELECT', 'anon'), entry('SELECT', 'PUBLIC'), entry('SELECT', 'other')];
    expect(managedGrants(grants, 'none')).toEqual([]);
    expect(managedGrants(grants, undefined)).toEqual([]);
    expect(managedGrants(grants, 'all')).toEqual(grants);
    expect(managedGrants(grants, { roles: ['anon', 'PUBLIC'] })).toEqual(grants.slice(0, 2));
  });
});

const TABLE: TableModel = (() => {
  const m = defineMetadata();
  m.table('profiles', { id: integer().notNull(), name: text() });
  return buildSchemaModel(m).tables[0]!;
})();

function withGrants(grants: GrantModel[], tables: TableModel[] = [TABLE]): SchemaModel {
  return completeModel({ schemas: [], enums: [], tables, grants });
}

describe('comparing privileges', () => {
  it('grants what the model adds last, revokes what it takes away first, and writes nothing when they match', () => {
    const live = withGrants([entry('SELECT', 'anon'), entry('DELETE', 'anon')]);
    const model = withGrants([
      entry('SELECT', 'anon'),
      entry('UPDATE', 'authenticated', { column: 'id' }),
      entry('UPDATE', 'authenticated', { column: 'name' }),
      entry('INSERT', 'authenticated', { grantOption: true }),
    ]);
    const ops = compareModels(live, model);
    expect(ops.map(describeOperation)).toEqual([
      'revoke delete on table public.profiles from anon',
      'grant insert on table public.profiles to authenticated with grant option',
      'grant update (id, name) on table public.profiles to authenticated',
    ]);
    expect(compareModels(model, model)).toEqual([]);
    expect(hazardsOf(ops[0]!).map((h) => h.code)).toEqual(['revoke-privilege']);
    expect(hazardsOf(ops[1]!)).toEqual([]);
  });

  it('revokes and grants again a privilege whose grant option changes; each operation reverses to the other', () => {
    const ops = compareModels(
      withGrants([entry('SELECT', 'anon', { grantOption: true })]),
      withGrants([entry('SELECT', 'anon')]),
    );
    expect(ops).toEqual([
      { kind: 'revoke', on: profiles, privileges: ['SELECT'], from: 'anon', withGrantOption: true },
      { kind: 'grant', on: profiles, privileges: ['SELECT'], to: 'anon' },
    ]);
    expect(ops.map(reverseOperation)).toEqual([
      { kind: 'grant', on: profiles, privileges: ['SELECT'], to: 'anon', withGrantOption: true },
      { kind: 'revoke', on: profiles, privileges: ['SELECT'], from: 'anon' },
    ]);
  });

  it('takes a default away with a revoke, and gives it back with a grant', () => {
    const f = { on: 'function', schema: 'public', name: 'f', argumentTypes: '' } as const;
    const revoked: GrantModel = {
      target: f,
      grantee: 'PUBLIC',
      privilege: 'EXECUTE',
      grantOption: false,
      revoked: true,
    };
    const add = compareModels(withGrants([]), withGrants([revoked]));
    expect(add).toEqual([{ kind: 'revoke', on: f, privileges: ['EXECUTE'], from: 'PUBLIC' }]);
    expect(compareModels(withGrants([revoked]), withGrants([]))).toEqual([
      { kind: 'grant', on: f, privileges: ['EXECUTE'], to: 'PUBLIC' },
    ]);
  });

  it('revokes the privileges on a dropped table before the drop, so that the downgrade grants them again after creating it', () => {
    const ops = compareModels(withGrants([entry('SELECT', 'anon')]), withGrants([], []));
    expect(ops.map((o: Operation) => o.kind)).toEqual(['revoke', 'dropTable']);
    const created = compareModels(withGrants([], []), withGrants([entry('SELECT', 'anon')]));
    expect(created.map((o: Operation) => o.kind)).toEqual(['createTable', 'grant']);
  });
});

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'athanor-render-grants-'));
const jiti = createJiti(import.meta.url, { alias: { athanor: join(root, 'src/index.ts') }, moduleCache: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pull: privileges as DSL code', () => {
  it('renders code that compiles under --strict and builds the same privileges back', async () => {
    // Pulled models name routines by their argument types, which the server reads.
    const model = declared();
    const resolved: SchemaModel = {
      ...model,
      functions: model.functions.map((f) => ({ ...f, argumentTypes: '' })),
      grants: model.grants.map((g) =>
        g.target.argumentTypes === undefined ? g : { ...g, target: { ...g.target, argumentTypes: '' } },
      ),
    };
    const source = renderModelSource(resolved);
    expect(source).toContain(
      [
        '    grants: [',
        "      grant(['select'], ['anon', 'authenticated']),",
        "      grant(['select', 'insert', 'delete'], 'service_role', { withGrantOption: true }),",
        "      grant(['update'], 'authenticated', { columns: ['email', 'name'] }),",
        '    ],',
      ].join('\n'),
    );
    expect(source).toContain(
      [
        "metadata.grants({ function: 'secret', argumentTypes: '', schema: 'api' }, [",
        "  revoke(['execute'], 'PUBLIC'),",
        "  grant(['execute'], 'service_role'),",
        ']);',
      ].join('\n'),
    );
    expect(source).toContain(
      [
        "metadata.grants({ foreignDataWrapper: 'postgres_fdw' }, [",
        "  grant(['usage'], ['anon', 'authenticated']),",
        ']);',
        '',
        "metadata.grants({ foreignServer: 'films' }, [",
        "  grant(['usage'], 'anon', { withGrantOption: true }),",
        ']);',
      ].join('\n'),
    );
    const file = join(dir, 'models.ts');
    writeFileSync(file, source);
    expect(strictTypeErrors([file], dir)).toEqual([]);
    const module = await jiti.import<Record<string, unknown>>(file);
    const metadata = Object.values(module).find(isMetadata)!;
    const rebuilt = buildSchemaModel(metadata);
    expect(rebuilt.grants.filter((g) => g.target.on !== 'function')).toEqual(
      resolved.grants.filter((g) => g.target.on !== 'function'),
    );
    expect(rebuilt.grants.filter((g) => g.target.on === 'function').map((g) => g.target.argumentTypes)).toEqual([
      '',
      '',
    ]);
  });
});
