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

// Reduced from a mapping platform's schema: a table's serial sequence that another table's default calls.
describe('compareModels: a sequence the model drops while a default it keeps calls it', () => {
  const OLD_NEXTVAL = "nextval('public.old_id_seq'::regclass)";
  const caller = table('c', { columns: [column('id', 'bigint', { nullable: false, default: OLD_NEXTVAL })] });
  const old = table('old', { columns: [column('id', 'bigserial', { nullable: false })] });

  it("is refused in one line that says how to keep it: a dropped table's serial's, or one of its own", () => {
    const refusal =
      /^public\.c\.id's default calls public\.old_id_seq, which the model drops \(with public\.old\.id, a bigserial\); declare it with metadata\.sequence\('old_id_seq'\) to keep it, or change that default$/;
    expect(() => compareModels(model({ tables: [old, caller] }), model({ tables: [caller] }))).toThrow(refusal);
    const apart = model({ tables: [caller], sequences: [namedSequence('old_id_seq', { type: 'bigint' })] });
    expect(() => compareModels(apart, model({ tables: [caller] }))).toThrow(
      /^public\.c\.id's default calls public\.old_id_seq, which the model drops; declare it with metadata\.sequence\('old_id_seq'\) to keep it, or change that default$/,
    );
  });

  it('is not refused where the model declares it, or a serial of the model makes it', () => {
    const declared = model({ tables: [caller], sequences: [namedSequence('old_id_seq', { type: 'bigint' })] });
    expect(() => compareModels(model({ tables: [old, caller] }), declared)).not.toThrow();
    expect(() => compareModels(model({ tables: [caller] }), model({ tables: [old, caller] }))).not.toThrow();
  });
});
