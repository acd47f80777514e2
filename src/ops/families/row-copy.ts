import type { OperationOf } from '../operation.js';

/**
 * A table's rows copied out to a plain holding table in the same schema
 * (`stashRows`) and back (`restoreRows`), around a rebuild of the table that
 * Postgres cannot make in place (a changed partition key). Each is the
 * other's reverse.
 */
export interface RowCopy {
  readonly schema: string;
  readonly table: string;
  /** The holding table, in `schema`. */
  readonly stash: string;
  /** The columns copied, in the table's order. */
  readonly columns: readonly string[];
  /** Restoring adds `OVERRIDING SYSTEM VALUE`: an identity `GENERATED ALWAYS` column is among `columns`. */
  readonly overridingSystemValue?: boolean;
  /**
   * The columns among `columns` whose own sequence (serial or identity) was
   * created with the table: after restoring, each sequence is moved past the
   * restored values (below them for a descending one), and at least as far
   * as the position `positions` recorded for it, with `setval`.
   */
  readonly sequences?: readonly RestoredSequence[];
  /**
   * Columns among `columns` kept as text in the holding table, each cast back
   * to `type` (the table's type for it) when restored: their type uses an
   * enum or a domain replaced in the same revision, which the holding table
   * must not use.
   */
  readonly asText?: readonly TextColumn[];
  /**
   * Columns among `columns` (not in `asText`) whose type on the other side of
   * the rebuild differs: restoring casts each to `type` (the table's type for
   * it), since an `INSERT` converts only through assignment casts.
   */
  readonly casts?: readonly TextColumn[];
  /**
   * Holding table, in `schema`, for the positions of the sequences of
   * `sequences`: stashing records each one's `last_value` and `is_called`
   * (the table drop takes the sequence along), restoring moves each sequence
   * of `sequences` at least that far. Set when both sides have such sequences.
   */
  readonly positions?: string;
  /**
   * Partitions in the table's tree that are not rebuilt with it (detached
   * after the stash, or attached before the restore): stashing leaves out
   * the rows of each one's tree, which keeps them.
   */
  readonly keptPartitions?: readonly PartitionName[];
}

export interface PartitionName {
  readonly schema: string;
  readonly table: string;
}

export interface TextColumn {
  readonly column: string;
  readonly type: string;
}

export interface RestoredSequence {
  readonly column: string;
  /** A negative increment: the sequence goes on below the lowest value. */
  readonly descending?: boolean;
}

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
