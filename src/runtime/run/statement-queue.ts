import type { PipelineStatement } from '../../pg/connection/driver-interface.js';
import { PipelineError } from '../../pg/connection/pipeline.js';
import { scriptStatement } from '../../pg/run/offline-script.js';
import type { Statement } from '../../pg/ddl/statement.js';
import { CommitFailure, QueuedFailure, StatementFailure } from './failures.js';
import type { RunState } from './run-state.js';
import type { SqlSession } from './session.js';

/**
 * The statements of a run waiting to be sent, each with the step (the index
 * of its revision in the run) it belongs to and its role. While the queue
 * defers, statements collect until `flush` sends them in one pipeline: the
 * revisions run one after the other on the server, each in its own
 * transaction, as they would one statement at a time, but without a round
 * trip per statement. Whatever needs an answer from the server first (a read,
 * a statement run on its own) flushes the queue. While it does not defer (a
 * revision that commits part way, a `--sql` script), each statement is sent as
 * it comes. Whether it defers, which step a statement belongs to, and a
 * failure of what it sent are the run's (run-state.ts): the queue reads them
 * and tells the run of each step done and of a failure.
 */

type QueuedRole =
  /** A statement of the revision (or a setting for it): it failed in the revision. */
  | 'statement'
  /** The version and history rows. */
  | 'bookkeeping'
  /** The revision's COMMIT. */
  | 'commit'
  /** The BEGIN of the revision's transaction: kept when what the revision queued is dropped. */
  | 'begin';

interface Queued {
  readonly statement: PipelineStatement;
  readonly step: number;
  readonly role: QueuedRole;
  /** The last statement of its step: the step is done once it ran. */
  readonly ends: boolean;
}

/** How many statements wait at most before they are sent, and for how long at most (ms) the first of them waits. */
const MAX_WAITING = 2000;
const MAX_WAIT_MS = 50;

export class StatementQueue {
  private items: Queued[] = [];
  private since = 0;

  constructor(
    private readonly session: SqlSession,
    /** The run the statements belong to: told, in order, of each step whose last statement ran. */
    private readonly run: RunState,
  ) {}

  /** Queues a statement of the step running (sends it at once when the run does not defer). */
  async push(role: QueuedRole, statement: Pick<Statement, 'sql' | 'params'>, ends = false): Promise<void> {
    if (this.items.length === 0) this.since = performance.now();
    const { sql, params } = statement;
    const step = this.run.position;
    this.items.push({ statement: { sql, ...(params ? { params } : {}), flush: ends }, step, role, ends });
    if (!this.run.deferring) await this.flush();
  }

  /** Whether enough waits, or long enough, that it should be sent now. */
  due(): boolean {
    return this.items.length >= MAX_WAITING || (this.items.length > 0 && performance.now() - this.since >= MAX_WAIT_MS);
  }

  /** Drops what a step queued but its BEGIN: its revision failed in its own code before any of it was sent. */
  drop(step: number): void {
    this.items = this.items.filter((item) => item.step !== step || item.role === 'begin');
  }

  /** After a failure of what was sent: what waits is dropped, it belongs to revisions that roll back. */
  discard(): void {
    this.items = [];
  }

  /**
   * Sends every waiting statement; a failure is a QueuedFailure, and what came
   * after it did not run. Until the run has dealt with a failure, every flush
   * throws it again (see RunState.failure).
   */
  async flush(): Promise<void> {
    const failed = this.run.failure;
    if (failed) throw failed;
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    const done = (index: number): void => {
      const item = items[index]!;
      if (item.ends) this.run.stepDone(item.step);
    };
    try {
      await this.session.pipeline(
        items.map((item) => item.statement),
        done,
      );
    } catch (error) {
      if (!(error instanceof PipelineError)) throw error;
      const failure = failureOf(items, error);
      this.run.sendFailed(failure);
      throw failure;
    }
  }
}

function failureOf(items: readonly Queued[], error: PipelineError): QueuedFailure {
  const item = items[error.index]!;
  switch (item.role) {
    case 'commit':
      return new QueuedFailure(item.step, new CommitFailure(error.original));
    case 'bookkeeping': {
      const bookkeeping = items.filter((other) => other.step === item.step && other.role === 'bookkeeping');
      const sql = bookkeeping.map((other) => scriptStatement(other.statement)).join(' ');
      return new QueuedFailure(item.step, new StatementFailure(sql, error.original));
    }
    case 'statement':
    case 'begin':
      return new QueuedFailure(item.step, new StatementFailure(item.statement.sql, error.original));
    default:
      throw new Error(`unknown role ${String(item.role satisfies never)}`);
  }
}
