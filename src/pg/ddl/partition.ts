import type { OperationOf } from '../../ops/operation.js';
import { quoteQualified } from '../quote.js';
import { transactional, type Statement } from './statement.js';

/** `ALTER TABLE parent ATTACH PARTITION table FOR VALUES ...` (or `DEFAULT`). */
export function compileAttachPartition(op: OperationOf<'attachPartition'>): Statement[] {
  const { partitionOf } = op;
  const parent = quoteQualified(partitionOf.schema, partitionOf.table);
  return [transactional(`ALTER TABLE ${parent} ATTACH PARTITION ${quoteQualified(op.schema, op.table)} ${partitionOf.bound}`)];
}

/** `ALTER TABLE parent DETACH PARTITION table`: the table stays, on its own. */
export function compileDetachPartition(op: OperationOf<'detachPartition'>): Statement[] {
  const parent = quoteQualified(op.partitionOf.schema, op.partitionOf.table);
  return [transactional(`ALTER TABLE ${parent} DETACH PARTITION ${quoteQualified(op.schema, op.table)}`)];
}
