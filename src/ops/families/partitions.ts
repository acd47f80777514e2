import { describeRowCopy, reverseRowCopy, type RowCopy } from './row-copy.js';
import type { Operation } from '../operation.js';
import { HARMLESS, RANK, type FamilySpecs } from './spec.js';
import { footprintOf, thing } from '../things.js';
import { hazard } from '../hazard-codes.js';
import type { NameMapper } from '../../schema/names/name-mapper.js';
import type { PartitionOfModel } from '../../schema/model.js';

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

declare module '../operation.js' {
  interface OperationFamilies {
    readonly partitions: PartitionOperation;
  }
}

export const PARTITION_SPECS: FamilySpecs<PartitionOperation['kind']> = {
  attachPartition: {
    summary: 'Attaches a table as a partition of a partitioned table, with its bound.',
    destructive: () => false,
    hazards: (op) => [
      hazard(
        'attach-partition-scan',
        `attaching ${op.schema}.${op.table} scans its rows under an ACCESS EXCLUSIVE lock for the bound ${op.partitionOf.bound}, and fails on a row outside it`,
        { schema: op.schema, name: op.table },
      ),
    ],
    describe: (op) =>
      `attach ${op.schema}.${op.table} as a partition of ${op.partitionOf.schema}.${op.partitionOf.table} ${op.partitionOf.bound}`,
    reverse: (op) => ({ kind: 'detachPartition', schema: op.schema, table: op.table, partitionOf: op.partitionOf }),
    footprint: (op) =>
      footprintOf({
        makes: [thing.partitions(op.partitionOf.schema, op.partitionOf.table)],
        needs: [thing.relation(op.schema, op.table), thing.relation(op.partitionOf.schema, op.partitionOf.table)],
      }),
    example: {
      schema: 'public',
      table: 'event_2024',
      partitionOf: { schema: 'public', table: 'event', bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" },
    },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '0'],
    mapNames: mapPartitionOf,
  },
  detachPartition: {
    summary: 'Detaches a partition; it stays, with its rows, as a table of its own.',
    ...HARMLESS,
    describe: (op) => `detach partition ${op.schema}.${op.table} from ${op.partitionOf.schema}.${op.partitionOf.table}`,
    reverse: (op) => ({ kind: 'attachPartition', schema: op.schema, table: op.table, partitionOf: op.partitionOf }),
    // The partition leaves its parent's set: after what reads the set (a holding table's copy of the rows).
    footprint: (op) =>
      footprintOf({
        needs: [thing.relation(op.schema, op.table)],
        removes: [thing.partitions(op.partitionOf.schema, op.partitionOf.table)],
      }),
    example: {
      schema: 'public',
      table: 'event_2024',
      partitionOf: { schema: 'public', table: 'event', bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" },
    },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '0'],
    mapNames: mapPartitionOf,
  },
  stashRows: {
    summary: "Copies a table's rows into a holding table, before the table is rebuilt.",
    ...HARMLESS,
    describe: describeRowCopy,
    reverse: reverseRowCopy,
    footprint: (op) =>
      footprintOf({
        makes: [thing.relation(op.schema, op.stash)],
        // Through the table, its partitions' rows too.
        reads: [thing.relation(op.schema, op.table), thing.partitions(op.schema, op.table)],
      }),
    example: {
      schema: 'public',
      table: 'event',
      stash: 'event__athanor_stash',
      columns: ['id', 'kind', 'at'],
      sequences: [{ column: 'id' }],
      positions: 'event__athanor_positions',
      keptPartitions: [{ schema: 'public', table: 'event_2024' }],
    },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '7'],
    mapNames: mapRowCopy,
  },
  restoreRows: {
    summary: 'Inserts the rows kept by `stashRows` back into the rebuilt table, and drops the holding table.',
    ...HARMLESS,
    describe: describeRowCopy,
    reverse: reverseRowCopy,
    footprint: (op) =>
      footprintOf({
        removes: [thing.relation(op.schema, op.stash)],
        needs: [thing.relation(op.schema, op.table), thing.relation(op.schema, op.stash)],
      }),
    example: {
      schema: 'public',
      table: 'event',
      stash: 'event__athanor_stash',
      columns: ['id', 'kind', 'at'],
      overridingSystemValue: true,
      sequences: [{ column: 'id' }],
      positions: 'event__athanor_positions',
      casts: [{ column: 'kind', type: 'public.event_kind' }],
    },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '7'],
    mapNames: mapRowCopy,
  },
};

function mapPartitionOf<T extends Extract<Operation, { kind: 'attachPartition' | 'detachPartition' }>>(
  op: T,
  map: NameMapper,
): T {
  const partitionOf = {
    ...op.partitionOf,
    schema: map.schema(op.partitionOf.schema),
    bound: map.text(op.partitionOf.bound),
  };
  return { ...op, schema: map.schema(op.schema), partitionOf };
}

function mapRowCopy<T extends Extract<Operation, { kind: 'stashRows' | 'restoreRows' }>>(op: T, map: NameMapper): T {
  return {
    ...op,
    schema: map.schema(op.schema),
    ...(op.asText ? { asText: op.asText.map((c) => ({ ...c, type: map.text(c.type) })) } : {}),
    ...(op.casts ? { casts: op.casts.map((c) => ({ ...c, type: map.text(c.type) })) } : {}),
    ...(op.keptPartitions
      ? { keptPartitions: op.keptPartitions.map((p) => ({ ...p, schema: map.schema(p.schema) })) }
      : {}),
  };
}
