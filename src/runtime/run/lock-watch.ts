import type { Driver } from '../../pg/connection/driver.js';
import { backendPid, readLockWait, terminateIdleHolders, type LockWait } from '../../pg/locks/lock-wait.js';
import { maskCredentials } from '../../util/mask.js';

/** When a running step is first checked for a lock wait, and how often after that. */
const FIRST_POLL_MS = 50;
const POLL_MS = 200;

/** Told what the run's connection waits for, and for how long (whole seconds); null once it waits no more. */
type WaitListener = (wait: LockWait | null, waitedSeconds: number) => void;

/**
 * Watches, from a second connection, whether the run's connection waits for a
 * lock while a step runs, and remembers the last wait it saw, so a lock
 * timeout can say which lock it waited for and who held it. A listener is
 * told of each wait as it goes on: again whenever what it reads changes (a
 * holder's duration, in whole seconds, changes once a second), and once when
 * it ends. The second connection is opened by the first check (a run that
 * ends sooner opens none) and kept until `close`.
 */
export class LockWatch {
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> = Promise.resolve();
  private seen: LockWait | null = null;
  /** When the current wait was first seen (ms), or null when none goes on. */
  private since: number | null = null;
  /** What the listener was last told, to tell it only of changes. */
  private told = '';
  private listener: WaitListener | null = null;
  /** The second connection, once a check opened it; null when it could not be opened. */
  private watcher: Promise<Driver | null> | null = null;

  private constructor(
    private readonly connectAgain: () => Promise<Driver>,
    private readonly pid: number,
  ) {}

  /** A watch of `driver`'s backend, or null when the driver cannot open a second connection. */
  static async open(driver: Driver): Promise<LockWatch | null> {
    const { connectAgain } = driver;
    if (!connectAgain) return null;
    return new LockWatch(() => connectAgain.call(driver), await backendPid(driver));
  }

  /** The second connection, opened by the first call. */
  private connection(): Promise<Driver | null> {
    this.watcher ??= this.connectAgain().catch(() => null);
    return this.watcher;
  }

  /** Tells `listener` of each wait from now on. */
  listen(listener: WaitListener): void {
    this.listener = listener;
  }

  start(): void {
    this.seen = null;
    this.schedule(FIRST_POLL_MS);
  }

  /** A step ended: a wait seen before now was not the next step's. */
  mark(): void {
    this.seen = null;
  }

  /** Stops polling; returns the last lock wait seen since `start` or `mark`. */
  async stop(): Promise<LockWait | null> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.polling;
    this.report(null);
    return this.seen;
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.polling = this.poll().then(() => {
        if (this.timer) this.schedule(POLL_MS);
      });
    }, delay);
  }

  async close(): Promise<void> {
    await this.stop();
    await (await this.watcher)?.close().catch(() => undefined);
  }

  /**
   * Ends the sessions idle in a transaction that the last wait seen waited
   * for (the `terminate-idle` policy of an online wait); returns their pids.
   */
  async terminateIdle(): Promise<number[]> {
    const pids = (this.seen?.holders ?? []).filter((h) => h.state?.startsWith('idle in transaction')).map((h) => h.pid);
    const watcher = pids.length === 0 ? null : await this.connection();
    return watcher === null ? [] : terminateIdleHolders(watcher, pids).catch(() => []);
  }

  private async poll(): Promise<void> {
    const watcher = await this.connection();
    const wait = watcher === null ? null : await readLockWait(watcher, this.pid).catch(() => null);
    if (wait) this.seen = wait;
    this.report(wait);
  }

  private report(wait: LockWait | null): void {
    if (wait === null) {
      this.since = null;
      if (this.told !== '') this.listener?.(null, 0);
      this.told = '';
      return;
    }
    this.since ??= Date.now();
    const waited = Math.floor((Date.now() - this.since) / 1000);
    const key = JSON.stringify([wait, waited]);
    if (key === this.told) return;
    this.told = key;
    this.listener?.(wait, waited);
  }
}

/**
 * The terminal's line for a wait: `waiting for pid 123, idle in transaction
 * for 40 s: UPDATE ... (ShareLock on virtualxid; waited 12 s of 10min)`.
 * `bound` is the lock_timeout in effect (null or 0: none).
 */
export function waitingLine(wait: LockWait, waitedSeconds: number, bound: string | null): string {
  const holders = wait.holders.map(
    (h) => `pid ${h.pid}, ${h.state ?? 'unknown state'} for ${h.seconds} s: ${maskCredentials(shortQuery(h.query))}`,
  );
  const limit = bound === null || /^0+(\.0*)?\s*[a-z]*$/.test(bound) ? ', no bound' : ` of ${bound}`;
  return `waiting for ${holders.join('; ')} (${wait.mode} on ${wait.object}; waited ${waitedSeconds} s${limit})`;
}

/** `it waited for AccessExclusiveLock on relation public.t, held by process 123 (...)`. */
export function describeLockWait(wait: LockWait | null): string {
  if (!wait) return 'the process holding the lock was not seen (it finished or the wait was too short to observe)';
  const holders = wait.holders.map(
    (h) =>
      `process ${h.pid} (${h.state ?? 'unknown state'} for ${h.seconds}s: ${maskCredentials(shortQuery(h.query))})`,
  );
  return `it waited for ${wait.mode} on ${wait.object}, held by ${holders.join(', ')}`;
}

function shortQuery(query: string, max = 160): string {
  const flat = query.replace(/\s+/g, ' ').trim() || '(no query)';
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}
