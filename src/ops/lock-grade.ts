import { LOCK, type Hazard } from './hazard-codes.js';

/** The text of a brief ACCESS EXCLUSIVE lock that no `lock_timeout` bounds. */
const LOCK_WITHOUT_TIMEOUT =
  'takes an ACCESS EXCLUSIVE lock with no lock_timeout: every query on the table waits behind it';

/**
 * Whether a run's `lock_timeout` bounds the wait for a lock: unset means the
 * run's default (5s), `0` turns it off.
 */
function lockTimeoutBounds(lockTimeout: string | null | undefined): boolean {
  return lockTimeout === null || lockTimeout === undefined || !/^0+(\.0*)?\s*[a-z]*$/i.test(lockTimeout.trim());
}

/**
 * The hazards of one operation (or one statement), graded by what their
 * ACCESS EXCLUSIVE lock costs. Held for a change of the catalog only (adding a
 * nullable column or one with a constant default, dropping a column or a
 * constraint, setting a default), the lock lasts milliseconds; what it costs
 * is the wait for it, during which every query on the table queues behind it.
 * A `lock_timeout` bounds that wait (the statement gives up and the run tries
 * again), so under one such a lock is no hazard; without one it is, and says
 * so. Held for a rewrite or a scan, the lock lasts as long as they do: a
 * hazard whatever the timeout.
 */
export function gradeLocks(hazards: readonly Hazard[], lockTimeout: string | null | undefined): Hazard[] {
  const long = hazards.some((h) => h.kind === 'rewrite' || h.kind === 'scan');
  if (long) return [...hazards];
  if (lockTimeoutBounds(lockTimeout)) return hazards.filter((h) => h.code !== 'access-exclusive');
  return hazards.map((h) =>
    h.code === 'access-exclusive' ? { ...h, message: h.message.replace(LOCK, LOCK_WITHOUT_TIMEOUT) } : h,
  );
}
