import { basename } from 'node:path';
import { isOutOfSharedMemory, LOCK_TABLE_REMEDY } from '../../pg/locks/lock-table.js';
import { BACKFILL_PLACEHOLDER } from '../../ops/families/backfill.js';
import { USING_PLACEHOLDER } from '../../ops/families/columns.js';
import type { Operation } from '../../ops/operation.js';
import type { NameMapper } from '../../schema/names/map-model-names.js';
import { isLockTimeout, type LockWait } from '../../pg/locks/lock-wait.js';
import { historyInsertSql, stepClockSql, versionChangeSql, type Bookkeeping } from '../../pg/run/version-table.js';
import { AthanorError } from '../../util/errors.js';
import { maskCredentials, maskedMessage } from '../../util/mask.js';
import { revisionChecksum } from '../files/checksum.js';
import { OpCalls } from '../op-calls.js';
import { Operations } from '../operations.js';
import type { Step } from '../graph/plan.js';
import type { RevisionHeader } from '../files/revision-file.js';
import type { RevisionGraph } from '../graph/revision-graph.js';
import { CommitFailure, QueuedFailure, StatementFailure } from './failures.js';
import type { BackfillProgress } from './backfill.js';
import { loadRevisions, type RevisionFunction, type RevisionModules } from './load-revisions.js';
import { describeLockWait, type LockWatch } from './lock-watch.js';
import { resumePoint } from './resume.js';
import { backendFor, DEFAULT_LOCK_RETRIES, oneLine, type BackendRun, type LockRetries } from './revision-backend.js';
import { RunState } from './run-state.js';
import { TimeoutTracker, Transaction, type Timeouts } from './run-transaction.js';
import { StatementQueue } from './statement-queue.js';
import type { SqlSession } from './session.js';

export type RunEvent =
  | { type: 'lock-wait' }
  | { type: 'edited'; revision: string; path: string }
  | { type: 'step-start'; step: Step; transactional: boolean; singleTransaction: boolean }
  | { type: 'step-done'; step: Step; milliseconds: number }
  | { type: 'lock-retry'; step: Step; attempt: number; delayMs: number }
  /** A non-transactional revision runs again from its op.autocommit block `block`: what came before committed on an earlier run. */
  | { type: 'resumed'; step: Step; block: number }
  /**
   * What the run's connection waits for, told again as it changes (about once a
   * second) and with null once the wait is over; `bound` is its lock_timeout.
   */
  | { type: 'lock-waiting'; wait: LockWait | null; waitedSeconds: number; bound: string | null }
  /** The online wait's `terminate-idle` policy ended these sessions, idle in a transaction the step waited for. */
  | { type: 'terminated-idle'; step: Step; pids: number[] }
  /** A backfill's progress, after each batch, and once more when it is done. */
  | ({ type: 'backfill'; step: Step } & BackfillProgress);

export { DEFAULT_LOCK_RETRIES, type LockRetries } from './revision-backend.js';
export type { Timeouts } from './run-transaction.js';

export interface StepOptions {
  tables: Bookkeeping;
  /** One transaction per revision (true), or one for the whole run. */
  transactionPerRevision: boolean;
  /** The run's timeouts; a revision's own `lockTimeout` / `statementTimeout` win while it runs. */
  timeouts: Timeouts;
  onEvent?: (event: RunEvent) => void;
  /** Renames what each operation and `op.query` name (a tenant of a schema-per-tenant fleet). */
  names?: NameMapper;
  /** Revision modules already imported (by the other tenants of a fleet run). */
  modules?: RevisionModules;
  /** Watches what the run's connection waits for while a step runs (online runs on a server). */
  lockWatch?: LockWatch | null;
  /** Retries of a step that failed on its lock timeout (one transaction per revision only). */
  lockRetries?: LockRetries;
  /** Told of each operation a revision runs, before it is compiled (`migrate lint` records them). */
  onOperation?: (op: Operation, context: { revision: RevisionHeader; autocommit: boolean }) => void;
}

/**
 * A run of steps: what every step and every attempt shares. Its state is
 * `state`'s (run-state.ts); the queue, the transaction and the timeouts are
 * made with it and move it.
 */
interface StepRun extends BackendRun {
  steps: Step[];
  options: StepOptions;
}

/**
 * Runs the steps through a session: each revision in its own transaction, or
 * all in one; the version rows and a history row are written with each step.
 * Every revision file is loaded first, so a broken one stops the run before
 * anything runs. The statements of transactional revisions are sent in
 * pipelines (see StatementQueue): several revisions in one round trip, each
 * still in its own transaction, the step-start and step-done events told as
 * the server gets to each. Returns the version rows at the end.
 */
export async function executeSteps(
  session: SqlSession,
  graph: RevisionGraph,
  steps: Step[],
  current: string[],
  options: StepOptions,
): Promise<string[]> {
  refuseUnwrittenBackfills(steps);
  const functions = await loadRevisions(steps, options.modules);
  // The reading the steps were planned in: a squash's replaced revisions, or the squash.
  const reading = graph.forDatabase([...current, ...steps.map((s) => s.revision.revision)]);
  const run = startRun(session, reading, steps, current, options);
  options.lockWatch?.start();
  try {
    for (let from = 0; ;) {
      try {
        await runSteps(run, functions, from);
        break;
      } catch (error) {
        from = await recover(run, error);
      }
    }
  } finally {
    await options.lockWatch?.stop();
  }
  if (run.state.open) await commitRun(run.tx);
  run.state.finish();
  return run.state.versions;
}

/**
 * A revision whose backfill, or a type change's USING, autogenerate left for
 * its author to write (its file still holds the placeholder) stops the run
 * before anything runs.
 */
function refuseUnwrittenBackfills(steps: readonly Step[]): void {
  const unwritten = steps.find((step) => step.direction === 'up' && step.revision.backfillToWrite === true);
  if (unwritten !== undefined)
    throw new AthanorError(
      'backfill-to-write',
      `${basename(unwritten.revision.path)} has a backfill to write: replace '${BACKFILL_PLACEHOLDER}' in its op.backfill with an SQL expression for each column; nothing was run`,
    );
  const cast = steps.find((step) => step.revision.usingToWrite === true);
  if (cast !== undefined)
    throw new AthanorError(
      'using-to-write',
      `${basename(cast.revision.path)} has a USING expression to write: replace each '${USING_PLACEHOLDER}' in its op.alterColumn calls with an SQL expression of the column's old value; nothing was run`,
    );
}

/** The run's state, then the queue, the transaction and the timeouts that move it. */
function startRun(
  session: SqlSession,
  graph: RevisionGraph,
  steps: Step[],
  current: string[],
  options: StepOptions,
): StepRun {
  const singleTransaction = !options.transactionPerRevision;
  const state = new RunState({
    graph,
    steps,
    current,
    offline: session.offline,
    progress: {
      started: (step) => {
        const transactional = step.revision.transactional !== false;
        options.onEvent?.({ type: 'step-start', step, transactional, singleTransaction });
      },
      done: (step, milliseconds) => {
        options.lockWatch?.mark();
        options.onEvent?.({ type: 'step-done', step, milliseconds });
      },
    },
  });
  const queue = new StatementQueue(session, state);
  const timeouts = new TimeoutTracker(queue, state, options.timeouts);
  options.lockWatch?.listen((wait, waitedSeconds) =>
    options.onEvent?.({ type: 'lock-waiting', wait, waitedSeconds, bound: timeouts.lockTimeout }),
  );
  return {
    session,
    steps,
    options,
    state,
    queue,
    tx: new Transaction(session, queue, state),
    timeouts,
    tables: options.tables,
    transactionPerRevision: options.transactionPerRevision,
    ...(options.names ? { names: options.names } : {}),
    ...(options.lockRetries ? { lockRetries: options.lockRetries } : {}),
    ...(options.onOperation ? { onOperation: options.onOperation } : {}),
    onLockRetry: (step, attempt, delayMs) => options.onEvent?.({ type: 'lock-retry', step, attempt, delayMs }),
    lockWatch: options.lockWatch ?? null,
    onTerminated: (step, pids) => options.onEvent?.({ type: 'terminated-idle', step, pids }),
    onBackfill: (step, progress) => options.onEvent?.({ type: 'backfill', step, ...progress }),
  };
}

/** Runs the steps from `from` on, sending what they queue as it grows and at the end. */
async function runSteps(run: StepRun, functions: Map<Step, RevisionFunction>, from: number): Promise<void> {
  for (let index = from; index < run.steps.length; index++) {
    await attemptStep(run, index, functions.get(run.steps[index]!)!);
    if (run.queue.due()) await run.queue.flush();
  }
  await run.queue.flush();
}

/**
 * Starts step `index`: its transaction, timeouts and revision. A revision that
 * commits part way, and every step of a `--sql` script, runs statement by
 * statement, after what the steps before it queued was sent.
 */
async function attemptStep(run: StepRun, index: number, fn: RevisionFunction): Promise<void> {
  const { session, state, tx, queue, options } = run;
  const step = run.steps[index]!;
  const { deferring } = state.enter(index, !session.offline && step.revision.transactional !== false);
  if (!deferring) await queue.flush();
  if (!state.open) await tx.begin();
  const resumeFrom = options.transactionPerRevision ? await resumePoint(session, options.tables, step) : null;
  state.resumeAt(resumeFrom);
  if (resumeFrom !== null) options.onEvent?.({ type: 'resumed', step, block: resumeFrom });
  await run.timeouts.apply(step.revision);
  await runStep(run, index, fn, deferring);
}

/**
 * Runs one revision's function, then queues the version rows and the history
 * row and, with one transaction per revision, COMMIT (with the next
 * revision's BEGIN, unless it is the last). A deferred step's history row
 * takes its time and duration from the server's clock (`stepClockSql`), since
 * the client does not see it run.
 */
async function runStep(run: StepRun, index: number, fn: RevisionFunction, deferring: boolean): Promise<void> {
  const { session, state, tx, options } = run;
  const step = run.steps[index]!;
  const started = new Date();
  const clock = performance.now();
  const header = step.revision;
  state.announce();
  const verb = step.direction === 'up' ? 'upgrade' : 'downgrade';
  session.note(
    `Running ${verb} ${header.revision}${header.message ? `: ${header.message.split('\n')[0]}` : ''} (${basename(header.path)})`,
  );
  if (deferring) await run.queue.push('statement', stepClockSql());
  const checksum = revisionChecksum(header);
  const calls = new OpCalls(basename(header.path), verb);
  await calls.run(() => fn(new Operations(backendFor(run, step), calls)));
  if (!state.open) await tx.begin();
  const { removed, added } = state.advance();
  const timing = deferring
    ? { appliedAt: 'step-clock' as const, durationMs: null }
    : {
        appliedAt: session.offline ? null : started,
        durationMs: session.offline ? null : Math.round(performance.now() - clock),
      };
  const bookkeeping = [
    ...versionChangeSql(options.tables.version, removed, added),
    historyInsertSql(options.tables.history, { revision: header.revision, action: verb, checksum, ...timing }),
  ];
  if (options.transactionPerRevision) await tx.commitWith(bookkeeping, index < run.steps.length - 1);
  else await tx.write(bookkeeping);
}

/**
 * After a failure: finds the step that failed (one whose statements the
 * queue sent, or the running one, once what the steps before it queued was
 * sent: they would have committed before it ran), puts the run's state back
 * as it was before that step, rolls its transaction back, and either gives
 * the step to run again (a lock timeout with retries left: the steps after it
 * run again too, their statements never ran) or throws its error.
 */
async function recover(run: StepRun, error: unknown): Promise<number> {
  const { session, state, tx, options } = run;
  const { index, failure, open } = await failedStep(run, error);
  const { attempt, committedPart } = state.fail(index, failure, open);
  const wait = (await options.lockWatch?.stop()) ?? null;
  if (state.open && !session.offline) await tx.rollback().catch(() => undefined);
  run.timeouts.forget();
  const retries = options.lockRetries ?? DEFAULT_LOCK_RETRIES;
  const lockTimedOut = !session.offline && isLockTimeout(causeOf(failure));
  if (lockTimedOut && attempt <= retries.count && options.transactionPerRevision && !committedPart) {
    const delayMs = retries.backoffMs * 2 ** (attempt - 1);
    options.onEvent?.({ type: 'lock-retry', step: run.steps[index]!, attempt, delayMs });
    state.retry(delayMs);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    options.lockWatch?.start();
    return index;
  }
  const detail = lockTimedOut ? `; tried ${attempt} time${attempt === 1 ? '' : 's'}: ${describeLockWait(wait)}` : '';
  // What the revisions before it committed is made durable before the run reports it (see Transaction.commitWith).
  await tx.flush().catch(() => undefined);
  throw stepError(run.steps[index]!, failure, options.transactionPerRevision, committedPart, session.offline, detail);
}

/** The step that failed, its failure, and whether its transaction is still open. */
async function failedStep(run: StepRun, error: unknown): Promise<{ index: number; failure: unknown; open: boolean }> {
  const { state, queue } = run;
  // A revision may have caught a failure of what the queue sent and failed otherwise: that failure came first.
  let failed = state.failure ?? error;
  if (!(failed instanceof QueuedFailure)) {
    const position = state.position;
    queue.drop(position);
    try {
      await queue.flush();
      return { index: position, failure: error, open: state.open };
    } catch (flushError) {
      if (!(flushError instanceof QueuedFailure)) return { index: position, failure: flushError, open: state.open };
      failed = flushError;
    }
  }
  const queued = failed as QueuedFailure;
  queue.discard();
  // After a failed COMMIT the server has rolled back; after any other statement its transaction waits for ROLLBACK.
  return { index: queued.step, failure: queued.failure, open: !(queued.failure instanceof CommitFailure) };
}

/** The driver's error behind a failed statement or COMMIT. */
/**
 * A revision that failed while it ran, or a run that failed at COMMIT: the runner
 * adds where the database stands. Its code is the cause's when Athanor raised the
 * cause itself (its remedy is the one to follow), else `revision-failed`.
 */
export class RevisionFailure extends AthanorError {}

function causeOf(error: unknown): unknown {
  return error instanceof StatementFailure || error instanceof CommitFailure ? error.original : error;
}

/** The final COMMIT of a single-transaction run, where deferred constraints and triggers fire. */
async function commitRun(tx: Transaction): Promise<void> {
  try {
    await tx.commit();
  } catch (error) {
    await tx.rollback().catch(() => undefined);
    const cause = error instanceof CommitFailure ? error.original : error;
    const locks = isOutOfSharedMemory(cause);
    throw new RevisionFailure(
      locks ? 'lock-table' : 'revision-failed',
      `the run's transaction failed at COMMIT and was rolled back: ${maskedMessage(cause)}${locks ? ` (${LOCK_TABLE_REMEDY})` : ''}`,
      { cause },
    );
  }
}

function stepError(
  step: Step,
  error: unknown,
  perRevision: boolean,
  committedPart: boolean,
  offline: boolean,
  detail = '',
): AthanorError {
  if (error instanceof AthanorError && ['not-transactional', 'offline-query', 'op-not-awaited'].includes(error.code))
    return error;
  const file = basename(step.revision.path);
  const verb = step.direction === 'up' ? 'upgrade' : 'downgrade';
  const where = error instanceof StatementFailure ? ` in statement: ${maskCredentials(oneLine(error.sql))}` : '';
  const cause = causeOf(error);
  const failed = error instanceof CommitFailure ? 'failed at COMMIT' : 'failed';
  const outcome = offline
    ? 'failed while writing the SQL script'
    : `${failed} and ${perRevision ? 'was rolled back' : "the run's transaction was rolled back"}${committedPart ? ' (except what its op.autocommit blocks committed)' : ''}`;
  const locks = isOutOfSharedMemory(cause);
  return new RevisionFailure(
    cause instanceof AthanorError ? cause.code : locks ? 'lock-table' : 'revision-failed',
    `${verb} of revision ${step.revision.revision} (${file}) ${outcome}: ${maskedMessage(cause)}${locks ? ` (${LOCK_TABLE_REMEDY})` : ''}${where}${detail}`,
    {
      cause,
    },
  );
}
