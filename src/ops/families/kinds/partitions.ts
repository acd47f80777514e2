import type { PartitionOfModel } from '../../../schema/model.js';
import type { RowCopy } from './row-copy.js';

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
