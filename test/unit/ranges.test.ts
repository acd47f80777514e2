import { describe, expect, it } from 'vitest';
import { diffModels } from '../../src/autogen/compare.js';
import { renderModelSource } from '../../src/pull/render-model.js';
import { footprint } from '../../src/ops/footprint.js';
import { thing } from '../../src/ops/things.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import { buildSchemaModel, defineMetadata, integer } from '../../src/schema/index.js';
import type { RangeTypeModel, SchemaModel } from '../../src/schema/model.js';
import { emptySchemaModel } from '../../src/schema/model-kinds.js';
import { column, table } from '../helpers/models.js';

const SLOT: RangeTypeModel = {
  schema: 'public',
  name: 'slot',
  subtype: 'timestamp with time zone',
  subtypeDiff: 'public.slot_diff',
  multirange: 'slots',
};

function model(parts: Partial<SchemaModel>): SchemaModel {
  return { ...emptySchemaModel(), ...parts };
}

describe('DSL: range types', () => {
  it('holds each setting given, the subtype normalized and the collation quoted; column() is a column of it', () => {
    const m = defineMetadata({ schema: 'app' });
    const span = m.rangeType('span', { subtype: 'int4', collation: 'C', subtypeDiff: 'app.d', multirange: 'spans' });
    m.table('t', { id: integer(), during: span.column() });
    const built = buildSchemaModel(m);
    expect(built.ranges).toEqual([
      { schema: 'app', name: 'span', subtype: 'integer', collation: '"C"', subtypeDiff: 'app.d', multirange: 'spans' },
    ]);
    expect(built.tables[0]!.columns[1]!.type).toBe('app.span');
  });

  it('refuses a range type without a subtype, and one declared twice', () => {
    const m = defineMetadata();
    m.rangeType('r', { subtype: '' });
    expect(() => buildSchemaModel(m)).toThrow(/needs a subtype/);
    const twice = defineMetadata();
    twice.rangeType('r', { subtype: 'integer' });
    twice.rangeType('r', { subtype: 'bigint' });
    expect(() => buildSchemaModel(twice)).toThrow(/range type/);
  });
});

describe('comparison: range types', () => {
  it('a changed range type nothing holds is dropped and created again; the reverse gives the old one back', () => {
    const before = model({ ranges: [SLOT] });
    const after = model({ ranges: [{ ...SLOT, subtypeDiff: 'tstzrange_subdiff' }] });
    const { operations, unsupported } = diffModels(before, after);
    expect(unsupported).toEqual([]);
    expect(operations.map((op) => op.kind)).toEqual(['dropRangeType', 'createRangeType']);
    expect(reverseOperation(operations[0]!)).toEqual({ kind: 'createRangeType', range: SLOT });
  });

  it('a changed range type a column holds (through its multirange too) is reported, not dropped', () => {
    const table = (type: string): SchemaModel['tables'][number] => ({
      schema: 'public',
      name: 'booking',
      columns: [{ name: 'during', type, nullable: true, default: null, identity: null }],
      primaryKey: null,
      foreignKeys: [],
      uniques: [],
      checks: [],
      indexes: [],
    });
    for (const type of ['public.slot', 'public.slots[]']) {
      const before = model({ ranges: [SLOT], tables: [table(type)] });
      const after = model({ ranges: [{ ...SLOT, multirange: 'other' }], tables: [table(type)] });
      const { operations, unsupported } = diffModels(before, after);
      expect(operations).toEqual([]);
      expect(unsupported).toEqual([
        'range type public.slot: it changes, which takes dropping and creating it again, and column public.booking.during holds it; declare a new range type and move the columns to it',
      ]);
    }
  });

  it('its footprint needs its schema, its subtype_diff routine (two subtypes) and canonical routine (the range)', () => {
    const { needs, makes } = footprint({ kind: 'createRangeType', range: { ...SLOT, canonical: 'public.canon' } });
    expect(makes).toEqual([thing.type('public', 'slot'), thing.type('public', 'slots')]);
    expect(needs).toEqual([
      thing.schema('public'),
      thing.routine('public', 'slot_diff', 'timestamp with time zone, timestamp with time zone'),
      thing.routine('public', 'canon', 'public.slot'),
    ]);
  });
});

describe('range types: the multirange in the footprint', () => {
  it('makes and removes the multirange Postgres names (the name with range made multirange, or _multirange added)', () => {
    const made = (name: string): readonly unknown[] =>
      footprint({ kind: 'createRangeType', range: { schema: 's', name, subtype: 'integer' } }).makes;
    expect(made('floatrange')).toEqual([thing.type('s', 'floatrange'), thing.type('s', 'floatmultirange')]);
    expect(made('slot')).toEqual([thing.type('s', 'slot'), thing.type('s', 'slot_multirange')]);
    const { removes } = footprint({ kind: 'dropRangeType', schema: 'public', name: 'slot', removed: SLOT });
    expect(removes).toEqual([thing.type('public', 'slot'), thing.type('public', 'slots')]);
  });

  it('creates a range before a table whose column holds its multirange', () => {
    const { operations } = diffModels(
      model({}),
      model({
        ranges: [SLOT],
        tables: [table('booking', { columns: [column('free', 'public.slots')] })],
      }),
    );
    expect(operations.map((op) => op.kind)).toEqual(['createRangeType', 'createTable']);
  });
});

describe('pull: range types', () => {
  it('writes metadata.rangeType() with the settings the model holds, and its columns as slot.column()', () => {
    const source = renderModelSource(
      model({
        ranges: [{ ...SLOT, schema: 'booking' }],
        schemas: ['booking'],
        comments: [{ target: { on: 'type', schema: 'booking', name: 'slot' }, text: 'a booked time' }],
      }),
    );
    expect(source).toContain(
      "export const slot = metadata.rangeType('slot', { subtype: 'timestamp with time zone', subtypeDiff: 'public.slot_diff', multirange: 'slots', schema: 'booking', comment: 'a booked time' });",
    );
  });
});
