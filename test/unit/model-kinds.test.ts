import { describe, expect, it } from 'vitest';
import { schemaTranslation } from '../../src/fleet/map-operation-names.js';
import {
  MODEL_KIND_LISTS,
  MODEL_KINDS,
  mapModelNames,
  emptySchemaModel,
  keepsEveryObject,
  modelInSchemas,
  modelTypes,
  NAMED_KINDS,
  objectSchemas,
  TYPE_KINDS,
  type ModelKind,
  type ModelObject,
} from '../../src/schema/model-kinds.js';
import type { SchemaModel, TableModel } from '../../src/schema/model.js';

/*
 * One object of every model kind, living in `schema` (or naming it). The type
 * makes a new kind fail to compile here until it has a sample, so every test
 * below covers it.
 */
function sample(schema: string): { readonly [K in ModelKind]: ModelObject<K> } {
  const table = {
    schema,
    name: 't',
    columns: [],
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
  };
  return {
    schemas: schema,
    enums: { schema, name: 'mood', values: ['a'] },
    tables: table,
    extensions: { schema, name: 'ext' },
    collations: { schema, name: 'c', provider: 'libc', locale: 'C' },
    sequences: {
      schema,
      name: 's',
      type: 'bigint',
      start: '1',
      increment: '1',
      min: '1',
      max: '9',
      cache: '1',
      cycle: false,
      ownedBy: null,
    },
    domains: { schema, name: 'd', type: 'integer', default: null, notNull: false, checks: [] },
    composites: { schema, name: 'pair', attributes: [{ name: 'a', type: 'text' }] },
    ranges: { schema, name: 'span', subtype: 'integer' },
    eventTriggers: { name: 'on_ddl', event: 'ddl_command_end', functionSchema: schema, function: 'f' },
    views: {
      schema,
      name: 'v',
      materialized: false,
      definition: ` SELECT 1 FROM ${schema}.t;`,
      options: [],
      columns: [],
      indexes: [],
      dependsOn: [{ schema, name: 't' }],
    },
    functions: {
      schema,
      name: 'f',
      kind: 'function',
      argumentTypes: '',
      arguments: '',
      result: 'integer',
      definition: `CREATE FUNCTION ${schema}.f() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$`,
      dependsOn: [],
    },
    triggers: {
      schema,
      table: 't',
      name: 'tr',
      definition: `CREATE TRIGGER tr BEFORE INSERT ON ${schema}.t FOR EACH ROW EXECUTE FUNCTION ${schema}.f()`,
    },
    rules: {
      schema,
      table: 't',
      name: 'r',
      definition: `CREATE RULE r AS ON DELETE TO ${schema}.t DO INSTEAD NOTHING`,
    },
    statistics: {
      schema,
      name: 'st',
      tableSchema: schema,
      table: 't',
      definition: `CREATE STATISTICS ${schema}.st ON a, b FROM ${schema}.t`,
    },
    casts: { source: `${schema}.pair`, target: 'text', method: 'inout', context: 'explicit' },
    textSearchDictionaries: { schema, name: 'dict', template: 'simple' },
    textSearchConfigurations: { schema, name: 'cfg', parser: 'default', mappings: { word: [`${schema}.dict`] } },
    operators: { schema, name: '===', left: 'text', right: 'text', function: `${schema}.f` },
    operatorClasses: {
      schema,
      name: 'ops',
      method: 'hash',
      type: 'text',
      items: [`OPERATOR 1 ${schema}.===(text,text)`],
    },
    foreignDataWrappers: { name: 'fdw' },
    foreignServers: { name: 'srv', wrapper: 'fdw' },
    foreignTables: { schema, name: 'ft', server: 'srv', columns: [] },
    comments: { target: { on: 'table', schema, name: 't' }, text: 'a table' },
    grants: { target: { on: 'table', schema, name: 't' }, grantee: 'anon', privilege: 'SELECT', grantOption: false },
    defaultPrivileges: { schema, on: 'tables', grantee: 'anon', privilege: 'SELECT', grantOption: false },
    owners: { target: { on: 'table', schema, name: 't' }, owner: 'app' },
    publications: {
      name: 'changes',
      allTables: false,
      tables: [{ schema, table: 't', columns: ['a'], where: 'a > 0' }],
      schemas: [schema],
      publish: ['insert', 'update'],
      viaRoot: false,
    },
  };
}

/** A model holding the samples of each schema given, in every list. */
function modelOf(...schemas: string[]): SchemaModel {
  const model = { ...emptySchemaModel() } as unknown as Record<string, readonly unknown[]>;
  for (const schema of schemas) {
    const one = sample(schema);
    for (const kind of MODEL_KIND_LISTS) model[kind] = [...model[kind]!, one[kind]];
  }
  return model as unknown as SchemaModel;
}

const sharedByTheDatabase = MODEL_KIND_LISTS.filter((kind) => MODEL_KINDS[kind].placement.in === 'database');

describe('the registry of model kinds', () => {
  it('has an entry for every list of a model, in its order', () => {
    expect(MODEL_KIND_LISTS).toEqual(Object.keys(emptySchemaModel()));
    expect(sharedByTheDatabase).toEqual(['foreignDataWrappers', 'foreignServers', 'eventTriggers']);
  });

  it("keeps each kind's objects of the schemas asked for, and none of the database's own", () => {
    const part = modelInSchemas(modelOf('tenant', 'shared'), ['tenant']);
    const tenant = sample('tenant');
    for (const kind of MODEL_KIND_LISTS) {
      expect(part[kind], kind).toEqual(sharedByTheDatabase.includes(kind) ? [] : [tenant[kind]]);
    }
  });

  it('places a cast by the schemas its types and function name, and leaves one of built-in types to the database', () => {
    const casts = [
      { source: 'integer', target: '"My Tenant".pair', method: 'inout', context: 'explicit' },
      { source: 'text', target: 'integer', method: 'function', function: '"My Tenant".f(text)', context: 'explicit' },
      { source: 'text', target: 'integer', method: 'inout', context: 'assignment' },
      { source: 'other.pair', target: 'text', method: 'inout', context: 'explicit' },
    ] as const;
    const part = modelInSchemas({ ...emptySchemaModel(), casts }, ['My Tenant']);
    expect(part.casts).toEqual(casts.slice(0, 2));
  });

  it("moves every kind of the template's objects into a tenant's schema, where its part of the model finds them", () => {
    const template = modelOf('tenant', 'shared');
    const tenantPart = modelInSchemas(mapModelNames(template, schemaTranslation('tenant', 'acme')), ['acme']);
    for (const kind of MODEL_KIND_LISTS) {
      expect(tenantPart[kind], kind).toHaveLength(sharedByTheDatabase.includes(kind) ? 0 : 1);
    }
    expect(JSON.stringify(tenantPart)).not.toMatch(/tenant|shared/);
  });

  it('leaves a global default privilege to the database, and one for a schema with the schema', () => {
    const global = {
      on: 'functions',
      grantee: 'PUBLIC',
      privilege: 'EXECUTE',
      grantOption: false,
      revoked: true,
    } as const;
    const inTenant = { ...sample('tenant').defaultPrivileges };
    const part = modelInSchemas({ ...emptySchemaModel(), defaultPrivileges: [global, inTenant] }, ['tenant']);
    expect(part.defaultPrivileges).toEqual([inTenant]);
  });

  it("leaves a grant on a wrapper or server to the database, shared by every tenant, and keeps a foreign table's with its schema", () => {
    const usage = { grantee: 'anon', privilege: 'USAGE', grantOption: false } as const;
    const wrapper = { target: { on: 'foreignDataWrapper', schema: '', name: 'postgres_fdw' }, ...usage } as const;
    const server = { target: { on: 'foreignServer', schema: '', name: 'films' }, ...usage } as const;
    const table = { ...sample('tenant').grants, target: { on: 'table', schema: 'tenant', name: 'remote' } } as const;
    const model = { ...emptySchemaModel(), grants: [wrapper, server, table] };
    expect(modelInSchemas(model, ['tenant']).grants).toEqual([table]);
    expect(modelInSchemas(mapModelNames(model, schemaTranslation('tenant', 'acme')), ['acme']).grants).toEqual([
      { ...table, target: { ...table.target, schema: 'acme' } },
    ]);
    // In no schema: no scratch schema is made for them.
    expect([...objectSchemas({ ...emptySchemaModel(), grants: [wrapper, server] })]).toEqual([]);
  });

  it('keeps the reading of NOT NULL names of PostgreSQL 18', () => {
    expect(modelInSchemas({ ...emptySchemaModel(), notNullNames: true }, ['x']).notNullNames).toBe(true);
    expect(modelInSchemas(emptySchemaModel(), ['x'])).not.toHaveProperty('notNullNames');
  });

  it('tells whether a model keeps every object of another as it is, in any order, in every kind', () => {
    const both = modelOf('a', 'b');
    expect(keepsEveryObject(both, modelOf('a'))).toBe(true);
    expect(keepsEveryObject(modelOf('b', 'a'), both)).toBe(true);
    expect(keepsEveryObject(modelOf('a'), both)).toBe(false);
    // A key whose value is undefined is no difference; the order of an object's keys is none either.
    const table = { comment: undefined, ...Object.fromEntries(Object.entries(sample('a').tables).reverse()) };
    expect(keepsEveryObject({ ...modelOf('a'), tables: [table as unknown as TableModel] }, modelOf('a'))).toBe(true);
    for (const kind of MODEL_KIND_LISTS) {
      const one = modelOf('a');
      const [object] = one[kind] as readonly unknown[];
      const altered = typeof object === 'string' ? `${object}2` : { ...(object as object), altered: true };
      expect(keepsEveryObject({ ...one, [kind]: [altered] }, one), kind).toBe(false);
      // Out of order, one of them altered: looked for by name (where the kind has names) or by its text.
      if (sharedByTheDatabase.includes(kind)) continue; // the same object for both schemas
      const two = modelOf('b', 'a');
      const list = two[kind] as readonly unknown[];
      const changed = [list[0], typeof list[1] === 'string' ? `${list[1]}2` : { ...(list[1] as object), altered: 1 }];
      expect(keepsEveryObject({ ...two, [kind]: changed }, both), kind).toBe(false);
    }
  });

  it('names the schemas objects live in, and the kinds with names of their own there', () => {
    expect([...objectSchemas(modelOf('a', 'b'))].sort()).toEqual(['a', 'b']);
    expect(objectSchemas({ ...emptySchemaModel(), casts: modelOf('a').casts })).toEqual(new Set());
    for (const kind of NAMED_KINDS) {
      expect(sample('a')[kind], kind).toMatchObject({ schema: 'a', name: expect.any(String) });
    }
    expect(MODEL_KIND_LISTS.filter((kind) => !NAMED_KINDS.includes(kind as never))).toEqual([
      'schemas',
      'extensions',
      'triggers',
      'rules',
      'casts',
      'foreignDataWrappers',
      'foreignServers',
      'eventTriggers',
      'comments',
      'grants',
      'defaultPrivileges',
      'owners',
      'publications',
    ]);
  });

  it('names the kinds whose objects are types of their own, and gathers those types', () => {
    expect(TYPE_KINDS).toEqual(['enums', 'domains', 'composites', 'ranges']);
    for (const kind of TYPE_KINDS) expect(NAMED_KINDS, kind).toContain(kind);
    const model = modelOf('a');
    expect(modelTypes(model)).toEqual(TYPE_KINDS.map((kind) => sample('a')[kind]));
    expect(modelTypes(emptySchemaModel())).toEqual([]);
  });
});
