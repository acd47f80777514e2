import type { PartitionOfModel } from '../../schema/model.js';
import { describeRowCopy, reverseRowCopy, type RowCopy } from './row-copy.js';
import { HARMLESS, type FamilySpecs } from './spec.js';

/**
 * Partitions attached and detached, and the rows of a table kept aside while
 * it is rebuilt (a changed partition key): `stashRows` and `restoreRows` are
 * each other's reverse.
 */
export type PartitionOperation = Readonly<
  /** `ALTER TABLE parent ATTACH PARTITION table FOR VALUES ...`. */
  | { kind: 'attachPartition'; schema: string; table: string; partitionOf: PartitionOfModel }
  /** `ALTER TABLE parent DETACH PARTITION table`; the bound is kept to reverse it. */
  | { kind: 'detachPartition'; schema: string; table: string; partitionOf: PartitionOfModel }
  | ({
      /** `CREATE TABLE schema.stash AS SELECT columns FROM schema.table`: the rows kept while the table is rebuilt. */
      kind: 'stashRows';
      /** Printed as a comment in revision files. */
      note?: string;
    } & RowCopy)
  | ({
      /** `INSERT INTO table (columns) SELECT columns FROM stash`, sequences moved past the rows, `DROP TABLE stash`. */
      kind: 'restoreRows';
    } & RowCopy)
>;

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
