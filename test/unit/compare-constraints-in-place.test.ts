import { describe, expect, it } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import { describeOperation } from '../../src/ops/describe.js';
import type { Operation } from '../../src/ops/operation.js';
import type { CheckModel, ForeignKeyModel, SchemaModel, TableModel } from '../../src/schema/model.js';
import { column, model as schemaModel, table } from '../helpers/models.js';

const FKEY: ForeignKeyModel = {
  name: 'c_pid_fkey',
  columns: ['pid'],
  refSchema: 'public',
  refTable: 'p',
  refColumns: ['id'],
  onDelete: 'NO ACTION',
  onUpdate: 'NO ACTION',
};
const CHECK: CheckModel = { name: 'c_pid_check', expression: '(pid > 0)' };

/** p(id primary key), c(pid references p, check pid > 0), with the foreign key and check as given. */
function model(
  fk: Partial<ForeignKeyModel>,
  check: Partial<CheckModel> = {},
  p: Partial<TableModel> = {},
  idType = 'integer',
): SchemaModel {
  const parent = table('p', { columns: [column('id', idType, { nullable: false })], ...p });
  const child = table('c', {
    columns: [column('pid', idType)],
    primaryKey: null,
    foreignKeys: [{ ...FKEY, ...fk }],
    checks: [{ ...CHECK, ...check }],
  });
  return schemaModel({ tables: [child, parent] });
}

const lines = (ops: Operation[]): string[] => ops.map(describeOperation);

describe('compare: a foreign key or check changed in place', () => {
  it("validates a NOT VALID foreign key or check, and sets a foreign key's deferral, without dropping either", () => {
    const ops = compareModels(
      model({ notValid: true }, { notValid: true }),
      model({ deferrable: true, initiallyDeferred: true }, {}),
    );
    expect(lines(ops)).toEqual([
      'alter check constraint c_pid_check on public.c: not valid -> valid',
      'alter foreign key c_pid_fkey on public.c: not valid -> valid, not deferrable -> deferrable initially deferred',
    ]);
    expect(ops[1]).toMatchObject({ from: { notValid: true, deferrable: false, initiallyDeferred: false } });
  });

  it('makes one NOT VALID again, and keeps a change of anything else a drop and an add', () => {
    const again = compareModels(model({}), model({ notValid: true }));
    expect(lines(again)).toEqual(['alter foreign key c_pid_fkey on public.c: valid -> not valid']);
    const other = compareModels(model({ notValid: true }), model({ onDelete: 'CASCADE' }));
    expect(other.map((op) => op.kind)).toEqual(['dropConstraint', 'addConstraint']);
  });

  it('drops and adds a foreign key referencing a partitioned table', () => {
    const partitioned = { partitionBy: 'RANGE (id)' };
    const ops = compareModels(model({ notValid: true }, {}, partitioned), model({}, {}, partitioned));
    expect(ops.map((op) => op.kind)).toEqual(['dropConstraint', 'addConstraint']);
  });

  it('drops and adds, as the target has it, a foreign key changed whose referenced key changes type', () => {
    const ops = compareModels(model({ notValid: true }), model({}, {}, {}, 'bigint'));
    expect(ops.map((op) => op.kind)).not.toContain('alterConstraint');
    const add = ops.find((op) => op.kind === 'addConstraint' && op.constraint.name === 'c_pid_fkey');
    expect(add).toMatchObject({ constraint: { name: 'c_pid_fkey' } });
    expect(
      add?.kind === 'addConstraint' && add.constraint.type === 'foreignKey' && add.constraint.notValid,
    ).toBeFalsy();
  });
});
