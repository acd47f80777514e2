import { describe, expect, it } from 'vitest';
import { compareModels, unsupportedChanges } from '../helpers/compare.js';
import { spellsLabel } from '../../src/autogen/diff/enums/enum-text.js';
import { upgradeOperations, type Operation, type OperationOf } from '../../src/ops/operation.js';
import { downgradePlan } from '../../src/autogen/compare.js';
import { reverseOperations } from '../../src/ops/reverse.js';
import { describeOperation } from '../../src/ops/describe.js';
import type {
  ColumnModel,
  DomainModel,
  EnumModel,
  FunctionModel,
  SchemaModel,
  TableModel,
  ViewModel,
} from '../../src/schema/model.js';
import { column, model, mutableCopy, uses } from '../helpers/models.js';

function person(extra: Partial<TableModel> = {}, columns: ColumnModel[] = []): TableModel {
  return {
    schema: 'public',
    name: 'person',
    columns: [
      column('id', 'integer', { nullable: false }),
      column('m', 'public.mood'),
      column('ms', 'public.mood[]'),
      ...columns,
    ],
    primaryKey: { name: 'person_pkey', columns: ['id'] },
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
    ...extra,
  };
}

/** person partitioned by id, and its partition person_1 partitioned again by the enum column m. */
function partitionedByIdThenMood(): [TableModel, TableModel] {
  const parent = person({ partitionBy: 'RANGE (id)', partitionKeyColumns: ['id'] });
  const day: TableModel = {
    ...person({ name: 'person_1', primaryKey: null, partitionBy: 'LIST (m)', partitionKeyColumns: ['m'] }),
    columns: [],
    partitionOf: { schema: 'public', table: 'person', bound: 'FOR VALUES FROM (1) TO (2)' },
  };
  return [parent, day];
}

function view(definition: string): ViewModel {
  return {
    schema: 'public',
    name: 'v',
    materialized: false,
    definition,
    options: [],
    columns: [{ name: 'id', type: 'integer' }],
    indexes: [],
    dependsOn: [],
  };
}

function routine(definition: string, extra: Partial<FunctionModel> = {}): FunctionModel {
  return {
    schema: 'public',
    name: 'f',
    kind: 'function',
    argumentTypes: '',
    arguments: '',
    result: 'boolean',
    definition,
    dependsOn: [],
    ...extra,
  };
}

const mood = (values: string[]): EnumModel => ({ schema: 'public', name: 'mood', values });
const kinds = (ops: Operation[]): string[] => ops.map((op) => op.kind);

describe('compareModels: a value added and used in the same revision', () => {
  const before = mood(['a', 'b']);
  const after = mood(['a', 'b', 'c']);

  it('replaces the enum when a default uses the new value, setting the default after the conversion', () => {
    const withDefault = mutableCopy(person({}, []));
    withDefault.columns[1] = column('m', 'public.mood', { default: "'c'::public.mood" });
    const ops = compareModels(
      model({ enums: [before], tables: [person()] }),
      model({ enums: [after], tables: [withDefault] }),
    );
    expect(kinds(ops)).toEqual(['replaceEnum']);
    const replace = ops[0] as OperationOf<'replaceEnum'>;
    expect(replace.columns[0]).toEqual({
      schema: 'public',
      table: 'person',
      column: 'm',
      type: 'public.mood',
      default: { from: null, to: "'c'::public.mood" },
    });
    expect(replace.note).toContain(
      "This change adds 'c', used in the same revision, and Postgres refuses a value added by ALTER TYPE ... ADD VALUE",
    );
    expect(kinds(reverseOperations(ops))).toEqual(['replaceEnum']);
  });

  it('replaces it when a check spells the value in an array literal, a view or a routine body', () => {
    const check = person({ checks: [{ name: 'person_ms_check', expression: "(ms <> '{a,c}'::public.mood[])" }] });
    expect(
      kinds(compareModels(model({ enums: [before], tables: [person()] }), model({ enums: [after], tables: [check] }))),
    ).toContain('replaceEnum');
    const withView = (definition: string): SchemaModel =>
      model({ enums: [after], tables: [person()], views: [view(definition)] });
    const viewOps = compareModels(
      withView(" SELECT 1 AS id WHERE 'a'::public.mood < 'b'::public.mood;"),
      withView(" SELECT 1 AS id WHERE 'a'::public.mood < 'c'::public.mood;"),
    );
    expect(kinds(viewOps)).toEqual(['replaceView']);
    const current = model({
      enums: [before],
      tables: [person()],
      views: [view(" SELECT 1 AS id WHERE 'a'::public.mood < 'b'::public.mood;")],
    });
    expect(
      kinds(compareModels(current, withView(" SELECT 1 AS id WHERE 'a'::public.mood < 'c'::public.mood;"))),
    ).toEqual(['dropView', 'replaceEnum', 'createView']);
    const body = routine("\nBEGIN\n  RETURN 'c' = 'c';\nEND\n", { kind: 'function' });
    const ops = compareModels(
      model({ enums: [before], tables: [person()] }),
      model({ enums: [after], tables: [person()], functions: [body] }),
    );
    expect(kinds(ops)).toEqual(['replaceEnum', 'createFunction']);
  });

  // Reduced from a mapping platform's history: a plpgsql body compared a text[] with the new label.
  it("keeps addEnumValue when only a string body that Postgres does not read at creation spells the value (plpgsql), not a sql body's or an argument default's", () => {
    const defined = (language: string, args: string, body: string): FunctionModel =>
      routine(
        `CREATE OR REPLACE FUNCTION public.f(${args})\n RETURNS boolean\n LANGUAGE ${language}\nAS $function$${body}$function$\n`,
      );
    const opsWith = (f: FunctionModel): string[] =>
      kinds(
        compareModels(
          model({ enums: [before], tables: [person()] }),
          model({ enums: [after], tables: [person()], functions: [f] }),
        ),
      );
    const plpgsqlBody = " DECLARE roles text[]; BEGIN RETURN 'c' = ANY(roles); END; ";
    expect(opsWith(defined('plpgsql', 'roles text[]', plpgsqlBody))).toEqual(['addEnumValue', 'createFunction']);
    expect(opsWith(defined('plpgsql', "m public.mood DEFAULT 'c'::public.mood", plpgsqlBody))).toEqual([
      'replaceEnum',
      'createFunction',
    ]);
    expect(opsWith(defined('sql', 'm public.mood', " SELECT m = 'c'::public.mood "))).toEqual([
      'replaceEnum',
      'createFunction',
    ]);
  });

  it('keeps addEnumValue when nothing uses the new value', () => {
    const other = person({ checks: [{ name: 'person_m_check', expression: "(m <> 'b'::public.mood)" }] });
    const ops = compareModels(model({ enums: [before], tables: [other] }), model({ enums: [after], tables: [other] }));
    expect(kinds(ops)).toEqual(['dropConstraint', 'addEnumValue', 'addConstraint']);
  });
});

describe('compareModels: an enum dropped with what uses it', () => {
  it('drops a routine taking the enum before the enum', () => {
    const takes = routine("RETURN (m = 'a'::public.mood)", {
      arguments: 'm public.mood',
      argumentTypes: 'public.mood',
    });
    const ops = compareModels(model({ enums: [mood(['a'])], functions: [takes] }), model({ functions: [] }));
    expect(kinds(ops)).toEqual(['dropFunction', 'dropEnum']);
    expect(kinds(reverseOperations(ops))).toEqual(['createEnum', 'createFunction']);
  });

  it('drops a domain over the enum before the enum', () => {
    const domain: DomainModel = {
      schema: 'public',
      name: 'dm',
      type: 'public.mood',
      default: null,
      notNull: false,
      checks: [],
    };
    const ops = compareModels(model({ enums: [mood(['a'])], domains: [domain] }), model({ domains: [] }));
    expect(kinds(ops)).toEqual(['dropDomain', 'dropEnum']);
  });
});

describe('compareModels: replacements something would block', () => {
  const domain: DomainModel = {
    schema: 'public',
    name: 'dm',
    type: 'public.mood',
    default: null,
    notNull: false,
    checks: [],
  };

  it('reports a replacement under a domain, a generated column or a casting default of a retyped column instead of generating it', () => {
    const generated = column('label', 'text', { generated: '(m)::text' });
    const casting = (type: string): ColumnModel => column('note', type, { default: "('a'::public.mood)::text" });
    const current = model({
      enums: [mood(['a', 'b'])],
      tables: [person({}, [generated, casting('text')])],
      domains: [domain],
      dependencies: [uses('person', 'column', 'label', 'm')],
    });
    const target = model({
      enums: [mood(['b', 'a'])],
      tables: [person({}, [generated, casting('character varying')])],
      domains: [domain],
    });
    expect(kinds(compareModels(current, target))).toEqual(['alterColumn']);
    expect(unsupportedChanges(current, target)).toEqual([
      'enum public.mood must be replaced (values removed or reordered), which is left out since ' +
        'domain public.dm is based on it; generated column public.person.label is computed from it or from a column it converts; ' +
        'the default of public.person.note casts to it while the column changes type; change it by hand',
    ]);
    // Which generated columns use a converted column is the catalog's, not the expression's text.
    expect(unsupportedChanges({ ...current, dependencies: [] }, target)[0]).not.toContain('generated column');
  });

  it('drops a casting default of a column of another type before the replacement and sets the target one after it', () => {
    const casting = (value: string): ColumnModel =>
      column('note', 'text', { default: `('${value}'::public.mood)::text` });
    const current = model({ enums: [mood(['a', 'b'])], tables: [person({}, [casting('a')])] });
    const target = model({ enums: [mood(['b', 'a'])], tables: [person({}, [casting('b')])] });
    const ops = compareModels(current, target);
    expect(ops.map((op) => (op.kind === 'alterColumn' ? op.to : op.kind))).toEqual([
      { default: null },
      'replaceEnum',
      { default: "('b'::public.mood)::text" },
    ]);
    expect((ops[1] as OperationOf<'replaceEnum'>).note).toContain(
      'Dropped before it and created again after it, since they use public.mood or a column it converts: the default of public.person.note.',
    );
    expect(unsupportedChanges(current, target)).toEqual([]);
    const down = reverseOperations(ops);
    expect(down.map((op) => (op.kind === 'alterColumn' ? op.to : op.kind))).toEqual([
      { default: null },
      'replaceEnum',
      { default: "('a'::public.mood)::text" },
    ]);
  });

  it('beside a value added, changes a casting default the model changes, which its downgrade drops and puts back around the replacement', () => {
    const casting = (name: string, value: string): ColumnModel =>
      column(name, 'text', { default: `('${value}'::public.mood)::text` });
    const current = model({ enums: [mood(['a', 'b'])], tables: [person({}, [casting('note', 'a')])] });
    const changed = model({ enums: [mood(['a', 'b', 'c'])], tables: [person({}, [casting('note', 'b')])] });
    const ops = compareModels(current, changed);
    expect(upgradeOperations(ops).map((op) => (op.kind === 'alterColumn' ? op.to : op.kind))).toEqual([
      'addEnumValue',
      { default: "('b'::public.mood)::text" },
    ]);
    const back = downgradePlan(ops).rest.map((r) => ('op' in r ? r.op : r));
    expect(back.map((op) => ('kind' in op && op.kind === 'alterColumn' ? op.to : 'kind' in op ? op.kind : op))).toEqual(
      [{ default: null }, 'replaceEnum', { default: "('a'::public.mood)::text" }],
    );
    const kept = model({ enums: [mood(['a', 'b', 'c'])], tables: [person({}, [casting('note', 'a')])] });
    expect(kinds(upgradeOperations(compareModels(current, kept)))).toEqual(['addEnumValue']);
    expect(kinds(compareModels(current, kept))).toEqual(['alterColumn', 'addEnumValue', 'alterColumn']);
  });

  it.each([
    ['a table partitioned by the enum', () => [person({ partitionBy: 'LIST (m)', partitionKeyColumns: ['m'] })]],
    ['a partition of a partition partitioned by it', partitionedByIdThenMood],
  ])('reports a value added and used in a partition bound of %s', (_, layout) => {
    const tables = layout();
    const keyed = tables.at(-1)!.name;
    const part = (value: string): TableModel => ({
      ...person({ name: `${keyed}_${value}`, primaryKey: null }),
      columns: [],
      partitionOf: { schema: 'public', table: keyed, bound: `FOR VALUES IN ('${value}')` },
    });
    const current = model({ enums: [mood(['a'])], tables: [...tables, part('a')] });
    const target = model({ enums: [mood(['a', 'c'])], tables: [...tables, part('a'), part('c')] });
    // The value is added without a reverse, marked to commit in a revision of its own before the partition.
    const ops = compareModels(current, target);
    expect(kinds(ops)).toEqual(['addEnumValue', 'createTable']);
    expect(ops[0]).toEqual({
      kind: 'addEnumValue',
      schema: 'public',
      name: 'mood',
      value: 'c',
      after: 'a',
      committedFirst: true,
      notReplaceable: `the partition key of public.${keyed} uses it or a column it converts`,
    });
    expect(unsupportedChanges(current, target)).toEqual([
      "enum public.mood cannot be replaced ('c' added and used in the same revision), since " +
        `the partition key of public.${keyed} uses it or a column it converts: the values are added in a revision ` +
        'of their own before the rest, whose downgrade cannot remove them; write it by hand',
    ]);
  });

  it('adds a value without a reverse where a partition of a partition is partitioned by a column of the enum', () => {
    const [parent, day] = partitionedByIdThenMood();
    const current = model({ enums: [mood(['a'])], tables: [parent, day] });
    const target = model({ enums: [mood(['a', 'b'])], tables: [parent, day] });
    const because = 'the partition key of public.person_1 uses it or a column it converts';
    const ops = compareModels(current, target);
    expect(ops).toEqual([
      { kind: 'addEnumValue', schema: 'public', name: 'mood', value: 'b', after: 'a', notReplaceable: because },
    ]);
    expect(unsupportedChanges(current, target)).toEqual([
      `the downgrade cannot remove the values added to enum public.mood by replacing it, since ${because}; write it by hand`,
    ]);
    // The downgrade written in its place says why, not only that Postgres drops no enum value.
    expect(() => reverseOperations(ops)).toThrow(
      `add value 'b' to enum public.mood after 'a' cannot be reversed: Postgres cannot drop a value from an enum, ` +
        `and the enum cannot be replaced without it, since ${because}`,
    );
  });

  it('adds a value under a domain without carrying a reverse, and says the downgrade must be written by hand', () => {
    const current = model({ enums: [mood(['a'])], tables: [person()], domains: [domain] });
    const target = model({ enums: [mood(['a', 'b'])], tables: [person()], domains: [domain] });
    const ops = compareModels(current, target);
    expect(ops).toEqual([
      {
        kind: 'addEnumValue',
        schema: 'public',
        name: 'mood',
        value: 'b',
        after: 'a',
        notReplaceable: 'domain public.dm is based on it',
      },
    ]);
    expect(unsupportedChanges(current, target)[0]).toMatch(
      /^the downgrade cannot remove the values added to enum public\.mood by replacing it, since domain public\.dm is based on it; write it by hand$/,
    );
  });
});

describe('describing an enum replacement', () => {
  const replace = (from: string[], to: string[]): Operation => ({
    kind: 'replaceEnum',
    schema: 'public',
    name: 'mood',
    from,
    to,
    columns: [],
  });

  it('says what it does: values removed, added or reordered', () => {
    expect(describeOperation(replace(['a', 'b', 'c'], ['a', 'c']))).toBe(
      "replace enum public.mood without 'b' (0 column(s) converted)",
    );
    expect(describeOperation(replace(['a', 'b'], ['a', 'b', 'c']))).toBe(
      "replace enum public.mood with 'c' added (0 column(s) converted)",
    );
    expect(describeOperation(replace(['a', 'b'], ['b', 'a']))).toBe(
      'replace enum public.mood with its values reordered (0 column(s) converted)',
    );
    expect(describeOperation(replace(['a', 'b', 'c'], ['c', 'd', 'a']))).toBe(
      "replace enum public.mood without 'b', with 'd' added, with its values reordered (0 column(s) converted)",
    );
  });
});

describe('enum labels in canonical expressions', () => {
  it('finds a label spelled as a cast or an array element, not in another type or as a prefix', () => {
    const m = { schema: 'public', name: 'mood' };
    expect(spellsLabel("(m <> 'c'::public.mood)", m, 'c')).toBe(true);
    expect(spellsLabel(`'{a,"c"}'::public.mood[]`, m, 'c')).toBe(true);
    expect(spellsLabel("'c'::text", m, 'c')).toBe(false);
    expect(spellsLabel("'{cc}'::public.mood[]", m, 'c')).toBe(false);
  });
});
