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
