import { describeRowCopy, reverseRowCopy } from './row-copy.js';
import { HARMLESS, type FamilySpecs } from './spec.js';
import type { PartitionOperation } from './kinds/partitions.js';
export type { PartitionOperation } from './kinds/partitions.js';

export const PARTITION_SPECS: FamilySpecs<PartitionOperation['kind']> = {
  attachPartition: {
    ...HARMLESS,
    describe: (op) =>
      `attach ${op.schema}.${op.table} as a partition of ${op.partitionOf.schema}.${op.partitionOf.table} ${op.partitionOf.bound}`,
    reverse: (op) => ({ kind: 'detachPartition', schema: op.schema, table: op.table, partitionOf: op.partitionOf }),
  },
  detachPartition: {
    ...HARMLESS,
    describe: (op) => `detach partition ${op.schema}.${op.table} from ${op.partitionOf.schema}.${op.partitionOf.table}`,
    reverse: (op) => ({ kind: 'attachPartition', schema: op.schema, table: op.table, partitionOf: op.partitionOf }),
  },
  stashRows: { ...HARMLESS, describe: describeRowCopy, reverse: reverseRowCopy },
  restoreRows: { ...HARMLESS, describe: describeRowCopy, reverse: reverseRowCopy },
};
