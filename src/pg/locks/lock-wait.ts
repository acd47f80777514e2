import type { Driver } from '../connection/driver.js';
import { sqlState } from '../connection/sql-state.js';

/** The SQLSTATE of `canceling statement due to lock timeout`. */
const LOCK_NOT_AVAILABLE = '55P03';

/** True when a driver error is a lock timeout (SQLSTATE 55P03). */
export function isLockTimeout(error: unknown): boolean {
  return sqlState(error) === LOCK_NOT_AVAILABLE;
}

/** A backend that holds a lock another one waits for. */
interface LockHolder {
  pid: number;
  /** `active`, `idle in transaction`, ... from pg_stat_activity. */
  state: string | null;
  /** Its current (or last) query. */
  query: string;
  /** How long its transaction (or, outside one, its query) has run, in seconds. */
  seconds: number;
}

/** What a waiting backend waits for, and who holds it. */
export interface LockWait {
  /** The lock mode, e.g. `AccessExclusiveLock`. */
  mode: string;
  /** What the lock is on: `relation public.t`, `transactionid`, ... */
  object: string;
  holders: LockHolder[];
}

/** The backend pid of a connection. */
export async function backendPid(driver: Driver): Promise<number> {
  const { rows } = await driver.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return rows[0]!.pid;
}

const WAIT_SQL = `SELECT w.mode, w.locktype,
  CASE WHEN c.oid IS NOT NULL THEN format('%I.%I', n.nspname, c.relname) END AS relation,
  b.pid, b.state, coalesce(b.query, '') AS query,
  extract(epoch FROM now() - coalesce(b.xact_start, b.query_start))::float8 AS seconds
FROM pg_locks w
CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS bp(pid)
JOIN pg_stat_activity b ON b.pid = bp.pid
LEFT JOIN pg_class c ON c.oid = w.relation
LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE w.pid = $1 AND NOT w.granted
ORDER BY b.pid`;

interface WaitRow {
  mode: string;
  locktype: string;
  relation: string | null;
  pid: number;
  state: string | null;
  query: string;
  seconds: number | null;
}

/**
 * What backend `pid` is waiting for right now and who holds it
 * (`pg_locks`, `pg_blocking_pids`, `pg_stat_activity`), read from another
 * connection; null when it waits for no lock.
 */
export async function readLockWait(watcher: Driver, pid: number): Promise<LockWait | null> {
  const { rows } = await watcher.query<WaitRow>(WAIT_SQL, [pid]);
  const first = rows[0];
  if (!first) return null;
  return {
    mode: first.mode,
    object: first.relation === null ? first.locktype : `relation ${first.relation}`,
    holders: rows.map((r) => ({
      pid: r.pid,
      state: r.state,
      query: r.query,
      seconds: Math.max(0, Math.round(r.seconds ?? 0)),
    })),
  };
}

/**
 * The bound of a statement that blocks neither reads nor writes (`weakLock`):
 * its `lock_timeout` (null: none), and what happens when it is reached.
 */
export interface OnlineWait {
  timeout: string | null;
  /** `fail`: the statement fails on its lock timeout; `terminate-idle`: the sessions idle in a transaction it waits for are ended, and it runs once more. */
  policy: 'fail' | 'terminate-idle';
}

const TERMINATE_IDLE_SQL = `SELECT a.pid FROM pg_stat_activity a
WHERE a.pid = ANY($1::int[]) AND a.state IN ('idle in transaction', 'idle in transaction (aborted)')
  AND pg_terminate_backend(a.pid)
ORDER BY a.pid`;

/** Ends those of `pids` that sit idle in a transaction; returns the pids it ended. */
export async function terminateIdleHolders(watcher: Driver, pids: readonly number[]): Promise<number[]> {
  if (pids.length === 0) return [];
  const { rows } = await watcher.query<{ pid: number }>(TERMINATE_IDLE_SQL, [pids]);
  return rows.map((r) => r.pid);
}
