import { describeRowCopy, reverseRowCopy } from './row-copy.js';
import { HARMLESS, type FamilySpecs } from './spec.js';
import type { PartitionOperation } from './kinds/partitions.js';
export type { PartitionOperation } from './kinds/partitions.js';

export const PARTITION_SPECS: FamilySpecs<PartitionOperation['kind']> = {
  attachPartition: {
    summary: 'Attaches a table as a partition of a partitioned table, with its bound.',
    ...HARMLESS,
    describe: (op) =>
      `attach ${op.schema}.${op.table} as a partition of ${op.partitionOf.schema}.${op.partitionOf.table} ${op.partitionOf.bound}`,
    reverse: (op) => ({ kind: 'detachPartition', schema: op.schema, table: op.table, partitionOf: op.partitionOf }),
  },
  detachPartition: {
    summary: 'Detaches a partition; it stays, with its rows, as a table of its own.',
    ...HARMLESS,
    describe: (op) => `detach partition ${op.schema}.${op.table} from ${op.partitionOf.schema}.${op.partitionOf.table}`,
    reverse: (op) => ({ kind: 'attachPartition', schema: op.schema, table: op.table, partitionOf: op.partitionOf }),
  },
  stashRows: {
    summary: "Copies a table's rows into a holding table, before the table is rebuilt.",
    ...HARMLESS,
    describe: describeRowCopy,
    reverse: reverseRowCopy,
  },
  restoreRows: {
    summary: 'Inserts the rows kept by `stashRows` back into the rebuilt table, and drops the holding table.',
    ...HARMLESS,
    describe: describeRowCopy,
    reverse: reverseRowCopy,
  },
};
