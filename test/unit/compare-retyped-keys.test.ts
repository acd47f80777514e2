import { describe, expect, it } from 'vitest';
import { compareModels } from '../helpers/compare.js';
import { describeOperation } from '../../src/ops/describe.js';
import type { Operation } from '../../src/ops/operation.js';
import type { ColumnModel, ForeignKeyModel, SchemaModel, TableModel } from '../../src/schema/model.js';
import { completeModel } from '../../src/schema/model-kinds.js';

function column(name: string, type: string): ColumnModel {
  return { name, type, nullable: false, default: null, identity: null };
}

const PID_FKEY: ForeignKeyModel = {
  name: 'c_pid_fkey',
  columns: ['pid'],
  refSchema: 'public',
  refTable: 'p',
  refColumns: ['id'],
  onDelete: 'NO ACTION',
  onUpdate: 'NO ACTION',
};

function table(name: string, columns: ColumnModel[], extra: Partial<TableModel> = {}): TableModel {
  return {
    schema: 'public',
    name,
    columns,
    primaryKey: null,
    foreignKeys: [],
    uniques: [],
    checks: [],
    indexes: [],
    ...extra,
  };
}

/** p(id <parentType> primary key), c(pid <childType> references p). */
function model(parentType: string, childType: string, childNullable = false): SchemaModel {
  const p = table('p', [column('id', parentType)], { primaryKey: { name: 'p_pkey', columns: ['id'] } });
  const c = table('c', [{ ...column('pid', childType), nullable: childNullable }], { foreignKeys: [PID_FKEY] });
  return completeModel({ schemas: [], enums: [], tables: [c, p] });
}

const lines = (ops: Operation[]): string[] => ops.map(describeOperation);

describe('compare: foreign keys around column type changes', () => {
  it('drops a foreign key before both of its sides change type and adds it back after', () => {
    const ops = lines(compareModels(model('text', 'text'), model('uuid', 'uuid')));
    const drop = ops.findIndex((line) => line.startsWith('drop') && line.includes('c_pid_fkey'));
    const add = ops.findIndex((line) => line.startsWith('add') && line.includes('c_pid_fkey'));
    const alters = ops.flatMap((line, i) => (line.startsWith('alter column') ? [i] : []));
    expect(alters).toHaveLength(2);
    expect(drop).toBeGreaterThanOrEqual(0);
    expect(drop).toBeLessThan(Math.min(...alters));
    expect(add).toBeGreaterThan(Math.max(...alters));
    expect(ops).toHaveLength(4);
  });

  it('drops and adds back a foreign key whose referenced key changes type', () => {
    const ops = compareModels(model('integer', 'integer'), model('bigint', 'integer'));
    expect(ops.map((op) => op.kind)).toEqual(['dropConstraint', 'alterColumn', 'addConstraint']);
    expect(ops[2]).toMatchObject({ table: 'c', constraint: { type: 'foreignKey', ...PID_FKEY } });
  });

  it('drops and adds back a foreign key whose own column changes type', () => {
    const ops = compareModels(model('bigint', 'integer'), model('bigint', 'bigint'));
    expect(ops.map((op) => op.kind)).toEqual(['dropConstraint', 'alterColumn', 'addConstraint']);
    expect(ops[0]).toMatchObject({ table: 'c', name: 'c_pid_fkey' });
  });

  it('leaves a foreign key alone when its columns change in other ways', () => {
    const ops = compareModels(model('integer', 'integer'), model('integer', 'integer', true));
    expect(ops.map((op) => op.kind)).toEqual(['alterColumn']);
  });
});
