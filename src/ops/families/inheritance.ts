import type { InheritedTableModel } from '../../schema/model.js';
import { HARMLESS, type FamilySpecs } from './spec.js';

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

export const INHERITANCE_SPECS: FamilySpecs<InheritanceOperation['kind']> = {
  inheritTable: {
    ...HARMLESS,
    describe: (op) => `make ${op.schema}.${op.table} inherit from ${op.parent.schema}.${op.parent.table}`,
    reverse: (op) => ({ kind: 'noInheritTable', schema: op.schema, table: op.table, parent: op.parent }),
  },
  noInheritTable: {
    ...HARMLESS,
    describe: (op) => `make ${op.schema}.${op.table} no longer inherit from ${op.parent.schema}.${op.parent.table}`,
    reverse: (op) => ({ kind: 'inheritTable', schema: op.schema, table: op.table, parent: op.parent }),
  },
};
