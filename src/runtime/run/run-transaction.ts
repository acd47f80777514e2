import type { Statement } from '../../pg/ddl/statement.js';
import { FLUSH_COMMITS, timeoutSql, TX, type TimeoutSetting } from '../../pg/lock.js';
import { scriptStatement } from '../../pg/offline-script.js';
import { errorMessage } from '../../util/errors.js';
import type { RevisionHeader } from '../files/revision-file.js';
import type { SqlSession } from './session.js';

/**
 * The transaction a migration run is in, and the session's timeouts: what
 * the step runner (execute-steps.ts) keeps track of between statements.
 */

export interface Timeouts {
  lockTimeout: string | null;
  statementTimeout: string | null;
}

/** A statement that failed, remembered so the error can name it. */
export class StatementFailure extends Error {
  constructor(
    readonly sql: string,
    readonly original: unknown,
  ) {
    super(errorMessage(original));
  }
}

/** A COMMIT that failed (a deferred constraint or trigger), remembered so the error can say so. */
export class CommitFailure extends Error {
  constructor(readonly original: unknown) {
    super(errorMessage(original));
  }
}

function bookkeepingFailure(bookkeeping: Statement[], error: unknown): StatementFailure {
  return new StatementFailure(bookkeeping.map(scriptStatement).join(' '), error);
}

/** The transaction a run is in, if any, and whether an `op.autocommit` block is running. */
export class Transaction {
  open = false;
  autocommitting = false;
  /** Set when an autocommit block committed part of the current revision. */
  committedPart = false;
  /** The op.autocommit blocks the current revision has started. */
  blocks = 0;
  /** When the revision resumes: the block it resumes at (see resume.ts). */
  resumeFrom: number | null = null;
  /** Set when a revision committed without waiting for the WAL flush, and nothing flushed it since. */
  unflushed = false;

  constructor(private readonly session: SqlSession) {}

  async begin(): Promise<void> {
    await this.session.execute({ sql: TX.begin });
    this.open = true;
  }

  async commit(): Promise<void> {
    try {
      await this.session.execute({ sql: TX.commit });
    } catch (error) {
      throw new CommitFailure(error);
    }
    this.open = false;
  }

  /**
   * The bookkeeping of a revision, then COMMIT and, when `beginNext`, the next
   * revision's BEGIN: online, one round trip (a script). When it fails, one
   * more statement finds where: refused as in a failed transaction, a
   * bookkeeping statement failed and the transaction is still to roll back
   * (a StatementFailure naming them); accepted, COMMIT failed and the server
   * rolled back (a CommitFailure).
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
    const control = beginNext
      ? [...(async ? [{ sql: TX.asyncCommit }] : []), { sql: TX.commit }, { sql: TX.begin }]
      : [{ sql: TX.commit }];
    try {
      await this.session.executeBatch([...bookkeeping, ...control]);
    } catch (error) {
      if (this.session.offline || (await this.failedInTransaction())) throw bookkeepingFailure(bookkeeping, error);
      this.open = false;
      throw new CommitFailure(error);
    }
    this.open = beginNext;
    // A COMMIT that waits (of a transaction that wrote: this one wrote its history row) flushes every one before it.
    this.unflushed = async;
  }

  /**
   * Waits until every commit of the run is on disk (after a failure, before
   * the run reports what it applied). Outside a transaction; a no-op when no
   * commit of the run skipped the wait.
   */
  async flush(): Promise<void> {
    if (!this.unflushed) return;
    await this.session.executeBatch(FLUSH_COMMITS);
    this.unflushed = false;
  }

  /** The bookkeeping of a revision in the run's one transaction: one round trip online. */
  async write(bookkeeping: Statement[]): Promise<void> {
    try {
      await this.session.executeBatch(bookkeeping);
    } catch (error) {
      throw bookkeepingFailure(bookkeeping, error);
    }
  }

  /** After a failed script: whether the session is still in the (failed) transaction. */
  private async failedInTransaction(): Promise<boolean> {
    try {
      await this.session.execute({ sql: TX.probe });
      return false;
    } catch {
      return true;
    }
  }

  async rollback(): Promise<void> {
    this.open = false;
    await this.session.execute({ sql: TX.rollback });
  }

  /** An operation outside the blocks, before the block a resumed revision starts at: it committed before. */
  skipping(): boolean {
    return this.resumeFrom !== null && !this.autocommitting && this.blocks <= this.resumeFrom;
  }

  /** Runs `fn` outside a transaction; `beforeCommit` runs in the transaction it commits. A resumed revision's earlier blocks are skipped. */
  async autocommit(fn: () => Promise<void>, beforeCommit: (block: number) => Promise<void>): Promise<void> {
    const block = this.blocks++;
    if (this.resumeFrom !== null && block < this.resumeFrom) return;
    const wasOpen = this.open;
    if (wasOpen) {
      await beforeCommit(block);
      await this.commit();
    }
    this.autocommitting = true;
    this.committedPart = true;
    try {
      await fn();
    } finally {
      this.autocommitting = false;
    }
    if (wasOpen) await this.begin();
  }
}

/** A value no setting has: the next `apply` sets every timeout. */
const FORGOTTEN = '\0forgotten';

/** Sets each timeout when the revision about to run needs a different value than the session has. */
export class TimeoutTracker {
  private readonly current: Record<TimeoutSetting, string | null> = { lock_timeout: null, statement_timeout: null };

  constructor(
    private readonly session: SqlSession,
    private readonly run: Timeouts,
  ) {}

  /** After a rollback: a `SET` inside the rolled-back transaction was undone, so set each again. */
  forget(): void {
    this.current.lock_timeout = this.current.statement_timeout = FORGOTTEN;
  }

  /** Runs `fn` with no lock_timeout (outside a transaction: the setting is the session's), then sets it back. */
  async withoutLockTimeout(fn: () => Promise<void>): Promise<void> {
    const previous = this.current.lock_timeout;
    if (previous === null || previous === FORGOTTEN) return fn();
    await this.set('lock_timeout', '0');
    try {
      await fn();
    } finally {
      await this.set('lock_timeout', previous);
    }
  }

  async apply(header: RevisionHeader): Promise<void> {
    await this.set('lock_timeout', header.lockTimeout ?? this.run.lockTimeout);
    await this.set('statement_timeout', header.statementTimeout ?? this.run.statementTimeout);
  }

  private async set(setting: TimeoutSetting, value: string | null): Promise<void> {
    if (this.current[setting] === value) return;
    await this.session.execute(timeoutSql(setting, value));
    this.current[setting] = value;
  }
}
