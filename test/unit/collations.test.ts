import { describe, expect, it } from 'vitest';
import { compareModels, unsupportedChanges } from '../helpers/compare.js';
import { renderModelSource } from '../../src/pull/render-model.js';
import { describeOperation } from '../../src/ops/describe.js';
import { hazardsOf } from '../../src/ops/hazards.js';
import type { Operation } from '../../src/ops/operation.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { buildSchemaModel, col, defineMetadata, index, text } from '../../src/schema/index.js';
import type { CollationModel, SchemaModel, TableModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';
import { missingFeatures } from '../../src/schema/model-kinds.js';

const NOCASE: CollationModel = {
  schema: 'public',
  name: 'nocase',
  provider: 'icu',
  locale: 'und-u-ks-level2',
  deterministic: false,
};

describe('DSL: collations', () => {
  it('declares collations, and columns and index keys name them through .collate(def)', () => {
    const m = defineMetadata();
    const nocase = m.collation('nocase', { provider: 'icu', locale: 'und-u-ks-level2', deterministic: false });
    m.collation('german', { locale: 'de_DE.utf8', schema: 'Other' });
    m.collation('split', { lcCollate: 'C', lcCtype: 'POSIX' });
    m.collation('same', { lcCollate: 'C', lcCtype: 'C' });
    m.table(
      't',
      { name: text().collate(nocase), label: text() },
      { indexes: [index([col('label', { collate: nocase })])] },
    );
    const model = buildSchemaModel(m);
    expect(model.collations).toEqual([
      { schema: 'Other', name: 'german', provider: 'libc', locale: 'de_DE.utf8' },
      NOCASE,
      { schema: 'public', name: 'same', provider: 'libc', locale: 'C' },
      { schema: 'public', name: 'split', provider: 'libc', lcCollate: 'C', lcCtype: 'POSIX' },
    ]);
    expect(model.schemas).toEqual(['Other']);
    const [table] = model.tables;
    expect(table!.columns[0]!.collation).toBe('"public"."nocase"');
    expect(table!.indexes[0]!.columns[0]).toEqual({ column: 'label', collation: '"public"."nocase"' });
  });

  it.each([
    [{ provider: 'icu' as const }, /an ICU collation needs a locale/],
    [{ provider: 'icu' as const, locale: 'fr', lcCtype: 'C' }, /lcCollate and lcCtype are for libc collations/],
    [{ lcCollate: 'C' }, /a libc collation needs a locale, or both lcCollate and lcCtype/],
    [{ locale: 'C', lcCollate: 'C' }, /either locale or lcCollate and lcCtype/],
    [{ locale: 'C', deterministic: false }, /only an ICU collation can be nondeterministic/],
    [{ locale: 'C', rules: '&a < b' }, /rules are for ICU collations only/],
    [{ provider: 'other' as never, locale: 'C' }, /provider must be libc, icu or builtin/],
  ])('refuses %j', (options, message) => {
    const m = defineMetadata();
    m.collation('c', options);
    expect(() => buildSchemaModel(m)).toThrow(message);
  });

  it('refuses a collation declared twice', () => {
    const m = defineMetadata();
    m.collation('c', { locale: 'C' });
    m.collation('c', { locale: 'POSIX' });
    expect(() => buildSchemaModel(m)).toThrow(/collation public.c: is declared twice/);
  });

  it('needs PostgreSQL 16 for ICU rules and 17 for the builtin provider', () => {
    const model: SchemaModel = completeModel({
      schemas: [],
      enums: [],
      tables: [],
      collations: [
        { ...NOCASE, rules: '&a < b' },
        { schema: 'public', name: 'b', provider: 'builtin', locale: 'C' },
      ],
    });
    expect(missingFeatures(model, 150000)).toEqual([
      'collation public.nocase has ICU rules, which needs PostgreSQL 16 or later',
      'collation public.b uses the builtin provider, which needs PostgreSQL 17 or later',
    ]);
    expect(missingFeatures(model, 170000)).toEqual([]);
  });
});

describe('collation operations', () => {
  const create: Operation = { kind: 'createCollation', collation: { ...NOCASE, rules: "&a < 'b'" } };

  it('compiles CREATE and DROP COLLATION with every option quoted', () => {
    expect(compileOperation(create).map((s) => s.sql)).toEqual([
      `CREATE COLLATION "public"."nocase" (provider = icu, locale = 'und-u-ks-level2', rules = '&a < ''b''', deterministic = false)`,
    ]);
    const split: Operation = {
      kind: 'createCollation',
      collation: { schema: 's', name: 'x', provider: 'libc', lcCollate: 'C', lcCtype: 'POSIX' },
    };
    expect(compileOperation(split).map((s) => s.sql)).toEqual([
      `CREATE COLLATION "s"."x" (provider = libc, lc_collate = 'C', lc_ctype = 'POSIX')`,
    ]);
    expect(compileOperation({ kind: 'dropCollation', schema: 's', name: 'x"y' }).map((s) => s.sql)).toEqual([
      'DROP COLLATION "s"."x""y"',
    ]);
  });

  it('refuses a provider it does not know rather than writing it into SQL', () => {
    const bad: Operation = {
      kind: 'createCollation',
      collation: { ...NOCASE, provider: 'icu); DROP TABLE t; --' as never },
    };
    expect(() => compileOperation(bad)).toThrow(/is not libc, icu or builtin/);
  });

  it('reverses a create into a drop carrying the collation, and back', () => {
    const drop = reverseOperation(create);
    expect(drop).toEqual({
      kind: 'dropCollation',
      schema: 'public',
      name: 'nocase',
      removed: { ...NOCASE, rules: "&a < 'b'" },
    });
    expect(reverseOperation(drop)).toEqual(create);
    expect(() => reverseOperation({ kind: 'dropCollation', schema: 'public', name: 'nocase' })).toThrow(
      /does not carry the removed object/,
    );
  });

  it('describes them, with no hazard', () => {
    expect(describeOperation(create)).toBe(
      'create collation public.nocase (icu, und-u-ks-level2, nondeterministic, with rules)',
    );
    expect(describeOperation({ kind: 'dropCollation', schema: 'public', name: 'nocase' })).toBe(
      'drop collation public.nocase',
    );
    expect(hazardsOf(create)).toEqual([]);
  });
});

function tagTable(collation?: string): TableModel {
  return {
    schema: 'public',
    name: 'tag',
    columns: [
      {
        name: 'name',
        type: 'text',
        nullable: true,
        default: null,
        identity: null,
        ...(collation === undefined ? {} : { collation }),
      },
    ],
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
  };
}

function model(collations: CollationModel[], tables: TableModel[] = []): SchemaModel {
  return completeModel({ schemas: [], enums: [], tables, collations });
}

describe('compareModels: collations', () => {
  it('creates a collation before the table that uses it, and drops it after', () => {
    const ops = compareModels(model([]), model([NOCASE], [tagTable('public.nocase')]));
    expect(ops.map((op) => op.kind)).toEqual(['createCollation', 'createTable']);
    const back = compareModels(model([NOCASE], [tagTable('public.nocase')]), model([]));
    expect(back.map((op) => op.kind)).toEqual(['dropTable', 'dropCollation']);
  });

  it('drops and creates a changed collation nothing uses', () => {
    const ops = compareModels(model([NOCASE]), model([{ ...NOCASE, locale: 'und-u-ks-level1' }]));
    expect(ops).toEqual([
      { kind: 'dropCollation', schema: 'public', name: 'nocase', removed: NOCASE },
      { kind: 'createCollation', collation: { ...NOCASE, locale: 'und-u-ks-level1' } },
    ]);
  });

  it('leaves out a changed collation a column uses, and says why and what to do', () => {
    const current = model([NOCASE], [tagTable('public.nocase')]);
    const target = model([{ ...NOCASE, locale: 'und-u-ks-level1' }], [tagTable('public.nocase')]);
    expect(compareModels(current, target)).toEqual([]);
    expect(unsupportedChanges(current, target)).toEqual([
      'collation public.nocase changes its definition, but Postgres cannot alter a collation and cannot drop it while column public.tag.name use it: ' +
        'declare the new definition as a collation under another name, move the columns and indexes to it, and drop public.nocase in a later revision',
    ]);
  });

  it('compares equal models as equal, whatever the order of their lists', () => {
    const other: CollationModel = { schema: 'public', name: 'a', provider: 'libc', locale: 'C' };
    expect(compareModels(model([NOCASE, other]), model([other, NOCASE]))).toEqual([]);
  });
});

describe('pull: collations', () => {
  it('writes metadata.collation() before the tables, leaving the libc provider and the public schema out', () => {
    const source = renderModelSource(
      model(
        [NOCASE, { schema: 'x', name: 'split', provider: 'libc', lcCollate: 'C', lcCtype: 'POSIX' }],
        [tagTable('public.nocase')],
      ),
    );
    expect(source).toContain(
      "metadata.collation('nocase', { provider: 'icu', locale: 'und-u-ks-level2', deterministic: false });",
    );
    expect(source).toContain("metadata.collation('split', { schema: 'x', lcCollate: 'C', lcCtype: 'POSIX' });");
    expect(source.indexOf('metadata.collation(')).toBeLessThan(source.indexOf("metadata.table('tag'"));
    expect(source).toContain(`name: text().collate('"public"."nocase"')`);
  });
});
