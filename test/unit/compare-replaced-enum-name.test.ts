import { describe, expect, it } from 'vitest';
import { compareModels, unsupportedChanges } from '../helpers/compare.js';
import type { EnumModel, SchemaModel, TableModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';

const MOOD_BEFORE: EnumModel = { schema: 'public', name: 'mood', values: ['sad', 'ok', 'happy'] };
const MOOD_AFTER: EnumModel = { schema: 'public', name: 'mood', values: ['happy', 'ok'] };

function table(name: string): TableModel {
  return {
    schema: 'public',
    name,
    columns: [{ name: 'id', type: 'integer', nullable: false, default: null, identity: null }],
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
  };
}

function model(mood: EnumModel, extra: Partial<SchemaModel> = {}): SchemaModel {
  return completeModel({ schemas: [], tables: [], ...extra, enums: [mood, ...(extra.enums ?? [])] });
}

const replaced = (current: SchemaModel, target: SchemaModel): unknown[] =>
  compareModels(current, target).filter((op) => op.kind === 'replaceEnum');

describe('compare: the temporary name of a replaced enum', () => {
  it('replaces an enum next to a table and a type named <name>_old', () => {
    const old: EnumModel = { schema: 'public', name: 'mood_old', values: ['x'] };
    const extra = { tables: [table('mood_old')], enums: [old] };
    const current = model(MOOD_BEFORE, extra);
    const target = model(MOOD_AFTER, extra);
    expect(replaced(current, target)).toHaveLength(1);
    expect(unsupportedChanges(current, target)).toEqual([]);
  });

  for (const side of ['current', 'target'] as const) {
    it(`reports a replacement when a table on the ${side} side has the temporary name`, () => {
      const current = model(MOOD_BEFORE, side === 'current' ? { tables: [table('mood__athanor_old')] } : {});
      const target = model(MOOD_AFTER, side === 'target' ? { tables: [table('mood__athanor_old')] } : {});
      expect(replaced(current, target)).toEqual([]);
      expect(unsupportedChanges(current, target)).toEqual([
        'enum public.mood must be replaced (values removed or reordered), which is left out since public.mood__athanor_old, ' +
          'the name its old type takes meanwhile, is taken; change it by hand',
      ]);
    });
  }

  it('reports a replacement when another type (a domain, a view) has the temporary name', () => {
    const domain = {
      schema: 'public',
      name: 'mood__athanor_old',
      type: 'integer',
      default: null,
      notNull: false,
      checks: [],
    };
    const current = model(MOOD_BEFORE, { domains: [domain] });
    expect(replaced(current, model(MOOD_AFTER))).toEqual([]);
    const view = {
      schema: 'public',
      name: 'mood__athanor_old',
      materialized: false,
      definition: ' SELECT 1;',
      options: [],
      columns: [],
      indexes: [],
      dependsOn: [],
    };
    const target = model(MOOD_AFTER, { views: [view] });
    expect(replaced(model(MOOD_BEFORE), target)).toEqual([]);
  });

  it('does not let a name in another schema get in the way', () => {
    const other = { ...table('mood__athanor_old'), schema: 'app' };
    expect(replaced(model(MOOD_BEFORE, { tables: [other] }), model(MOOD_AFTER, { tables: [other] }))).toHaveLength(1);
  });
});
