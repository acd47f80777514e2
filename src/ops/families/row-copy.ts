import type { OperationOf } from '../operation.js';
import type { RowCopy } from './kinds/row-copy.js';

export type { PartitionName, RestoredSequence, RowCopy, TextColumn } from './kinds/row-copy.js';

type RowCopyOperation = OperationOf<'stashRows' | 'restoreRows'>;

/** The parts both kinds share, without `kind` and `note`. */
function rowCopyOf(op: RowCopyOperation): RowCopy {
  return {
    schema: op.schema,
    table: op.table,
    stash: op.stash,
    columns: [...op.columns],
    ...(op.overridingSystemValue !== undefined ? { overridingSystemValue: op.overridingSystemValue } : {}),
    ...(op.sequences !== undefined ? { sequences: op.sequences.map((s) => ({ ...s })) } : {}),
    ...(op.asText !== undefined ? { asText: op.asText.map((c) => ({ ...c })) } : {}),
    ...(op.casts !== undefined ? { casts: op.casts.map((c) => ({ ...c })) } : {}),
    ...(op.positions !== undefined ? { positions: op.positions } : {}),
    ...(op.keptPartitions !== undefined ? { keptPartitions: op.keptPartitions.map((p) => ({ ...p })) } : {}),
  };
}

/**
 * `stashRows` and `restoreRows` swapped. A restore undone is a stash that
 * starts the rebuild back, so it gets a note saying so.
 */
export function reverseRowCopy(op: RowCopyOperation): OperationOf<'stashRows' | 'restoreRows'> {
  const copy = rowCopyOf(op);
  if (op.kind === 'stashRows') return { kind: 'restoreRows', ...copy };
  return { kind: 'stashRows', ...copy, note: rebuildNote(op.schema, op.table, op.stash) };
}

/** The comment above a `stashRows` that starts a rebuild; `why` comes first when given. */
export function rebuildNote(schema: string, table: string, stash: string, why?: string): string {
  const lead = why === undefined ? `${schema}.${table} is rebuilt.` : `${schema}.${table} is rebuilt: ${why}.`;
  return [
    lead,
    `Its rows are copied to the holding table ${schema}.${stash}, the table and its partitions are dropped`,
    'and created again, and the rows are inserted back through the table, then the holding table is dropped.',
    'A row that no partition accepts makes this revision fail and roll back.',
  ].join('\n');
}

export function describeRowCopy(op: RowCopyOperation): string {
  if (op.kind === 'stashRows')
    return `copy the rows of ${op.schema}.${op.table} to holding table ${op.schema}.${op.stash}`;
  return `copy the rows of ${op.schema}.${op.table} back from holding table ${op.schema}.${op.stash} and drop it`;
}
