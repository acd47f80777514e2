import type { Statement } from '../ddl/statement.js';
import type { Driver } from '../connection/driver.js';
import { assertSessionConnection } from '../connection/pooler.js';
import { quoteLiteral } from '../quote.js';
import { isLockTimeout } from './lock-wait.js';

/** A stable 64-bit advisory lock key (as text) for a scope; different scopes give different keys. */
export function lockKeyFor(scope: string): string {
  return fnv1a64(`athanor:${scope}`);
}

/**
 * The advisory lock key of the version table `schema`.`name`. Names without
 * a dot keep the key `schema.name` has always given; a name with a dot is
 * hashed with a NUL between the parts (no identifier holds one), so schema
 * `a.b` with table `c` and schema `a` with table `b.c` get different keys.
 */
export function versionTableLockKey(schema: string, name: string): string {
  return schema.includes('.') || name.includes('.')
    ? lockKeyFor(`${schema}\0${name}`)
    : lockKeyFor(`${schema}.${name}`);
}

function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return BigInt.asIntN(64, hash).toString();
}

/**
 * Runs `fn` holding a session-level advisory lock, so concurrent runs against
 * one database take turns. `onWait` is called once when another run holds it.
 * A connection through a transaction-mode pooler, where the lock would not
 * hold, is refused first.
 */
export async function withAdvisoryLock<T>(
  driver: Driver,
  key: string,
  onWait: () => void,
  fn: () => Promise<T>,
): Promise<T> {
  await assertSessionConnection(driver);
  const { rows } = await driver.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [key]);
  if (!rows[0]?.ok) {
    onWait();
    await driver.query('SELECT pg_advisory_lock($1::bigint)', [key]);
  }
  try {
    return await fn();
  } finally {
    await driver.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
  }
}

/** The lock and unlock statements of a `--sql` script (the key is a plain integer). */
export function advisoryLockSql(key: string): { lock: Statement; unlock: Statement } {
  if (!/^-?\d+$/.test(key)) throw new Error(`invalid advisory lock key ${key}`);
  return {
    lock: { sql: `SELECT pg_advisory_lock(${key})`, transactional: true },
    unlock: { sql: `SELECT pg_advisory_unlock(${key})`, transactional: true },
  };
}

export type TimeoutSetting = 'lock_timeout' | 'statement_timeout';

/** Sets a timeout for the session (`'5s'`, `'500ms'`), or back to the server's default with null. */
export function timeoutSql(setting: TimeoutSetting, value: string | null): Statement {
  const sql = value === null ? `RESET ${setting}` : `SET ${setting} = ${quoteLiteral(value)}`;
  return { sql, transactional: true };
}

/** Transaction control, kept here with the rest of the SQL text. */
export const TX = {
  begin: 'BEGIN',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  /**
   * Right before a COMMIT: this transaction's COMMIT returns without waiting
   * for its WAL to reach disk (or a synchronous standby). The setting in force
   * at COMMIT is the one that counts; `LOCAL` ends with the transaction.
   */
  asyncCommit: 'SET LOCAL synchronous_commit = off',
} as const;

/**
 * A transaction that writes a commit record and commits as the session is
 * set (synchronously unless the user turned it off): its COMMIT returns once
 * the WAL up to it, so every transaction committed before it, is flushed.
 * `pg_current_xact_id()` gives it a transaction id, without which a COMMIT
 * writes nothing and waits for nothing.
 */
export const FLUSH_COMMITS: readonly Statement[] = [
  { sql: TX.begin, transactional: true },
  { sql: 'SELECT pg_current_xact_id()', transactional: true },
  { sql: TX.commit, transactional: true },
];

/** How often a transaction that timed out on a lock is tried again before the timeout is the caller's. */
const LOCK_ATTEMPTS = 50;

/**
 * Runs `work` in a transaction that ends with `end` (COMMIT, or ROLLBACK for a
 * trial), begun again while it fails on a lock timeout: each time the queue
 * behind its lock request goes on, and it waits a little longer before the
 * next try (at most 1 s), 50 tries in all. Any other error rolls back and is thrown.
 */
export async function retriedOnLockTimeout<T>(
  driver: Driver,
  end: 'commit' | 'rollback',
  work: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await driver.exec(TX.begin);
    try {
      const result = await work();
      await driver.exec(TX[end]);
      return result;
    } catch (error) {
      await driver.exec(TX.rollback).catch(() => undefined);
      if (!isLockTimeout(error) || attempt >= LOCK_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * attempt, 1000)));
    }
  }
}
