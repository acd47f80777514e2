import { PipelineError, type PipelineStatement } from '../../pg/pipeline.js';
import { scriptStatement } from '../../pg/offline-script.js';
import type { Statement } from '../../pg/ddl/statement.js';
import { CommitFailure, StatementFailure } from './failures.js';
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
 * it comes.
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

/** A queued statement that failed: the step it belongs to, and the failure as the runner reports it. */
export class QueuedFailure extends Error {
  constructor(
    readonly step: number,
    readonly failure: StatementFailure | CommitFailure,
  ) {
    super(failure.message);
  }
}

/** How many statements wait at most before they are sent, and for how long at most (ms) the first of them waits. */
const MAX_WAITING = 2000;
const MAX_WAIT_MS = 50;

export class StatementQueue {
  private items: Queued[] = [];
  private since = 0;
  /** Whether statements wait for a flush (true) or are sent as they come. */
  deferring = false;
  /** The step running: what is queued belongs to it. */
  step = 0;

  constructor(
    private readonly session: SqlSession,
    /** Told, in order, of each step whose last statement ran. */
    private readonly onStepDone: (step: number) => void,
  ) {}

  /** Queues a statement (sends it at once when not deferring). */
  async push(role: QueuedRole, statement: Pick<Statement, 'sql' | 'params'>, ends = false): Promise<void> {
    if (this.items.length === 0) this.since = performance.now();
    const { sql, params } = statement;
    this.items.push({ statement: { sql, ...(params ? { params } : {}), flush: ends }, step: this.step, role, ends });
    if (!this.deferring) await this.flush();
  }

  /** Whether enough waits, or long enough, that it should be sent now. */
  due(): boolean {
    return this.items.length >= MAX_WAITING || (this.items.length > 0 && performance.now() - this.since >= MAX_WAIT_MS);
  }

  /** Drops what a step queued but its BEGIN: its revision failed in its own code before any of it was sent. */
  drop(step: number): void {
    this.items = this.items.filter((item) => item.step !== step || item.role === 'begin');
  }

  /**
   * The failure of the last flush, until the run has dealt with it (`recovered`):
   * every flush throws it again, so a revision that catches it (around an
   * `op.query`, say) cannot make the run go on past it.
   */
  failure: QueuedFailure | null = null;

  /** The run rolled back after `failure`: the queue sends again. */
  recovered(): void {
    this.failure = null;
    this.items = [];
  }

  /** Sends every waiting statement; a failure is a QueuedFailure, and what came after it did not run. */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    const done = (index: number): void => {
      const item = items[index]!;
      if (item.ends) this.onStepDone(item.step);
    };
    try {
      await this.session.pipeline(
        items.map((item) => item.statement),
        done,
      );
    } catch (error) {
      if (!(error instanceof PipelineError)) throw error;
      this.failure = failureOf(items, error);
      throw this.failure;
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
