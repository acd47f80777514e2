import { DEFAULT_BATCH_SIZE } from '../../ops/families/backfill.js';
import type { OperationOf } from '../../ops/operation.js';
import {
  BACKFILL_TABLE_SQL,
  backfillKeyBatchSql,
  backfillPageBatchSql,
  createBackfillStateSql,
  readBackfillStateSql,
  resetBackfillStateSql,
  saveBackfillStateSql,
  type KeyColumn,
} from '../../pg/run/backfill.js';
import { TX } from '../../pg/locks/lock.js';
import { isLockTimeout } from '../../pg/locks/lock-wait.js';
import type { Bookkeeping } from '../../pg/run/version-table.js';
import type { Step } from '../graph/plan.js';
import { StatementFailure } from './failures.js';
import type { SqlSession } from './session.js';

/**
 * `op.backfill` on a live database: the rows written in batches, each batch
 * and the record of how far it got committed together, outside the
 * revision's transaction (in an `op.autocommit` block). A batch that times
 * out on a lock (the run's `lock_timeout`) is rolled back and tried again
 * after a pause, as a statement of an autocommit block is. A run that stops
 * part way (killed, a failure) resumes after the last batch that committed,
 * when the revision resumes at the backfill's block; a revision run from its
 * start backfills from the first row.
 */

export interface BackfillProgress {
  schema: string;
  table: string;
  /** Rows written so far, earlier runs included. */
  written: number;
  /** The planner's estimate of the table's rows; null when it has none. */
  estimate: number | null;
  done: boolean;
}

interface BackfillRun {
  session: SqlSession;
  tables: Bookkeeping;
  lockRetries: { count: number; backoffMs: number };
  onLockRetry?: (step: Step, attempt: number, delayMs: number) => void;
  onBackfill?: (step: Step, progress: BackfillProgress) => void;
}

interface TableFacts {
  blocks: number;
  pages: number;
  estimate: number;
  key: KeyColumn[];
}

/** Where a batch left the backfill. */
interface BatchEnd {
  position: string[];
  done: boolean;
  written: number;
}

interface Saved {
  position: string[] | null;
  rows: number;
  done: boolean;
}

/** Runs the backfill `op` of `step`; `id` names it within the revision, `resume` continues where a run stopped. */
export async function runBackfill(
  run: BackfillRun,
  step: Step,
  op: OperationOf<'backfill'>,
  id: string,
  resume: boolean,
): Promise<void> {
  const { session } = run;
  const state = run.tables.backfill;
  const record = [step.revision.revision, id];
  await session.execute({ sql: createBackfillStateSql(state) });
  const saved = resume ? (await session.query<Saved>(readBackfillStateSql(state), record))[0] : undefined;
  if (saved === undefined) await session.execute({ sql: resetBackfillStateSql(state), params: record });
  const [facts] = await session.query<TableFacts>(BACKFILL_TABLE_SQL, [op.schema, op.table]);
  const progress = { schema: op.schema, table: op.table, estimate: facts!.estimate >= 0 ? facts!.estimate : null };
  let written = saved?.rows ?? 0;
  const tell = (done: boolean): void => run.onBackfill?.(step, { ...progress, written, done });
  if (saved?.done) return tell(true);
  const size = op.batchSize ?? DEFAULT_BATCH_SIZE;
  /** One batch and its record in a transaction; returns where it got to. */
  const batch = async <R>(sql: string, params: unknown[], next: (row: R) => BatchEnd): Promise<BatchEnd> => {
    const row = await inTransaction(run, step, sql, async () => {
      const [result] = await session.query<R>(sql, params);
      const after = next(result!);
      await session.execute({
        sql: saveBackfillStateSql(state),
        params: [...record, after.position, written + after.written, after.done],
      });
      return after;
    });
    written += row.written;
    tell(row.done);
    return row;
  };
  tell(false);
  if (facts!.key.length > 0) {
    // The key after which the next batch starts, as text; null before the first.
    let last = saved?.position ?? null;
    for (let done = false; !done;) {
      const sql = backfillKeyBatchSql(op, facts!.key, last === null);
      const end = await batch<{ picked: number; written: number; last: string[] | null }>(
        sql,
        [size, ...(last ?? [])],
        (r) => ({ position: r.last ?? last ?? [], done: r.picked < size, written: r.written }),
      );
      last = end.position;
      done = end.done;
    }
    return;
  }
  // No primary key: ranges of pages, up to the table's size when the backfill started.
  const [from, end] = saved?.position?.map(Number) ?? [0, facts!.blocks];
  const perPage = facts!.pages > 0 && facts!.estimate > 0 ? facts!.estimate / facts!.pages : 50;
  const pages = Math.max(1, Math.floor(size / perPage));
  for (let start = from!; start < end!; start += pages) {
    const stop = Math.min(start + pages, end!);
    await batch<{ written: number }>(backfillPageBatchSql(op), [start, stop], (r) => ({
      position: [String(stop), String(end)],
      done: stop >= end!,
      written: r.written,
    }));
  }
  if (from! >= end!) {
    await inTransaction(run, step, saveBackfillStateSql(state), () =>
      session.execute({
        sql: saveBackfillStateSql(state),
        params: [...record, [String(end), String(end)], written, true],
      }),
    );
    tell(true);
  }
}

/** `fn` in a transaction of its own; on a lock timeout, rolled back and tried again after a pause. */
async function inTransaction<T>(run: BackfillRun, step: Step, sql: string, fn: () => Promise<T>): Promise<T> {
  const { session, lockRetries } = run;
  for (let attempt = 1; ; attempt++) {
    await session.execute({ sql: TX.begin });
    try {
      const result = await fn();
      await session.execute({ sql: TX.commit });
      return result;
    } catch (error) {
      await session.execute({ sql: TX.rollback }).catch(() => undefined);
      if (!isLockTimeout(error) || attempt > lockRetries.count) throw new StatementFailure(sql, error);
      const delayMs = lockRetries.backoffMs * 2 ** (attempt - 1);
      run.onLockRetry?.(step, attempt, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
