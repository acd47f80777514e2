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
   * (`CREATE INDEX CONCURRENTLY`, `VALIDATE CONSTRAINT`): in an autocommit
   * block it waits under the online wait's bound instead of the run's
   * `lock_timeout`, and is not tried again on it (`onlineForm` in
   * `constraints-indexes/online.ts` finds such a statement in hand-written SQL).
   */
  weakLock?: boolean;
  /**
   * How a `weakLock` statement runs again once the online wait's policy
   * ended the sessions it waited for: as it is (absent), after `repair`
   * undid what the attempt left (a concurrent build's invalid index), or
   * not at all (`false`: hand-written SQL that cannot safely run twice).
   */
  rerun?: { repair: Statement } | false;
}

/** A statement without parameters that may run inside a transaction. */
export function transactional(sql: string): Statement {
  return { sql, transactional: true };
}
