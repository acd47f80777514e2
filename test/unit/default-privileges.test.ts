import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { afterAll, describe, expect, it } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import { diffModels } from '../../src/autogen/compare.js';
import { column, table } from '../helpers/models.js';
import { strictTypeErrors } from '../helpers/typecheck.js';
import { describeOperation } from '../../src/ops/describe.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import { hazardsOf } from '../../src/ops/hazards.js';
import { defaultPrivilegesFromRows } from '../../src/pg/catalog/catalog-default-privileges.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { renderModelSource } from '../../src/pull/render-model.js';
import { missingFeatures } from '../../src/schema/model-kinds.js';
import { buildSchemaModel, defineMetadata, grant, isMetadata, revoke } from '../../src/schema/index.js';
import type { DefaultPrivilegeModel, SchemaModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';

function declared(): SchemaModel {
  const m = defineMetadata({ schemas: ['api'] });
  m.defaultPrivileges({ on: 'routines' }, [revoke(['execute'], 'public')]);
  m.defaultPrivileges({ on: 'tables', inSchema: 'api' }, [
    grant(['select'], ['anon', 'authenticated']),
    grant(['insert', 'update'], 'authenticated', { withGrantOption: true }),
  ]);
  m.defaultPrivileges({ on: 'sequences', forRole: 'owner', inSchema: 'api' }, [grant(['usage'], 'authenticated')]);
  m.defaultPrivileges({ on: 'types', forRole: 'owner' }, [revoke(['usage'], 'PUBLIC'), grant(['usage'], 'anon')]);
  m.defaultPrivileges({ on: 'schemas' }, [grant(['usage'], 'anon')]);
  return buildSchemaModel(m);
}

function entry(
  on: DefaultPrivilegeModel['on'],
  privilege: DefaultPrivilegeModel['privilege'],
  grantee: string,
  extra: Partial<DefaultPrivilegeModel> = {},
): DefaultPrivilegeModel {
  return { on, grantee, privilege, grantOption: false, ...extra };
}

const withDefaults = (defaultPrivileges: DefaultPrivilegeModel[]): SchemaModel =>
  completeModel({ schemas: ['api'], defaultPrivileges });

describe('DSL: default privileges', () => {
  it('builds one entry per privilege and grantee, routines as functions, a hard-wired default taken away as revoked, sorted', () => {
    const api = { schema: 'api' };
    expect(declared().defaultPrivileges).toEqual([
      entry('functions', 'EXECUTE', 'PUBLIC', { revoked: true }),
      entry('schemas', 'USAGE', 'anon'),
      entry('tables', 'SELECT', 'anon', api),
      entry('tables', 'SELECT', 'authenticated', api),
      entry('tables', 'INSERT', 'authenticated', { ...api, grantOption: true }),
      entry('tables', 'UPDATE', 'authenticated', { ...api, grantOption: true }),
      entry('types', 'USAGE', 'PUBLIC', { role: 'owner', revoked: true }),
      entry('types', 'USAGE', 'anon', { role: 'owner' }),
      entry('sequences', 'USAGE', 'authenticated', { role: 'owner', ...api }),
    ]);
  });

  it('refuses what Postgres would not store', () => {
    const refused = (build: (m: ReturnType<typeof defineMetadata>) => void): (() => SchemaModel) => {
      const m = defineMetadata({ schemas: ['api'] });
      build(m);
      return () => buildSchemaModel(m);
    };
    expect(
      refused((m) => m.defaultPrivileges({ on: 'functions', inSchema: 'api' }, [revoke(['execute'], 'PUBLIC')])),
    ).toThrow(/an entry for one schema only grants/);
    expect(refused((m) => m.defaultPrivileges({ on: 'tables' }, [revoke(['select'], 'PUBLIC')]))).toThrow(
      /takes away only what new tables grant by default/,
    );
    expect(refused((m) => m.defaultPrivileges({ on: 'functions' }, [grant(['execute'], 'PUBLIC')]))).toThrow(
      /new functions grant execute to PUBLIC by default; leave the grant out/,
    );
    expect(refused((m) => m.defaultPrivileges({ on: 'sequences' }, [grant(['execute'], 'anon')]))).toThrow(
      /execute is not a privilege of sequences; use usage, select, update/,
    );
    expect(
      refused((m) => m.defaultPrivileges({ on: 'tables', inSchema: 'nowhere' }, [grant(['select'], 'anon')])),
    ).toThrow(/no such schema is in the model/);
    expect(
      refused((m) => m.defaultPrivileges({ on: 'tables' }, [grant(['select'], 'PUBLIC', { withGrantOption: true })])),
    ).toThrow(/PUBLIC cannot be given the grant option/);
    expect(
      refused((m) => m.defaultPrivileges({ on: 'tables' }, [grant(['select'], 'anon'), grant(['select'], 'anon')])),
    ).toThrow(/SELECT to anon is declared twice/);
    // Per schema, PUBLIC's EXECUTE is an entry of its own (it adds to what a global entry took away).
    expect(
      refused((m) => m.defaultPrivileges({ on: 'functions', inSchema: 'api' }, [grant(['execute'], 'PUBLIC')]))()
        .defaultPrivileges,
    ).toEqual([entry('functions', 'EXECUTE', 'PUBLIC', { schema: 'api' })]);
  });

  it('names a default privilege of MAINTAIN before PostgreSQL 17', () => {
    const maintain = withDefaults([entry('tables', 'MAINTAIN', 'ops', { schema: 'api' })]);
    expect(missingFeatures(maintain, 160000)).toEqual([
      'the default privilege MAINTAIN on new tables in schema api to ops, which needs PostgreSQL 17 or later',
    ]);
    expect(missingFeatures(maintain, 170000)).toEqual([]);
  });
});

describe('reading pg_default_acl', () => {
  it("turns the rows into entries: the session's role left out, a global schema absent", () => {
    expect(
      defaultPrivilegesFromRows([
        {
          role: 'owner',
          schema: 'api',
          kind: 'tables',
          grantee: 'anon',
          privilege: 'SELECT',
          grantable: true,
          revoked: false,
          marker_named: false,
        },
        {
          role: null,
          schema: null,
          kind: 'functions',
          grantee: 'PUBLIC',
          privilege: 'EXECUTE',
          grantable: false,
          revoked: true,
          marker_named: false,
        },
      ]),
    ).toEqual([
      entry('functions', 'EXECUTE', 'PUBLIC', { revoked: true }),
      entry('tables', 'SELECT', 'anon', { role: 'owner', schema: 'api', grantOption: true }),
    ]);
  });
});

describe('comparing default privileges', () => {
  it('revokes what the model takes away first, grants what it adds last, and writes nothing when they match', () => {
    const live = withDefaults([entry('tables', 'SELECT', 'anon'), entry('tables', 'DELETE', 'anon')]);
    const model = withDefaults([
      entry('tables', 'SELECT', 'anon'),
      entry('tables', 'INSERT', 'authenticated', { schema: 'api', grantOption: true }),
      entry('tables', 'UPDATE', 'authenticated', { schema: 'api', grantOption: true }),
      entry('functions', 'EXECUTE', 'PUBLIC', { role: 'owner', revoked: true }),
    ]);
    const ops = compareModels(live, model);
    expect(ops.map(describeOperation)).toEqual([
      'revoke delete on new tables from anon by default',
      'grant insert, update on new tables in schema api to authenticated with grant option by default',
      'revoke execute on new functions of owner from PUBLIC by default',
    ]);
    expect(ops[1]).toEqual({
      kind: 'grantDefault',
      inSchema: 'api',
      on: 'tables',
      privileges: ['INSERT', 'UPDATE'],
      to: 'authenticated',
      withGrantOption: true,
    });
    expect(compareModels(model, model)).toEqual([]);
    expect(hazardsOf(ops[0]!).map((h) => h.code)).toEqual(['revoke-privilege']);
    expect(hazardsOf(ops[1]!)).toEqual([]);
    // Each reverses to the other: the downgrade's operations are the upgrade's reversed, in the order they come in.
    const json = (list: readonly unknown[]): string[] => list.map((o) => JSON.stringify(o)).sort();
    expect(json(compareModels(model, live))).toEqual(json(ops.map(reverseOperation)));
  });

  it("takes away what the creating role's new objects give their owner: a revoke from OWNER, compiled for that role", () => {
    const m = defineMetadata();
    m.defaultPrivileges({ on: 'tables' }, [revoke(['truncate'], 'OWNER')]);
    m.defaultPrivileges({ on: 'tables', forRole: 'owner' }, [revoke(['update', 'delete'], 'OWNER')]);
    const model = buildSchemaModel(m);
    expect(model.defaultPrivileges).toEqual([
      entry('tables', 'TRUNCATE', 'OWNER', { revoked: true }),
      entry('tables', 'UPDATE', 'OWNER', { role: 'owner', revoked: true }),
      entry('tables', 'DELETE', 'OWNER', { role: 'owner', revoked: true }),
    ]);
    const ops = compareModels(completeModel({ defaultPrivileges: [] }), model);
    expect(ops.map(describeOperation)).toEqual([
      'revoke truncate on new tables from its owner by default',
      'revoke update, delete on new tables of owner from its owner by default',
    ]);
    expect(ops.flatMap((op) => compileOperation(op).map((s) => s.sql))).toEqual([
      'ALTER DEFAULT PRIVILEGES REVOKE TRUNCATE ON TABLES FROM CURRENT_USER',
      'ALTER DEFAULT PRIVILEGES FOR ROLE "owner" REVOKE UPDATE, DELETE ON TABLES FROM "owner"',
    ]);
    expect(compileOperation(reverseOperation(ops[1]!)).map((s) => s.sql)).toEqual([
      'ALTER DEFAULT PRIVILEGES FOR ROLE "owner" GRANT UPDATE, DELETE ON TABLES TO "owner"',
    ]);
    const granted = defineMetadata();
    granted.defaultPrivileges({ on: 'tables' }, [grant(['select'], 'OWNER')]);
    expect(() => buildSchemaModel(granted)).toThrow(
      /the owner of new tables holds select by default; leave the grant out/,
    );
    const inSchema = defineMetadata({ schemas: ['api'] });
    inSchema.defaultPrivileges({ on: 'tables', inSchema: 'api' }, [revoke(['select'], 'OWNER')]);
    expect(() => buildSchemaModel(inSchema)).toThrow(/an entry for one schema only grants/);
  });

  it("gives the new objects' owner the grant option, takes the option alone away, and names the role for one schema", () => {
    const m = defineMetadata();
    m.defaultPrivileges({ on: 'tables', forRole: 'owner' }, [grant(['select'], 'OWNER', { withGrantOption: true })]);
    const model = buildSchemaModel(m);
    expect(model.defaultPrivileges).toEqual([entry('tables', 'SELECT', 'OWNER', { role: 'owner', grantOption: true })]);
    const [given] = compareModels(completeModel({ defaultPrivileges: [] }), model);
    expect(compileOperation(given!).map((s) => s.sql)).toEqual([
      'ALTER DEFAULT PRIVILEGES FOR ROLE "owner" GRANT SELECT ON TABLES TO "owner" WITH GRANT OPTION',
    ]);
    const taken = reverseOperation(given!);
    expect(describeOperation(taken)).toBe(
      'take the grant option for select on new tables of owner from its owner by default',
    );
    expect(hazardsOf(taken)).toEqual([]);
    expect(compileOperation(taken).map((s) => s.sql)).toEqual([
      'ALTER DEFAULT PRIVILEGES FOR ROLE "owner" REVOKE GRANT OPTION FOR SELECT ON TABLES FROM "owner"',
    ]);
    const inSchema = defineMetadata({ schemas: ['api'] });
    inSchema.defaultPrivileges({ on: 'tables', inSchema: 'api' }, [
      grant(['select'], 'OWNER', { withGrantOption: true }),
    ]);
    expect(() => buildSchemaModel(inSchema)).toThrow(/an entry for one schema names the role it grants to/);
  });

  it("takes away after creating an object what the session's defaults give it and the model leaves out", () => {
    const defaults = [
      entry('tables', 'SELECT', 'anon', { schema: 'api' }),
      entry('tables', 'SELECT', 'reader'),
      entry('tables', 'INSERT', 'anon', { role: 'owner', schema: 'api' }),
      entry('sequences', 'USAGE', 'anon'),
    ];
    const live = withDefaults([...defaults, entry('tables', 'SELECT', 'migrator', { schema: 'api' })]);
    const t = table('t', { schema: 'api' });
    const grantOnT = {
      target: { on: 'table' as const, schema: 'api', name: 't' },
      grantee: 'reader',
      privilege: 'SELECT' as const,
      grantOption: false,
    };
    const model = { ...live, tables: [t], grants: [grantOnT] };
    const ops = diffModels(live, model, { sessionRole: 'migrator' }).operations;
    // anon's SELECT goes; reader's is the model's; the session's own and another role's defaults are not the table's.
    expect(ops.map(describeOperation)).toEqual([
      'create table api.t',
      'revoke select on table api.t from anon',
      'grant select on table api.t to reader',
    ]);
    // Without the session's role, the defaults are not read.
    expect(compareModels(live, model).map(describeOperation)).toEqual([
      'create table api.t',
      'grant select on table api.t to reader',
    ]);
    // Dropped, it is given first what the downgrade's creation will give it, which the downgrade then takes away.
    const dropped = diffModels(model, live, { sessionRole: 'migrator' }).operations;
    expect(dropped.map(describeOperation)).toEqual([
      'grant select on table api.t to anon',
      'revoke select on table api.t from reader',
      'drop table api.t',
    ]);
  });

  it("takes away what the defaults give a serial's and an identity's own sequence, and a foreign table", () => {
    const live = withDefaults([entry('sequences', 'USAGE', 'anon'), entry('tables', 'SELECT', 'anon')]);
    const t = table('t', {
      columns: [
        column('id', 'serial', { nullable: false }),
        column('n', 'bigint', { nullable: false, identity: { always: true } }),
      ],
    });
    const ft = { schema: 'public', name: 'remote', server: 'srv', columns: [] };
    const model = { ...live, tables: [t], foreignTables: [ft] };
    const ops = diffModels(live, model, { sessionRole: 'migrator' }).operations;
    expect(ops.map(describeOperation).filter((d) => d.startsWith('revoke'))).toEqual([
      'revoke usage on sequence public.t_id_seq from anon',
      'revoke usage on sequence public.t_n_seq from anon',
      'revoke select on table public.remote from anon',
      'revoke select on table public.t from anon',
    ]);
    // A column made identity later makes its sequence then.
    const plain = {
      ...model,
      tables: [
        table('t', {
          columns: [column('id', 'serial', { nullable: false }), column('n', 'bigint', { nullable: false })],
        }),
      ],
    };
    const later = diffModels(plain, model, { sessionRole: 'migrator' }).operations;
    expect(later.map(describeOperation).filter((d) => d.startsWith('revoke'))).toEqual([
      'revoke usage on sequence public.t_n_seq from anon',
    ]);
  });

  it('revokes and grants again a privilege whose grant option changes', () => {
    const ops = compareModels(
      withDefaults([entry('sequences', 'USAGE', 'anon', { grantOption: true })]),
      withDefaults([entry('sequences', 'USAGE', 'anon')]),
    );
    expect(ops).toEqual([
      { kind: 'revokeDefault', on: 'sequences', privileges: ['USAGE'], from: 'anon', withGrantOption: true },
      { kind: 'grantDefault', on: 'sequences', privileges: ['USAGE'], to: 'anon' },
    ]);
  });

  it('takes an entry of a dropped schema away before the drop, so that the downgrade puts it back once the schema exists', () => {
    const inApi = entry('tables', 'SELECT', 'anon', { schema: 'api' });
    const dropped = compareModels(withDefaults([inApi]), completeModel({ schemas: [] }));
    expect(dropped.map((o) => o.kind)).toEqual(['revokeDefault', 'dropSchema']);
    const created = compareModels(completeModel({ schemas: [] }), withDefaults([inApi]));
    expect(created.map((o) => o.kind)).toEqual(['createSchema', 'grantDefault']);
  });
});

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'athanor-render-default-privileges-'));
const jiti = createJiti(import.meta.url, { alias: { athanor: join(root, 'src/index.ts') }, moduleCache: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pull: default privileges as DSL code', () => {
  it('renders code that compiles under --strict and builds the same entries back', async () => {
    const model = declared();
    const source = renderModelSource(model);
    expect(source).toContain(
      [
        "metadata.defaultPrivileges({ on: 'functions' }, [",
        "  revoke(['execute'], 'PUBLIC'),",
        ']);',
        '',
        "metadata.defaultPrivileges({ on: 'schemas' }, [",
        "  grant(['usage'], 'anon'),",
        ']);',
        '',
        "metadata.defaultPrivileges({ on: 'tables', inSchema: 'api' }, [",
        "  grant(['select'], ['anon', 'authenticated']),",
        "  grant(['insert', 'update'], 'authenticated', { withGrantOption: true }),",
        ']);',
      ].join('\n'),
    );
    expect(source).toContain("metadata.defaultPrivileges({ on: 'types', forRole: 'owner' }, [");
    const file = join(dir, 'models.ts');
    writeFileSync(file, source);
    expect(strictTypeErrors([file], dir)).toEqual([]);
    const module = await jiti.import<Record<string, unknown>>(file);
    const metadata = Object.values(module).find(isMetadata)!;
    expect(buildSchemaModel(metadata).defaultPrivileges).toEqual(model.defaultPrivileges);
  });

  it('types the scope: no inSchema for schemas, no columns', () => {
    const m = defineMetadata();
    // @ts-expect-error: IN SCHEMA does not apply to schemas
    m.defaultPrivileges({ on: 'schemas', inSchema: 'api' }, []);
    // @ts-expect-error: default privileges have no columns
    m.defaultPrivileges({ on: 'tables' }, [grant(['select'], 'anon', { columns: ['a'] })]);
    expect(() => buildSchemaModel(m)).toThrow(/inSchema does not apply to schemas/);
  });
});
