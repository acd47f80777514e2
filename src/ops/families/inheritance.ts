import { HARMLESS, type FamilySpecs } from './spec.js';
import type { InheritanceOperation } from './kinds/inheritance.js';
export type { InheritanceOperation } from './kinds/inheritance.js';

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
