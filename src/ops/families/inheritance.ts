import type { Operation } from '../operation.js';
import { HARMLESS, RANK, type FamilySpecs } from './spec.js';
import { footprintOf, onTable, thing } from '../things.js';
import type { NameMapper } from '../../schema/names/name-mapper.js';
import type { InheritedTableModel } from '../../schema/model.js';

/**
 * Table inheritance changed on a table that stays: `inheritTable` and
 * `noInheritTable` are each other's reverse.
 */
export type InheritanceOperation = Readonly<
  /** `ALTER TABLE table INHERIT parent`: the table must have the parent's columns and inherited checks already. */
  | { kind: 'inheritTable'; schema: string; table: string; parent: InheritedTableModel }
  /** `ALTER TABLE table NO INHERIT parent`: what the table inherited from it becomes its own. */
  | { kind: 'noInheritTable'; schema: string; table: string; parent: InheritedTableModel }
>;

declare module '../operation.js' {
  interface OperationFamilies {
    readonly inheritance: InheritanceOperation;
  }
}

export const INHERITANCE_SPECS: FamilySpecs<InheritanceOperation['kind']> = {
  inheritTable: {
    summary: 'Makes a table inherit from a parent table.',
    ...HARMLESS,
    describe: (op) => `make ${op.schema}.${op.table} inherit from ${op.parent.schema}.${op.parent.table}`,
    reverse: (op) => ({ kind: 'noInheritTable', schema: op.schema, table: op.table, parent: op.parent }),
    footprint: (op) =>
      footprintOf({ needs: [thing.relation(op.schema, op.table), thing.relation(op.parent.schema, op.parent.table)] }),
    example: { schema: 'public', table: 'car', parent: { schema: 'public', table: 'vehicle' } },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '1', op.parent.schema, op.parent.table],
    mapNames: mapInheritance,
  },
  noInheritTable: {
    summary: 'Ends inheritance from a parent; the table keeps what it inherited.',
    ...HARMLESS,
    describe: (op) => `make ${op.schema}.${op.table} no longer inherit from ${op.parent.schema}.${op.parent.table}`,
    reverse: (op) => ({ kind: 'inheritTable', schema: op.schema, table: op.table, parent: op.parent }),
    footprint: onTable,
    example: { schema: 'public', table: 'car', parent: { schema: 'public', table: 'vehicle' } },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '1', op.parent.schema, op.parent.table],
    mapNames: mapInheritance,
  },
};

function mapInheritance<T extends Extract<Operation, { kind: 'inheritTable' | 'noInheritTable' }>>(
  op: T,
  map: NameMapper,
): T {
  return { ...op, schema: map.schema(op.schema), parent: { ...op.parent, schema: map.schema(op.parent.schema) } };
}
