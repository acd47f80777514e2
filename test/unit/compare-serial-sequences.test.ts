import { describe, expect, it } from 'vitest';
import { compareModels, unsupportedChanges } from '../helpers/compare.js';
import type { ColumnModel, SchemaModel, SequenceModel } from '../../src/schema/model.js';
import { column, model, sequence as namedSequence, table } from '../helpers/models.js';

const NEXTVAL = "nextval('public.t_id_seq'::regclass)";

function sequence(extra: Partial<SequenceModel> = {}): SequenceModel {
  return namedSequence('t_id_seq', extra);
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
  it('without the sequence on the other side, serial made plain: the default dropped, then the sequence, first', () => {
    const plain = side(column('id', 'integer', { nullable: false }));
    expect(unsupportedChanges(serial, plain)).toEqual([]);
    expect(compareModels(serial, plain)).toEqual([
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 't',
        column: 'id',
        to: { default: null },
        from: { default: NEXTVAL },
        pastRows: true,
      },
      {
        kind: 'dropSequence',
        schema: 'public',
        name: 't_id_seq',
        removed: sequence({ ownedBy: { table: 't', column: 'id' } }),
      },
    ]);
  });
  it('without the sequence on the other side, plain made serial: the sequence created, owned, then the default set past the rows, last', () => {
    const plain = side(column('id', 'integer', { nullable: false }));
    expect(unsupportedChanges(plain, serial)).toEqual([]);
    expect(compareModels(plain, serial)).toEqual([
      { kind: 'createSequence', sequence: sequence({ ownedBy: { table: 't', column: 'id' } }) },
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 't',
        column: 'id',
        to: { default: NEXTVAL },
        from: { default: null },
        pastRows: true,
      },
    ]);
  });
  it('an identity made serial: the identity dropped before the sequence is created', () => {
    const identity = side(column('id', 'integer', { nullable: false, identity: { always: true } }));
    expect(compareModels(identity, serial).map((op) => op.kind)).toEqual([
      'alterColumn',
      'createSequence',
      'alterColumn',
    ]);
    expect(compareModels(identity, serial)[0]).toMatchObject({ to: { identity: null } });
  });
});
