import { describe, expect, it } from 'vitest';
import type { NameMapper } from '../../src/schema/names/map-model-names.js';
import { mapModelNames } from '../../src/schema/model-kinds.js';
import { fromScratch, intoScratch } from '../../src/canonical/scratch-names.js';
import { qualifiedKey } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';
import { partId } from '../../src/schema/object-id.js';
import type {
  ColumnModel,
  CommentModel,
  DomainModel,
  FunctionModel,
  IndexColumnModel,
  IndexModel,
  SchemaModel,
  TableModel,
  ViewModel,
} from '../../src/schema/model.js';

/*
 * A model with every optional field present (the `Required<...>` types make a
 * new field of the model fail to compile here until it is added), where every
 * schema is `old` and every piece of text names `old.thing`. Nothing else says
 * "old", so after mapping nothing may.
 */
const column: Required<ColumnModel> = {
  name: 'c',
  type: 'old.thing[]',
  nullable: true,
  default: "'x'::old.thing",
  identity: null,
  generated: 'old.f(c)',
  generatedVirtual: true,
  collation: 'old.coll',
  statistics: 500,
  options: { n_distinct: '-0.5' },
  storage: 'EXTERNAL',
  compression: 'lz4',
  notNullName: 'c_named',
};
const key: Required<IndexColumnModel> = {
  expression: 'old.f(c)',
  order: 'DESC',
  nulls: 'LAST',
  opclass: 'old.ops',
  collation: 'old.coll',
  statistics: 300,
};
const index: Required<IndexModel> = {
  name: 'i',
  unique: false,
  method: 'gin',
  columns: [key, { column: 'c', opclass: 'old.ops', collation: 'old.coll' }],
  where: 'old.f(c)',
  include: ['c'],
  nullsNotDistinct: true,
  with: { fillfactor: '90' },
  invalid: true,
};
const table: Required<TableModel> = {
  schema: 'old',
  name: 't',
  columns: [column],
  primaryKey: { name: 't_pkey', columns: ['c'] },
  foreignKeys: [
    {
      name: 't_c_fkey',
      columns: ['c'],
      refSchema: 'old',
      refTable: 'u',
      refColumns: ['c'],
      onDelete: 'NO ACTION',
      onUpdate: 'NO ACTION',
    },
  ],
  uniques: [{ name: 't_c_key', columns: ['c'] }],
  checks: [{ name: 't_c_check', expression: 'old.f(c)' }],
  indexes: [index],
  exclusions: [{ name: 't_excl', definition: 'EXCLUDE USING gist (c WITH OPERATOR(old.&&)) WHERE (old.f(c))' }],
  rowLevelSecurity: { enabled: true, forced: false },
  unlogged: true,
  with: { fillfactor: '70' },
  replicaIdentity: { index: 't_c_key' },
  clusterOn: 't_c_key',
  policies: [
    { name: 'p', permissive: true, command: 'ALL', roles: ['public'], using: 'old.f(c)', withCheck: 'old.f(c)' },
  ],
  partitionBy: 'RANGE (old.f(c))',
  partitionKeyColumns: ['c'],
  partitionOf: { schema: 'old', table: 'parent', bound: "FOR VALUES IN ('x'::old.thing)" },
  columnOverrides: [{ name: 'c', default: "'y'::old.thing", notNull: true }],
  indexNames: [{ parentIndex: 'parent_i', name: 't_i' }],
  indexStorage: [{ parentIndex: 'parent_i', with: { fillfactor: '50' } }],
  inherits: [{ schema: 'old', table: 'base' }],
};
const domain: Required<DomainModel> = {
  schema: 'old',
  name: 'd',
  type: 'old.thing',
  collation: 'old.coll',
  default: "'x'::old.thing",
  notNull: true,
  checks: [{ name: 'd_check', expression: 'old.f(VALUE)' }],
  dependsOn: [{ schema: 'old', name: 'f', argumentTypes: 'old.thing' }],
};
const view: Required<ViewModel> = {
  schema: 'old',
  name: 'v',
  materialized: true,
  definition: ' SELECT old.f(t.c) AS c FROM old.t;',
  options: [],
  columns: [{ name: 'c', type: 'old.thing' }],
  indexes: [index],
  dependsOn: [
    { schema: 'old', name: 't' },
    { schema: 'old', name: 'f', argumentTypes: 'old.thing' },
  ],
  columnDefaults: { c: "'x'::old.thing" },
  readsItself: true,
  clusterOn: 'v_idx',
  withNoData: true,
};
const routine: Required<FunctionModel> = {
  schema: 'old',
  name: 'f',
  kind: 'function',
  argumentTypes: 'old.thing',
  arguments: 'x old.thing',
  result: 'old.thing',
  definition: 'CREATE OR REPLACE FUNCTION old.f(x old.thing) RETURNS old.thing LANGUAGE sql AS $$ SELECT x $$',
  dependsOn: [{ schema: 'old', name: 'g', argumentTypes: 'old.thing' }],
};
const comment: Required<CommentModel> = {
  target: { on: 'function', schema: 'old', name: 'f', argumentTypes: 'old.thing' },
  text: 'a comment',
};
const model: Required<Omit<SchemaModel, 'renames'>> = {
  schemas: ['old'],
  enums: [{ schema: 'old', name: 'thing', values: ['x', 'y'] }],
  tables: [table],
  extensions: [{ name: 'ext', schema: 'old' }],
  collations: [
    {
      schema: 'old',
      name: 'coll',
      provider: 'icu',
      locale: 'und-u-ks-level2',
      deterministic: false,
      rules: '&a < b',
      lcCollate: 'x',
      lcCtype: 'y',
    },
  ],
  sequences: [
    {
      schema: 'old',
      name: 's',
      type: 'bigint',
      start: '1',
      increment: '1',
      min: '1',
      max: '9',
      cache: '1',
      cycle: false,
      ownedBy: { table: 't', column: 'c' },
    },
  ],
  domains: [domain],
  composites: [
    {
      schema: 'old',
      name: 'pair',
      attributes: [
        { name: 'a', type: 'old.thing' },
        { name: 'b', type: 'text', collation: 'old."nocase"' },
      ],
    },
  ],
  ranges: [
    {
      schema: 'old',
      name: 'span',
      subtype: 'old.thing',
      subtypeOpclass: 'old.thing_ops',
      collation: 'old."nocase"',
      canonical: 'old.span_canonical',
      subtypeDiff: 'old.thing_diff',
      multirange: 'spans',
    },
  ],
  views: [view],
  functions: [routine],
  triggers: [
    {
      schema: 'old',
      table: 't',
      name: 'tr',
      definition: 'CREATE TRIGGER tr BEFORE INSERT ON old.t FOR EACH ROW EXECUTE FUNCTION old.f()',
    },
  ],
  rules: [
    { schema: 'old', table: 't', name: 'r', definition: 'CREATE RULE r AS ON DELETE TO old.t DO INSTEAD NOTHING' },
  ],
  statistics: [
    {
      schema: 'old',
      name: 'st',
      tableSchema: 'old',
      table: 't',
      definition: 'CREATE STATISTICS old.st (ndistinct) ON c, old.f(c) FROM old.t',
      target: 500,
    },
  ],
  casts: [
    { source: 'old.thing', target: 'text', method: 'function', function: 'old.f(old.thing)', context: 'implicit' },
  ],
  textSearchDictionaries: [{ schema: 'old', name: 'dict', template: 'old.tmpl', options: { language: 'english' } }],
  textSearchConfigurations: [
    { schema: 'old', name: 'cfg', parser: 'old.prs', copy: 'old.base', mappings: { word: ['old.dict', 'simple'] } },
  ],
  operators: [
    {
      schema: 'old',
      name: '===',
      left: 'old.thing',
      right: 'old.thing',
      function: 'old.f',
      commutator: 'OPERATOR(old.===)',
      negator: 'OPERATOR(old.!==)',
      restrict: 'old.sel',
      join: 'eqjoinsel',
      hashes: true,
      merges: true,
    },
  ],
  operatorClasses: [
    {
      schema: 'old',
      name: 'thing_ops',
      method: 'btree',
      type: 'old.thing',
      default: true,
      family: 'old.fam',
      storage: 'old.thing',
      items: [
        'OPERATOR 1 old.<<<(old.thing,old.thing)',
        'FUNCTION 1 (old.thing, old.thing) old.cmp(old.thing,old.thing)',
      ],
    },
  ],
  foreignDataWrappers: [{ name: 'w', handler: 'old.h', validator: 'old.v', options: { a: '1' } }],
  foreignServers: [{ name: 'srv', wrapper: 'w', type: 't', version: '1', options: { host: 'h' } }],
  foreignTables: [
    {
      schema: 'old',
      name: 'ft',
      server: 'srv',
      columns: [
        {
          name: 'c',
          type: 'old.thing',
          nullable: false,
          default: "'x'::old.thing",
          collation: 'old."nocase"',
          options: { column_name: 'd' },
        },
      ],
      options: { table_name: 't' },
    },
  ],
  eventTriggers: [
    {
      name: 'on_ddl',
      event: 'ddl_command_end',
      tags: ['CREATE TABLE'],
      functionSchema: 'old',
      function: 'f',
      firing: 'replica',
    },
  ],
  comments: [comment],
  grants: [
    {
      target: { on: 'function', schema: 'old', name: 'f', argumentTypes: 'old.thing' },
      grantee: 'anon',
      privilege: 'EXECUTE',
      grantOption: true,
    },
    { target: { on: 'schema', schema: 'old', name: 'old' }, grantee: 'PUBLIC', privilege: 'USAGE', grantOption: false },
  ],
  defaultPrivileges: [
    { role: 'owner', schema: 'old', on: 'tables', grantee: 'anon', privilege: 'SELECT', grantOption: true },
  ],
  owners: [{ target: { on: 'function', schema: 'old', name: 'f', argumentTypes: 'old.thing' }, owner: 'app' }],
  publications: [
    {
      name: 'changes',
      allTables: false,
      tables: [{ schema: 'old', table: 't', columns: ['c'], where: "(c <> 'x'::old.thing)" }],
      schemas: ['old'],
      publish: ['insert'],
      viaRoot: true,
    },
  ],
  notNullNames: true,
  expressionsInPlace: true,
  dependencies: [
    {
      dependent: partId('policy', { schema: 'old', name: 't' }, 'p'),
      on: partId('column', { schema: 'old', name: 't' }, 'c'),
    },
  ],
  dependencyTables: [qualifiedKey('old', 't')],
};

const renaming: NameMapper = {
  schema: (name) => (name === 'old' ? 'new' : name),
  text: (value) => value.replaceAll('old.', 'new.'),
};

describe('mapModelNames', () => {
  it('maps every schema name and every piece of text of the model, index key operator classes and collations included', () => {
    const before = JSON.stringify(model);
    const mapped = mapModelNames(model, renaming);
    expect(JSON.stringify(mapped)).not.toContain('old');
    expect(JSON.stringify(mapped)).toBe(before.replaceAll('old', 'new'));
    expect(JSON.stringify(model)).toBe(before);
  });

  it('leaves absent optional fields absent', () => {
    const bare: SchemaModel = completeModel({
      schemas: [],
      enums: [],
      tables: [
        {
          schema: 'old',
          name: 't',
          columns: [],
          primaryKey: null,
          foreignKeys: [],
          uniques: [],
          checks: [],
          indexes: [],
        },
      ],
    });
    expect(mapModelNames(bare, renaming)).toEqual({ ...bare, tables: [{ ...bare.tables[0], schema: 'new' }] });
  });
});

describe('intoScratch', () => {
  const rename = new Map([
    ['public', 'athanor_canon_ab12_0'],
    ['My Schema', 'athanor_canon_ab12_1'],
  ]);
  const into = intoScratch(
    rename,
    new Set([
      qualifiedKey('public', 'mood'),
      qualifiedKey('public', 'gin_trgm_ops'),
      qualifiedKey('My Schema', 'Mood'),
    ]),
  );

  it('moves whole qualified names of moving objects only, quoted or bare', () => {
    expect(into.text("'ok'::public.mood")).toBe("'ok'::athanor_canon_ab12_0.mood");
    expect(into.text("'ok'::public.moodx")).toBe("'ok'::public.moodx");
    expect(into.text('\'ok\'::"public"."mood"[]')).toBe('\'ok\'::athanor_canon_ab12_0."mood"[]');
    expect(into.text('\'ok\'::"My Schema"."Mood", \'ok\'::"My Schema"."Moodx"')).toBe(
      '\'ok\'::athanor_canon_ab12_1."Mood", \'ok\'::"My Schema"."Moodx"',
    );
    expect(into.text('public.gin_trgm_ops')).toBe('athanor_canon_ab12_0.gin_trgm_ops');
    expect(into.text('gin_trgm_ops')).toBe('gin_trgm_ops');
    expect(into.schema('public')).toBe('athanor_canon_ab12_0');
  });

  it('moves an index key operator class that names a moving object', () => {
    const declared: SchemaModel = completeModel({
      schemas: [],
      enums: [],
      tables: [
        {
          schema: 'public',
          name: 't',
          columns: [{ name: 'c', type: 'text', nullable: true, default: null, identity: null }],
          primaryKey: null,
          foreignKeys: [],
          uniques: [],
          checks: [],
          indexes: [
            {
              name: 'i',
              unique: false,
              method: 'gin',
              columns: [{ column: 'c', opclass: 'public.gin_trgm_ops' }],
              where: null,
            },
          ],
        },
      ],
    });
    const moved = mapModelNames(declared, into);
    expect(moved.tables[0]!.indexes[0]!.columns).toEqual([
      { column: 'c', opclass: 'athanor_canon_ab12_0.gin_trgm_ops' },
    ]);
  });
});

describe('fromScratch', () => {
  const back = new Map([
    ['athanor_canon_ab12_0', 'public'],
    ['athanor_canon_ab12_1', 'My Schema'],
  ]);
  const from = fromScratch(back, (name) => (name === 'My Schema' ? '"My Schema"' : name));

  it('maps whole scratch schema names back, quoted in text and raw as names', () => {
    expect(from.text('athanor_canon_ab12_0.gin_trgm_ops')).toBe('public.gin_trgm_ops');
    expect(from.text('\'ok\'::athanor_canon_ab12_1."Mood"')).toBe('\'ok\'::"My Schema"."Mood"');
    expect(from.text('athanor_canon_ab12_10.x, athanor_canon_ab12_0x.y')).toBe(
      'athanor_canon_ab12_10.x, athanor_canon_ab12_0x.y',
    );
    expect(from.schema('athanor_canon_ab12_1')).toBe('My Schema');
    expect(from.schema('other')).toBe('other');
  });
});
