import { describe, expect, it } from 'vitest';
import { compareModels, unsupportedChanges } from '../helpers/compare.js';
import type { ColumnModel, SchemaModel, SequenceModel } from '../../src/schema/model.js';
import { column, model, table } from '../helpers/models.js';

const NEXTVAL = "nextval('public.t_id_seq'::regclass)";

function sequence(extra: Partial<SequenceModel> = {}): SequenceModel {
  return {
    schema: 'public',
    name: 't_id_seq',
    type: 'integer',
    start: '1',
    increment: '1',
    min: '1',
    max: '2147483647',
    cache: '1',
    cycle: false,
    ownedBy: null,
    ...extra,
  };
}

function side(id: ColumnModel, sequences: SequenceModel[] = []): SchemaModel {
  return model({ tables: [table('t', { columns: [id] })], sequences });
}

const serial = side(column('id', 'serial', { nullable: false }));
const withDefault = (sequences: SequenceModel[]): SchemaModel =>
  side(column('id', 'integer', { nullable: false, default: NEXTVAL }), sequences);

describe('compareModels: a column serial on one side, its sequence on both', () => {
  it('a serial column whose sequence loses its owner: OWNED BY NONE, nothing else', () => {
    const target = withDefault([sequence()]);
    expect(compareModels(serial, target)).toEqual([
      {
        kind: 'alterSequence',
        schema: 'public',
        name: 't_id_seq',
        to: { ownedBy: null },
        from: { ownedBy: { table: 't', column: 'id' } },
      },
    ]);
    expect(unsupportedChanges(serial, target)).toEqual([]);
  });
  it('a sequence of its own made what serial makes: its options and owner set, never dropped', () => {
    const current = withDefault([sequence({ type: 'bigint', max: '9223372036854775807' })]);
    const ops = compareModels(current, serial);
    expect(ops.map((op) => op.kind)).toEqual(['alterSequence', 'alterSequence']);
    expect(ops[0]).toMatchObject({
      to: { type: 'integer', max: '2147483647' },
      from: { type: 'bigint', max: '9223372036854775807' },
    });
    expect(ops[1]).toMatchObject({ to: { ownedBy: { table: 't', column: 'id' } }, from: { ownedBy: null } });
    expect(unsupportedChanges(current, serial)).toEqual([]);
  });
  it('without the sequence on the other side, a change to or from serial is still reported, not written', () => {
    const plain = side(column('id', 'integer', { nullable: false }));
    expect(unsupportedChanges(serial, plain)).toHaveLength(1);
    expect(compareModels(serial, plain).map((op) => op.kind)).not.toContain('dropSequence');
  });
});
