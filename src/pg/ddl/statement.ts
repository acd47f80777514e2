/** One SQL statement of a compiled operation, executed in order. */
export interface Statement {
  sql: string;
  /** Bind parameters for `$1`, `$2`, ... */
  params?: unknown[];
  /** Whether it may run inside the migration's transaction. */
  transactional: boolean;
  /**
   * A query returning one row with a boolean `run`: the statement runs only
   * when it is true (a repair needed only on a rerun). Offline scripts, which
   * cannot ask, leave the statement out.
   */
  when?: { sql: string; params?: unknown[] };
  /**
   * The statement takes only a lock that blocks neither reads nor writes
   * (`CREATE INDEX CONCURRENTLY`, `VALIDATE CONSTRAINT`), so it may wait as
   * long as it must: it runs without the run's `lock_timeout`.
   */
  weakLock?: boolean;
}

/** A statement without parameters that may run inside a transaction. */
export function transactional(sql: string): Statement {
  return { sql, transactional: true };
}
