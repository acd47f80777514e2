import type { Driver } from '../connection/driver.js';
import { sqlState } from '../connection/sql-state.js';

/**
 * The server's shared lock table: room for `max_locks_per_transaction`
 * locks on objects for each connection slot (`max_connections` plus
 * `max_prepared_transactions`), shared by every session. A transaction may
 * hold more than its own share while the table has room; one that asks for
 * more than the table holds fails with `out of shared memory` (SQLSTATE 53200).
 */
export interface LockTable {
  maxLocksPerTransaction: number;
  /** max_connections + max_prepared_transactions. */
  slots: number;
  /** The locks the table is sized for: the two multiplied. */
  size: number;
}

export async function readLockTable(driver: Driver): Promise<LockTable> {
  const { rows } = await driver.query<{ maxLocks: number; slots: number }>(
    'SELECT current_setting(\'max_locks_per_transaction\')::int AS "maxLocks", ' +
      "current_setting('max_connections')::int + current_setting('max_prepared_transactions')::int AS slots",
  );
  const maxLocksPerTransaction = rows[0]?.maxLocks ?? 64;
  const slots = rows[0]?.slots ?? 1;
  return { maxLocksPerTransaction, slots, size: maxLocksPerTransaction * slots };
}

/** The lock table in words: `the server's lock table (max_locks_per_transaction = 64 × 100 connection slots) holds about 6,400 locks`. */
export function describeLockTable({ maxLocksPerTransaction, slots, size }: LockTable): string {
  return `the server's lock table (max_locks_per_transaction = ${maxLocksPerTransaction} × ${slots} connection slots) holds about ${size.toLocaleString('en-US')} locks`;
}

/**
 * The locks one revision of autogenerate's may hold: half the lock
 * table, the rest left to the other sessions that share it.
 */
export function revisionLockBudget(table: LockTable): number {
  return Math.max(1, Math.floor(table.size / 2));
}

/**
 * Whether a statement failed for want of room in the lock table: SQLSTATE
 * 53200 (`out of shared memory`), whose hint names max_locks_per_transaction.
 */
export function isOutOfSharedMemory(error: unknown): boolean {
  const { message } = (error ?? {}) as { message?: unknown };
  return sqlState(error) === '53200' && typeof message === 'string' && message.includes('shared memory');
}

/** What to do about it, appended to the error line. */
export const LOCK_TABLE_REMEDY =
  "the server's lock table is full: raise max_locks_per_transaction (a server restart), or split the revision into several";
