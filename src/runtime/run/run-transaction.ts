import type { Statement } from '../../pg/ddl/statement.js';
import { FLUSH_COMMITS, timeoutSql, TX, type TimeoutSetting } from '../../pg/locks/lock.js';
import type { OnlineWait } from '../../pg/locks/lock-wait.js';
import type { RevisionHeader } from '../files/revision-file.js';
import { CommitFailure } from './failures.js';
import type { RunState } from './run-state.js';
import type { StatementQueue } from './statement-queue.js';
import type { SqlSession } from './session.js';

/**
 * The transaction statements of a migration run, and the session's timeouts:
 * what the step runner (execute-steps.ts) sends around each revision.
 */

export interface Timeouts {
  lockTimeout: string | null;
  statementTimeout: string | null;
  /** The bound of a statement that blocks neither reads nor writes, outside a transaction (`DEFAULT_ONLINE_WAIT` when absent). */
  onlineWait?: OnlineWait;
}

/** The online wait of a run that names none: ten minutes, then the revision fails (and the next run resumes it). */
const DEFAULT_ONLINE_WAIT: OnlineWait = { timeout: '10min', policy: 'fail' };

/**
 * BEGIN, COMMIT and ROLLBACK of a run, and its op.autocommit blocks: sent
 * through the queue or the session, each told to the run (run-state.ts),
 * which keeps whether a transaction is open.
 */
export class Transaction {
  constructor(
    private readonly session: SqlSession,
    private readonly queue: StatementQueue,
    private readonly run: RunState,
  ) {}

  /** BEGIN, queued. */
  async begin(): Promise<void> {
    await this.queue.push('begin', { sql: TX.begin });
    this.run.began();
  }

  /** COMMIT on its own, once the queue is sent (an op.autocommit block, the end of a single-transaction run). */
  async commit(): Promise<void> {
    await this.queue.flush();
    try {
      await this.session.execute({ sql: TX.commit });
    } catch (error) {
      throw new CommitFailure(error);
    }
    this.run.committed();
  }

  /**
   * Queues the bookkeeping of the step, then COMMIT and, when `beginNext`,
   * the next revision's BEGIN. A failure of any of them is reported with the
   * step (see StatementQueue): a bookkeeping statement's names them all, and
   * after a failed COMMIT the server has rolled back.
   *
   * Online, a COMMIT that another revision of the run follows does not wait
   * for the WAL flush (`TX.asyncCommit`): the run's last COMMIT waits, and it
   * flushes every commit before it, so a run that ends well ends durable. A
   * server crash before then loses whole revisions from the end, never part
   * of one: each one's changes and version rows commit together. A run that
   * fails flushes before it says where the database is (`flush`).
   */
  async commitWith(bookkeeping: Statement[], beginNext: boolean): Promise<void> {
    const async = beginNext && !this.session.offline;
    for (const statement of bookkeeping) await this.queue.push('bookkeeping', statement);
    if (async) await this.queue.push('statement', { sql: TX.asyncCommit });
    await this.queue.push('commit', { sql: TX.commit }, true);
    this.run.committed(async);
    if (beginNext) await this.begin();
  }

  /**
   * Waits until every commit of the run is on disk (after a failure, before
   * the run reports what it applied). Outside a transaction; a no-op when no
   * commit of the run skipped the wait.
   */
  async flush(): Promise<void> {
    if (!this.run.unflushed) return;
    await this.session.executeBatch(FLUSH_COMMITS);
    this.run.flushed();
  }

  /** The bookkeeping of the step in the run's one transaction: the step is done once it ran. */
  async write(bookkeeping: Statement[]): Promise<void> {
    for (const [i, statement] of bookkeeping.entries())
      await this.queue.push('bookkeeping', statement, i === bookkeeping.length - 1);
  }

  async rollback(): Promise<void> {
    this.run.rolledBack();
    await this.session.execute({ sql: TX.rollback });
  }

  /**
   * Runs `fn` outside a transaction; `beforeCommit` runs in the transaction
   * it commits. A resumed revision's blocks before the one it resumes at are
   * skipped.
   */
  async autocommit(fn: () => Promise<void>, beforeCommit: (block: number) => Promise<void>): Promise<void> {
    const { block, runs } = this.run.countBlock();
    if (!runs) return;
    const wasOpen = this.run.open;
    if (wasOpen) {
      await beforeCommit(block);
      await this.commit();
    }
    this.run.enterBlock();
    try {
      await fn();
    } finally {
      this.run.leaveBlock();
    }
    if (wasOpen) await this.begin();
  }
}

/** Sets each timeout when the revision about to run needs a different value than the session has (the run's state keeps what it has). */
export class TimeoutTracker {
  constructor(
    private readonly queue: StatementQueue,
    private readonly state: RunState,
    private readonly run: Timeouts,
  ) {}

  /** After a rollback: a `SET` inside the rolled-back transaction was undone, so set each again. */
  forget(): void {
    this.state.settingsUndone();
  }

  /** The run's bound and policy for a statement that blocks neither reads nor writes. */
  get onlineWait(): OnlineWait {
    return this.run.onlineWait ?? DEFAULT_ONLINE_WAIT;
  }

  /** The lock_timeout the session has now (null: the server's default). */
  get lockTimeout(): string | null {
    return this.state.setting('lock_timeout') ?? null;
  }

  /**
   * Runs `fn` with the online wait's lock_timeout instead of the run's
   * (outside a transaction: the setting is the session's), then sets it back.
   */
  async withOnlineWait(fn: () => Promise<void>): Promise<void> {
    const previous = this.state.setting('lock_timeout');
    const bound = this.onlineWait.timeout ?? '0';
    if (previous === bound) return fn();
    await this.set('lock_timeout', bound);
    try {
      await fn();
    } finally {
      await this.set('lock_timeout', previous ?? null);
    }
  }

  async apply(header: RevisionHeader): Promise<void> {
    await this.set('lock_timeout', header.lockTimeout ?? this.run.lockTimeout);
    await this.set('statement_timeout', header.statementTimeout ?? this.run.statementTimeout);
  }

  private async set(setting: TimeoutSetting, value: string | null): Promise<void> {
    if (this.state.setting(setting) === value) return;
    await this.queue.push('statement', timeoutSql(setting, value));
    this.state.settingSent(setting, value);
  }
}
