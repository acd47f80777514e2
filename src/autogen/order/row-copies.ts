import type { Operation, OperationOf } from '../../ops/operation.js';
import { qualifiedKey } from '../../schema/model.js';
import type { Placement } from './placements.js';

/**
 * One rebuilt table's rows, as the rebuild plan (`plan/compare-rebuild-steps.ts`)
 * hands them to the scheduler: the operations that copy them and the tables
 * (by `qualifiedKey(schema, name)`) they are placed around.
 */
export interface RebuiltRows {
  stash: OperationOf<'stashRows'>;
  /** The policies of the tables whose rows the stash reads, dropped right after it. */
  policyDrops: readonly Operation[];
  restore: OperationOf<'restoreRows'>;
  /** The tables dropped for the rebuilds whose rows go to the stash's holding table. */
  dropped: ReadonlySet<string>;
  /** The partitions that stay out of the table, detached (the stash leaves their rows out). */
  leaving: ReadonlySet<string>;
  /** The target table and every partition under it. */
  tree: ReadonlySet<string>;
  /** Those of `tree` the rebuilds create. */
  created: ReadonlySet<string>;
  /** The partitions that join the table, attached (a row may belong in one of them). */
  joining: ReadonlySet<string>;
}

/**
 * Where the rows of each rebuilt table are copied: its `stashRows` right
 * before the first of its tables is dropped or a partition that stays out of
 * it is detached, followed by its policy drops (with forced row-level
 * security, rows read without policies would be none), and its `restoreRows`
 * right after the last of its tables is created and the partitions that join
 * it are attached. What must not run while the rows are away (foreign keys to
 * it added back, triggers) must precede the stash or follow the restore, so
 * the reversed list (the downgrade) has the same shape.
 */
export function rowCopyPlacements(rows: readonly RebuiltRows[]): Placement[] {
  return rows.flatMap((rebuilt): Placement[] => [
    {
      at: 'beforeFirst',
      anchor: (op) =>
        (op.kind === 'dropTable' && rebuilt.dropped.has(qualifiedKey(op.schema, op.name))) ||
        (op.kind === 'detachPartition' && rebuilt.leaving.has(qualifiedKey(op.schema, op.table))),
      pulled: (op) => dropsUseOfRows(op, rebuilt.dropped),
      ops: [rebuilt.stash, ...rebuilt.policyDrops],
    },
    {
      at: 'afterLast',
      anchor: (op) =>
        (op.kind === 'createTable' && rebuilt.tree.has(qualifiedKey(op.table.schema, op.table.name))) ||
        (op.kind === 'attachPartition' && rebuilt.joining.has(qualifiedKey(op.schema, op.table))),
      pushed: (op) => addsUseOfRows(op, rebuilt.created),
      ops: [rebuilt.restore],
    },
  ]);
}

/** A drop of what would see the rows of `tables` leave: a foreign key to one of them, a trigger on one. */
function dropsUseOfRows(op: Operation, tables: ReadonlySet<string>): boolean {
  if (op.kind === 'dropTrigger') return tables.has(qualifiedKey(op.schema, op.table));
  const removed = op.kind === 'dropConstraint' ? op.removed : undefined;
  return removed?.type === 'foreignKey' && tables.has(qualifiedKey(removed.refSchema, removed.refTable));
}

/** A creation of what would see the rows of `tables` come back: a foreign key to one of them, a trigger on one. */
function addsUseOfRows(op: Operation, tables: ReadonlySet<string>): boolean {
  if (op.kind === 'createTrigger') return tables.has(qualifiedKey(op.trigger.schema, op.trigger.table));
  const added = op.kind === 'addConstraint' ? op.constraint : undefined;
  return added?.type === 'foreignKey' && tables.has(qualifiedKey(added.refSchema, added.refTable));
}
