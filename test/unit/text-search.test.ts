import { describe, expect, it } from 'vitest';
import { compareModels, unsupportedChanges } from '../helpers/compare.js';
import { renderModelSource } from '../../src/pull/render-model.js';
import { describeOperation } from '../../src/ops/describe.js';
import type { Operation } from '../../src/ops/operation.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import { parseOptions } from '../../src/pg/catalog/catalog-text-search.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { buildSchemaModel, defineMetadata } from '../../src/schema/index.js';
import type {
  SchemaModel,
  TableModel,
  TextSearchConfigurationModel,
  TextSearchDictionaryModel,
} from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';

const STEM: TextSearchDictionaryModel = {
  schema: 'public',
  name: 'my_stem',
  template: 'snowball',
  options: { language: 'english', stopwords: 'english' },
};
const DOCS: TextSearchConfigurationModel = {
  schema: 'public',
  name: 'docs',
  parser: 'default',
  mappings: { asciiword: ['public.my_stem', 'simple'], int: ['simple'] },
};

const sqlOf = (op: Operation): string[] => compileOperation(op).map((s) => s.sql);

describe('DSL: text search dictionaries and configurations', () => {
  it('builds them in schema and name order; mappings take names or declared dictionaries', () => {
    const m = defineMetadata({ schema: 'app' });
    const stem = m.textSearchDictionary('my_stem', {
      schema: 'public',
      template: 'snowball',
      options: { language: 'english', stopwords: 'english' },
    });
    m.textSearchConfiguration('docs', {
      schema: 'public',
      parser: 'default',
      mappings: { asciiword: [stem, 'simple'], int: 'simple' },
    });
    m.textSearchConfiguration('en', { copy: 'english', mappings: { Email: [] } });
    expect(stem.ref).toBe('public.my_stem');
    const model = buildSchemaModel(m);
    expect(model.textSearchDictionaries).toEqual([STEM]);
    expect(model.textSearchConfigurations).toEqual([
      { schema: 'app', name: 'en', copy: 'english', mappings: { email: [] } },
      DOCS,
    ]);
    expect(model.schemas).toContain('app');
  });

  it('takes comments on them, and refuses one on a dictionary the model does not declare', () => {
    const m = defineMetadata();
    m.textSearchDictionary('d', { template: 'simple' });
    m.textSearchConfiguration('c', { parser: 'default' });
    m.comment({ textSearchDictionary: 'd' }, 'plain words');
    m.comment({ textSearchConfiguration: 'c' }, 'for articles');
    expect(buildSchemaModel(m).comments).toEqual([
      { target: { on: 'textSearchConfiguration', schema: 'public', name: 'c' }, text: 'for articles' },
      { target: { on: 'textSearchDictionary', schema: 'public', name: 'd' }, text: 'plain words' },
    ]);
    expect(
      sqlOf({
        kind: 'setComment',
        target: { on: 'textSearchConfiguration', schema: 'public', name: 'c' },
        comment: 'x',
      }),
    ).toEqual([`COMMENT ON TEXT SEARCH CONFIGURATION "public"."c" IS 'x'`]);
    const other = defineMetadata();
    other.comment({ textSearchDictionary: 'nope' }, 'x');
    expect(() => buildSchemaModel(other)).toThrow(/names an object the model does not declare/);
  });

  it('refuses a dictionary without a template, a bad option, a configuration with neither or both of parser and copy, and duplicates', () => {
    const build = (f: (m: ReturnType<typeof defineMetadata>) => void): unknown => {
      const m = defineMetadata();
      f(m);
      return buildSchemaModel(m);
    };
    expect(() => build((m) => m.textSearchDictionary('d', {} as never))).toThrow(/needs a template/);
    expect(() =>
      build((m) => m.textSearchDictionary('d', { template: 'simple', options: { accept: true as never } })),
    ).toThrow(/option accept must be a string or a finite number/);
    expect(() => build((m) => m.textSearchConfiguration('c', {}))).toThrow(
      /give either a parser .* or a configuration to copy/,
    );
    expect(() => build((m) => m.textSearchConfiguration('c', { parser: 'default', copy: 'english' }))).toThrow(
      /give either a parser/,
    );
    expect(() =>
      build((m) => m.textSearchConfiguration('c', { parser: 'default', mappings: { word: [42 as never] } })),
    ).toThrow(/names a dictionary/);
    expect(() =>
      build((m) => {
        m.textSearchDictionary('d', { template: 'simple' });
        m.textSearchDictionary('d', { template: 'snowball' });
      }),
    ).toThrow(/text search dictionary public.d: is declared twice/);
  });
});

describe('text search operations', () => {
  it('compiles dictionaries: options quoted, numbers bare, names folded and quoted part by part', () => {
    expect(
      sqlOf({ kind: 'createTextSearchDictionary', dictionary: { ...STEM, options: { language: "it's", maxlen: 6 } } }),
    ).toEqual([
      `CREATE TEXT SEARCH DICTIONARY "public"."my_stem" (TEMPLATE = "snowball", "language" = 'it''s', "maxlen" = 6)`,
    ]);
    expect(
      sqlOf({ kind: 'createTextSearchDictionary', dictionary: { schema: 's', name: 'd', template: 'Ext."My Tmpl"' } }),
    ).toEqual(['CREATE TEXT SEARCH DICTIONARY "s"."d" (TEMPLATE = "ext"."My Tmpl")']);
    expect(
      sqlOf({
        kind: 'createTextSearchDictionary',
        dictionary: { schema: 's', name: 'd', template: 'a); DROP TABLE x; --' },
      }),
    ).toEqual(['CREATE TEXT SEARCH DICTIONARY "s"."d" (TEMPLATE = "a); drop table x; --")']);
    expect(() =>
      sqlOf({ kind: 'createTextSearchDictionary', dictionary: { schema: 's', name: 'd', template: 'a.b.c' } }),
    ).toThrow(/is not a name or schema.name/);
    expect(sqlOf({ kind: 'dropTextSearchDictionary', schema: 's', name: 'd' })).toEqual([
      'DROP TEXT SEARCH DICTIONARY "s"."d"',
    ]);
  });

  it('alters a dictionary to the whole new list, removing what only the old one has', () => {
    const op: Operation = {
      kind: 'alterTextSearchDictionary',
      schema: 's',
      name: 'd',
      options: { language: 'english' },
      from: { stopwords: 'english', language: 'french' },
    };
    expect(sqlOf(op)).toEqual([`ALTER TEXT SEARCH DICTIONARY "s"."d" ("stopwords", "language" = 'english')`]);
    expect(sqlOf({ kind: 'alterTextSearchDictionary', schema: 's', name: 'd', options: {} })).toEqual([]);
  });

  it('compiles configurations from a parser or a copy, and their mapping changes', () => {
    expect(
      sqlOf({
        kind: 'createTextSearchConfiguration',
        configuration: { ...DOCS, mappings: { ...DOCS.mappings, uint: ['simple'] } },
      }),
    ).toEqual([
      'CREATE TEXT SEARCH CONFIGURATION "public"."docs" (PARSER = "default")',
      'ALTER TEXT SEARCH CONFIGURATION "public"."docs" ADD MAPPING FOR "asciiword" WITH "public"."my_stem", "simple"',
      'ALTER TEXT SEARCH CONFIGURATION "public"."docs" ADD MAPPING FOR "int", "uint" WITH "simple"',
    ]);
    expect(
      sqlOf({
        kind: 'createTextSearchConfiguration',
        configuration: { schema: 's', name: 'c', copy: 'english', mappings: { email: [], word: ['simple'] } },
      }),
    ).toEqual([
      'CREATE TEXT SEARCH CONFIGURATION "s"."c" (COPY = "english")',
      'ALTER TEXT SEARCH CONFIGURATION "s"."c" DROP MAPPING FOR "email"',
      'ALTER TEXT SEARCH CONFIGURATION "s"."c" ALTER MAPPING FOR "word" WITH "simple"',
    ]);
    expect(
      sqlOf({
        kind: 'alterTextSearchConfiguration',
        schema: 's',
        name: 'c',
        mappings: { word: ['simple'], email: [] },
      }),
    ).toEqual([
      'ALTER TEXT SEARCH CONFIGURATION "s"."c" ALTER MAPPING FOR "word" WITH "simple"',
      'ALTER TEXT SEARCH CONFIGURATION "s"."c" DROP MAPPING FOR "email"',
    ]);
    expect(sqlOf({ kind: 'dropTextSearchConfiguration', schema: 's', name: 'c' })).toEqual([
      'DROP TEXT SEARCH CONFIGURATION "s"."c"',
    ]);
  });

  it('reverses each: drops carry the object, alters their before', () => {
    const create: Operation = { kind: 'createTextSearchConfiguration', configuration: DOCS };
    const drop = reverseOperation(create);
    expect(drop).toEqual({ kind: 'dropTextSearchConfiguration', schema: 'public', name: 'docs', removed: DOCS });
    expect(reverseOperation(drop)).toEqual(create);
    const dictionary: Operation = { kind: 'createTextSearchDictionary', dictionary: STEM };
    expect(reverseOperation(reverseOperation(dictionary))).toEqual(dictionary);
    const alter: Operation = {
      kind: 'alterTextSearchConfiguration',
      schema: 's',
      name: 'c',
      mappings: { word: [] },
      from: { word: ['simple'] },
    };
    expect(reverseOperation(alter)).toEqual({ ...alter, mappings: { word: ['simple'] }, from: { word: [] } });
    expect(() => reverseOperation({ kind: 'alterTextSearchDictionary', schema: 's', name: 'd', options: {} })).toThrow(
      /cannot be reversed: it does not say what the options were/,
    );
    expect(() => reverseOperation({ kind: 'dropTextSearchDictionary', schema: 's', name: 'd' })).toThrow(
      /cannot be reversed/,
    );
  });

  it('describes them', () => {
    expect(describeOperation({ kind: 'createTextSearchDictionary', dictionary: STEM })).toBe(
      'create text search dictionary public.my_stem (snowball, language = english, stopwords = english)',
    );
    expect(describeOperation({ kind: 'createTextSearchConfiguration', configuration: DOCS })).toBe(
      'create text search configuration public.docs (parser default, 2 mapping(s))',
    );
    expect(
      describeOperation({
        kind: 'alterTextSearchConfiguration',
        schema: 's',
        name: 'c',
        mappings: { word: ['simple'], email: [] },
      }),
    ).toBe('alter text search configuration s.c: word with simple; drop mapping for email');
  });
});

describe('reading dictinitoption', () => {
  it("reads quoted, E'' and bare values and quoted names", () => {
    expect(
      parseOptions(`language = 'english', "StopWords" = 'it''s', maxlen = 6, path = E'a\\\\b', f = 1.50`, 'x'),
    ).toEqual([
      ['language', 'english'],
      ['StopWords', "it's"],
      ['maxlen', 6],
      ['path', 'a\\b'],
      ['f', '1.50'],
    ]);
    expect(() => parseOptions('language english', 'public.d')).toThrow(/public.d has options that could not be read/);
  });
});

function model(
  dictionaries: TextSearchDictionaryModel[],
  configurations: TextSearchConfigurationModel[],
  tables: TableModel[] = [],
): SchemaModel {
  return completeModel({
    schemas: [],
    enums: [],
    tables,
    textSearchDictionaries: dictionaries,
    textSearchConfigurations: configurations,
  });
}

const ARTICLE: TableModel = {
  schema: 'public',
  name: 'article',
  columns: [{ name: 'body', type: 'text', nullable: true, default: null, identity: null }],
  primaryKey: null,
  foreignKeys: [],
  uniques: [],
  checks: [],
  indexes: [
    {
      name: 'article_fts',
      unique: false,
      method: 'gin',
      columns: [{ expression: "to_tsvector('public.docs'::regconfig, body)" }],
      where: null,
    },
  ],
};

describe('compareModels: text search', () => {
  it('creates dictionaries before configurations, drops them after; nothing when equal', () => {
    expect(compareModels(model([], []), model([STEM], [DOCS])).map((op) => op.kind)).toEqual([
      'createTextSearchDictionary',
      'createTextSearchConfiguration',
    ]);
    expect(compareModels(model([STEM], [DOCS]), model([], [])).map((op) => op.kind)).toEqual([
      'dropTextSearchConfiguration',
      'dropTextSearchDictionary',
    ]);
    expect(compareModels(model([STEM], [DOCS]), model([{ ...STEM }], [{ ...DOCS }]))).toEqual([]);
  });

  it('creates a configuration before a table whose index names it', () => {
    expect(compareModels(model([STEM], []), model([STEM], [DOCS], [ARTICLE])).map((op) => op.kind)).toEqual([
      'createTextSearchConfiguration',
      'createTable',
    ]);
  });

  it('alters options and mappings in place; an option order change is a change', () => {
    const reordered = { ...STEM, options: { stopwords: 'english', language: 'english' } };
    expect(compareModels(model([STEM], []), model([reordered], []))).toEqual([
      {
        kind: 'alterTextSearchDictionary',
        schema: 'public',
        name: 'my_stem',
        options: reordered.options,
        from: STEM.options,
      },
    ]);
    const changed = { ...DOCS, mappings: { asciiword: ['simple'], email: ['simple'] } };
    expect(compareModels(model([STEM], [DOCS]), model([STEM], [changed]))).toEqual([
      {
        kind: 'alterTextSearchConfiguration',
        schema: 'public',
        name: 'docs',
        mappings: { asciiword: ['simple'], email: ['simple'], int: [] },
        from: { asciiword: ['public.my_stem', 'simple'], email: [], int: ['simple'] },
      },
    ]);
  });

  it('drops and creates a new template or parser, or refuses it while something uses the object', () => {
    const simple = { ...STEM, template: 'simple', options: {} };
    expect(compareModels(model([STEM], []), model([simple], [])).map((op) => op.kind)).toEqual([
      'dropTextSearchDictionary',
      'createTextSearchDictionary',
    ]);
    expect(unsupportedChanges(model([STEM], [DOCS]), model([simple], [DOCS]))).toEqual([
      expect.stringMatching(
        /^text search dictionary public.my_stem changes its template, .* while configuration public.docs use it/,
      ),
    ]);
    const otherParser = { ...DOCS, parser: 'public.prs' };
    expect(unsupportedChanges(model([STEM], [DOCS], [ARTICLE]), model([STEM], [otherParser], [ARTICLE]))).toEqual([
      expect.stringMatching(
        /^text search configuration public.docs changes its parser, .* while table public.article use it/,
      ),
    ]);
    expect(compareModels(model([STEM], [DOCS]), model([STEM], [otherParser])).map((op) => op.kind)).toEqual([
      'dropTextSearchConfiguration',
      'createTextSearchConfiguration',
    ]);
  });

  it('is written by pull as metadata.textSearchDictionary() and .textSearchConfiguration(), before the tables', () => {
    const source = renderModelSource(model([STEM], [DOCS], [ARTICLE]));
    expect(source).toContain(
      "metadata.textSearchDictionary('my_stem', {\n  template: 'snowball',\n  options: { language: 'english', stopwords: 'english' },\n});",
    );
    expect(source).toContain(
      "metadata.textSearchConfiguration('docs', {\n  parser: 'default',\n  mappings: { asciiword: ['public.my_stem', 'simple'], int: ['simple'] },\n});",
    );
    expect(source.indexOf('textSearchConfiguration(')).toBeLessThan(source.indexOf('metadata.table('));
  });
});
