import type { Driver } from '../../pg/driver.js';
import { backendPid, readLockWait, type LockWait } from '../../pg/lock-wait.js';
import { maskCredentials } from '../../util/mask.js';

/** When a running step is first checked for a lock wait, and how often after that. */
const FIRST_POLL_MS = 50;
const POLL_MS = 200;

/**
 * Watches, from a second connection, whether the run's connection waits for a
 * lock while a step runs, and remembers the last wait it saw, so a lock
 * timeout can say which lock it waited for and who held it.
 */
export class LockWatch {
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> = Promise.resolve();
  private seen: LockWait | null = null;

  private constructor(
    private readonly watcher: Driver,
    private readonly pid: number,
  ) {}

  /** A watch of `driver`'s backend, or null when the driver cannot open a second connection. */
  static async open(driver: Driver): Promise<LockWatch | null> {
    if (!driver.connectAgain) return null;
    const pid = await backendPid(driver);
    const watcher = await driver.connectAgain().catch(() => null);
    return watcher ? new LockWatch(watcher, pid) : null;
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
    await this.watcher.close().catch(() => undefined);
  }

  private async poll(): Promise<void> {
    const wait = await readLockWait(this.watcher, this.pid).catch(() => null);
    if (wait) this.seen = wait;
  }
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
