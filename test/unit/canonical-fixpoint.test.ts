import { describe, expect, it } from 'vitest';
import { probeModel } from '../../src/canonical/canonical-fixpoint.js';
import { differingTexts } from '../../src/canonical/canonical-texts.js';
import {
  qualifiedKey,
  type FunctionModel,
  type SchemaModel,
  type TableModel,
  type ViewModel,
} from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';
import { column, mutableCopy, table as baseTable } from '../helpers/models.js';

const LIVE_CHECK = "((c)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))";
const AGAIN_CHECK = "((c)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text]))";

/** A table with an `id` key and a nullable `c varchar(5)`, unless `extra` says otherwise. */
function table(name: string, extra: Partial<TableModel> = {}): TableModel {
  return baseTable(name, {
    columns: [column('id', 'integer', { nullable: false }), column('c', 'character varying(5)')],
    ...extra,
  });
}

function view(name: string, definition: string, materialized = false): ViewModel {
  return {
    schema: 'public',
    name,
    materialized,
    definition,
    options: [],
    columns: [{ name: 'a', type: 'integer' }],
    indexes: [],
    dependsOn: [],
  };
}

function fn(name: string, body: string): FunctionModel {
  const definition = `CREATE OR REPLACE FUNCTION public.${name}()\n RETURNS integer\n LANGUAGE sql\nAS $function$ ${body} $function$`;
  return {
    schema: 'public',
    name,
    kind: 'function',
    argumentTypes: '',
    arguments: '',
    result: 'integer',
    definition,
    dependsOn: [],
  };
}

function model(tables: TableModel[], more: Partial<SchemaModel> = {}): SchemaModel {
  return completeModel({ schemas: [], enums: [], tables, ...more });
}

const names = (list: readonly { name: string }[] | undefined): string[] => (list ?? []).map((o) => o.name).sort();

describe('the texts that differ between the canonical model and the database', () => {
  it('lists each differing text of a table by what holds it, and nothing for equal objects', () => {
    const canonical = model([table('a', { checks: [{ name: 'a_c_check', expression: AGAIN_CHECK }] }), table('b')]);
    const live = model([table('a', { checks: [{ name: 'a_c_check', expression: LIVE_CHECK }] }), table('b')]);
    expect(differingTexts(canonical, live)).toEqual([
      {
        owner: 'table',
        key: qualifiedKey('public', 'a'),
        field: 'check/a_c_check',
        canonical: JSON.stringify(AGAIN_CHECK),
        live: JSON.stringify(LIVE_CHECK),
      },
    ]);
    expect(differingTexts(live, structuredClone(live))).toEqual([]);
  });

  it('covers defaults, expression indexes, policies, views, domains and triggers; not plain-column indexes or a view turned materialized', () => {
    const index = (where: string | null) => ({
      name: 'a_idx',
      unique: false,
      method: 'btree',
      columns: [{ column: 'c' }],
      where,
    });
    const plain = (extra: Partial<TableModel>) =>
      table('a', { indexes: [{ ...index(null), columns: [{ column: 'id' }] }], ...extra });
    const side = (text: string): SchemaModel =>
      model(
        [
          plain({ columns: [{ name: 'c', type: 'boolean', nullable: true, default: text, identity: null }] }),
          table('p', {
            indexes: [index(text)],
            policies: [
              { name: 'pol', permissive: true, command: 'ALL', roles: ['public'], using: text, withCheck: null },
            ],
          }),
        ],
        {
          views: [view('v', text), view('m', text, text === LIVE_CHECK)],
          domains: [
            {
              schema: 'public',
              name: 'd',
              type: 'text',
              default: null,
              notNull: false,
              checks: [{ name: 'd_check', expression: text }],
            },
          ],
          triggers: [{ schema: 'public', table: 'p', name: 'tr', definition: `CREATE TRIGGER tr WHEN (${text})` }],
        },
      );
    const fields = differingTexts(side(AGAIN_CHECK), side(LIVE_CHECK)).map((d) => `${d.owner} ${d.field}`);
    expect(fields.sort()).toEqual([
      'domain check/d_check',
      'table default/c',
      'table index/a_idx',
      'table using/pol',
      'trigger definition',
      'view definition',
    ]);
  });
});

describe('the probe: the live objects holding differing texts, and what they name', () => {
  it('sends the table holding the text with what its texts name (a routine, the table the routine reads, its key target), not the rest', () => {
    const a = table('a', {
      columns: [
        { name: 'id', type: 'integer', nullable: false, default: 'public.one()', identity: null },
        { name: 'c', type: 'character varying(5)', nullable: true, default: null, identity: null },
      ],
      checks: [{ name: 'a_c_check', expression: LIVE_CHECK }],
      foreignKeys: [
        {
          name: 'a_id_fkey',
          columns: ['id'],
          refSchema: 'public',
          refTable: 'target',
          refColumns: ['id'],
          onDelete: 'NO ACTION',
          onUpdate: 'NO ACTION',
        },
      ],
    });
    const current = model([a, table('target'), table('read_by_one'), table('unrelated')], {
      functions: [fn('one', 'SELECT count(*)::integer FROM public.read_by_one'), fn('other', 'SELECT 2')],
      views: [view('elsewhere', 'SELECT 1 AS a')],
      sequences: [
        {
          schema: 'public',
          name: 's',
          type: 'bigint',
          start: '1',
          increment: '1',
          min: '1',
          max: '9',
          cache: '1',
          cycle: false,
          ownedBy: { table: 'unrelated', column: 'id' },
        },
      ],
    });
    const differences = differingTexts(
      model([{ ...a, checks: [{ name: 'a_c_check', expression: AGAIN_CHECK }] }]),
      current,
    );
    const { model: probe, selection } = probeModel(current, differences);
    expect(names(probe.tables)).toEqual(['a', 'read_by_one', 'target']);
    expect(names(probe.functions)).toEqual(['one']);
    expect(probe.views).toEqual([]);
    expect(probe.sequences).toEqual([]);
    expect([...selection.sentTables]).toEqual([qualifiedKey('public', 'a')]);
    expect(selection.objectsMatch).toBe(true);
  });

  it('sends a partition tree whole, and a differing view with the views and tables it reads', () => {
    const parent = table('parent', {
      partitionBy: 'LIST (c)',
      checks: [{ name: 'parent_c_check', expression: LIVE_CHECK }],
    });
    const part = {
      ...table('part', { partitionOf: { schema: 'public', table: 'parent', bound: "FOR VALUES IN ('a')" } }),
      columns: [],
    };
    const current = model([parent, part, table('read'), table('unrelated')], {
      views: [
        view('inner', 'SELECT read.id AS a FROM public.read'),
        view('outer', 'SELECT inner.a FROM public.inner'),
        view('other', 'SELECT 1 AS a'),
      ],
    });
    const canonical = mutableCopy(current);
    canonical.tables[0]!.checks[0]!.expression = AGAIN_CHECK;
    canonical.views![1]!.definition = 'SELECT inner.a\n FROM public.inner';
    const { model: probe, selection } = probeModel(current, differingTexts(canonical, current));
    expect([...selection.sentTables].sort()).toEqual([
      qualifiedKey('public', 'parent'),
      qualifiedKey('public', 'part'),
    ]);
    expect(names(probe.views)).toEqual(['inner', 'outer']);
    expect(names(probe.tables)).toEqual(['parent', 'part', 'read']);
    expect(selection.objectsMatch).toBe(false);
  });
});
