import { AthanorError } from '../../util/errors.js';
import type { Driver } from './driver.js';
import { backendPid } from '../locks/lock-wait.js';

/** Statements outside a transaction compared: a transaction-mode pool hands each to any server process. */
const PROBES = 3;

/**
 * Refuses a connection whose server process changes between statements
 * outside a transaction, as behind a connection pooler in transaction mode:
 * a session-level advisory lock taken there would not hold.
 */
export async function assertSessionConnection(driver: Driver): Promise<void> {
  if (driver.kind !== 'server') return;
  const pids = new Set<number>();
  for (let i = 0; i < PROBES; i++) pids.add(await backendPid(driver));
  if (pids.size > 1) {
    throw new AthanorError(
      'transaction-pooler',
      `the connection to ${driver.display} changes server process between statements (a connection pooler in transaction mode), so the migration lock would not hold; run migrations over a direct connection to the database (or a session-mode pool)`,
    );
  }
}
