import { irreversible, RANK, type FamilySpecs } from './spec.js';
import { onTable } from '../things.js';

/**
 * Values written into the rows a table already holds, in batches: each batch
 * its own transaction, outside the revision's transaction, so a revision with
 * a backfill is marked `transactional = false` (as one that builds an index
 * concurrently). A run that stops part way resumes after the last batch that
 * committed. The runner does it (`runtime/run/backfill.ts`); compiled, it is
 * the one `UPDATE` a `--sql` script writes.
 */
export type BackfillOperation = Readonly<{
  kind: 'backfill';
  schema: string;
  table: string;
  /** Each column written, to an SQL expression over the row: `{ slug: "lower(title)" }`. */
  set: Readonly<Record<string, string>>;
  /** An SQL condition that picks the rows still to fill (`slug IS NULL`); every row when absent. */
  where?: string;
  /** Rows per batch (1000 when absent). */
  batchSize?: number;
  /** What the revision's author has to do, written above the call. */
  note?: string;
}>;

declare module '../operation.js' {
  interface OperationFamilies {
    readonly backfill: BackfillOperation;
  }
}

/** Rows per batch when `batchSize` is absent. */
export const DEFAULT_BATCH_SIZE = 1000;

/**
 * What autogenerate writes in `set` for the author to replace. A revision
 * file that still holds it refuses to run, before anything runs.
 */
export const BACKFILL_PLACEHOLDER = 'TODO(backfill)';

export const BACKFILL_SPECS: FamilySpecs<BackfillOperation['kind']> = {
  backfill: {
    summary: "Writes values into a table's rows in batches, each batch its own transaction.",
    describe: (op) => `backfill ${op.schema}.${op.table} (${Object.keys(op.set).join(', ')})`,
    reverse: (op) => {
      throw irreversible(
        `backfill ${op.schema}.${op.table}`,
        'what it overwrote is not kept; the change to its columns is what a downgrade undoes',
      );
    },
    destructive: () => false,
    hazards: () => [],
    footprint: onTable,
    example: {
      schema: 'public',
      table: 'posts',
      set: { slug: 'lower(title)' },
      where: 'slug IS NULL',
      batchSize: 1000,
    },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '6'],
    // The table moves with its schema; `set` and `where` are SQL text over the row, mapped as text.
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      set: Object.fromEntries(Object.entries(op.set).map(([column, expression]) => [column, map.text(expression)])),
      ...(op.where !== undefined ? { where: map.text(op.where) } : {}),
    }),
  },
};
