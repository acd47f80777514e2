import { HARMLESS, removedOf, type FamilySpecs } from '../families/spec.js';
import type { OperationOf } from '../operation.js';
import type { RangeOperationKind } from './kinds/range.js';
export type { RangeOperation, RangeOperationKind } from './kinds/range.js';

export const RANGE_SPECS: FamilySpecs<RangeOperationKind> = {
  createRangeType: {
    summary: 'Creates a range type (and its multirange type, PostgreSQL 14 and later).',
    ...HARMLESS,
    describe: (op) => `create range type ${op.range.schema}.${op.range.name}`,
    reverse: (op) => ({ kind: 'dropRangeType', schema: op.range.schema, name: op.range.name, removed: op.range }),
  },
  dropRangeType: {
    summary: 'Drops a range type and its multirange type (Postgres refuses while a column holds it).',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeDropRange,
    reverse: (op) => ({ kind: 'createRangeType', range: removedOf(describeDropRange(op), op.removed) }),
  },
};

function describeDropRange(op: OperationOf<'dropRangeType'>): string {
  return `drop range type ${op.schema}.${op.name}`;
}
