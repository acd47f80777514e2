import { basename } from 'node:path';
import { describeOperation } from '../../ops/describe.js';
import type { Operation } from '../../ops/operation.js';
import { compileOperation } from '../../pg/ddl/compile.js';
import type { NameMapper } from '../../pg/canonical/names/map-model-names.js';
import { mapOperationNames } from '../../pg/canonical/names/map-operation-names.js';
import type { Statement } from '../../pg/ddl/statement.js';
import { isLockTimeout } from '../../pg/lock-wait.js';
import { historyInsertSql, versionChangeSql, type Bookkeeping } from '../../pg/version-table.js';
import { AthanorError, errorMessage } from '../../util/errors.js';
import { maskCredentials } from '../../util/mask.js';
import { revisionChecksum } from '../files/checksum.js';
import { loadRevisions, type RevisionFunction, type RevisionModules } from './load-revisions.js';
import { describeLockWait, type LockWatch } from './lock-watch.js';
import { CommitFailure, StatementFailure, TimeoutTracker, Transaction, type Timeouts } from './run-transaction.js';
import { markPartial, resumePoint } from './resume.js';
import { OpCalls } from '../op-calls.js';
import { Operations, type OperationBackend } from '../operations.js';
import type { Step } from '../graph/plan.js';
import type { RevisionHeader } from '../files/revision-file.js';
import type { RevisionGraph } from '../graph/revision-graph.js';
import type { SqlSession } from './session.js';

export type RunEvent =
  | { type: 'lock-wait' }
  | { type: 'edited'; revision: string; path: string }
  | { type: 'step-start'; step: Step; transactional: boolean; singleTransaction: boolean }
  | { type: 'step-done'; step: Step; milliseconds: number }
  | { type: 'lock-retry'; step: Step; attempt: number; delayMs: number }
  /** A non-transactional revision runs again from its op.autocommit block `block`: what came before committed on an earlier run. */
  | { type: 'resumed'; step: Step; block: number };

/** How often a step that failed on its lock timeout is tried again, and the first pause (doubled each time). */
export interface LockRetries {
  count: number;
  backoffMs: number;
}

export const DEFAULT_LOCK_RETRIES: LockRetries = { count: 3, backoffMs: 250 };

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
 * Runs the steps through a session: each revision in its own transaction, or
 * all in one; the version rows and a history row are written with each step.
 * Every revision file is loaded first, so a broken one stops the run before
 * anything runs. Returns the version rows at the end.
 */
export async function executeSteps(
  session: SqlSession,
  graph: RevisionGraph,
  steps: Step[],
  current: string[],
  options: StepOptions,
): Promise<string[]> {
  const functions = await loadRevisions(steps, options.modules);
  const tx = new Transaction(session);
  const timeouts = new TimeoutTracker(session, options.timeouts);
  const applied = graph.ancestors(current);
  const state = { rows: current, applied, heads: graph.headsOf(applied) };
  const run = { session, tx, timeouts, graph, state, options };
  for (const [index, step] of steps.entries())
    await runWithRetries(run, step, functions.get(step)!, index === steps.length - 1);
  if (tx.open) await commitRun(tx);
  return state.rows;
}

/** What every attempt of every step shares. */
interface StepRun {
  session: SqlSession;
  tx: Transaction;
  timeouts: TimeoutTracker;
  graph: RevisionGraph;
  state: RunState;
  options: StepOptions;
}

/**
 * Runs one step; when it fails on its lock timeout (SQLSTATE 55P03) and was
 * rolled back whole, tries it again after a pause that doubles each time. The
 * last failure says which lock it waited for and who held it.
 */
async function runWithRetries(run: StepRun, step: Step, fn: RevisionFunction, last: boolean): Promise<void> {
  const { session, tx, timeouts, options, state } = run;
  const retries = options.lockRetries ?? DEFAULT_LOCK_RETRIES;
  for (let attempt = 1; ; attempt++) {
    options.lockWatch?.start();
    try {
      if (!tx.open) await tx.begin();
      tx.committedPart = false;
      tx.blocks = 0;
      tx.resumeFrom = options.transactionPerRevision ? await resumePoint(session, options.tables, step) : null;
      if (tx.resumeFrom !== null) options.onEvent?.({ type: 'resumed', step, block: tx.resumeFrom });
      await timeouts.apply(step.revision);
      const milliseconds = await runStep(run, step, fn, last);
      await options.lockWatch?.stop();
      options.onEvent?.({ type: 'step-done', step, milliseconds });
      return;
    } catch (error) {
      undoStep(state, step);
      const wait = (await options.lockWatch?.stop()) ?? null;
      if (tx.open && !session.offline) await tx.rollback().catch(() => undefined);
      timeouts.forget();
      const lockTimedOut = !session.offline && isLockTimeout(causeOf(error));
      if (lockTimedOut && attempt <= retries.count && options.transactionPerRevision && !tx.committedPart) {
        const delayMs = retries.backoffMs * 2 ** (attempt - 1);
        options.onEvent?.({ type: 'lock-retry', step, attempt, delayMs });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        continue;
      }
      const detail = lockTimedOut
        ? `; tried ${attempt} time${attempt === 1 ? '' : 's'}: ${describeLockWait(wait)}`
        : '';
      // What the revisions before it committed is made durable before the run reports it (see Transaction.commitWith).
      await tx.flush().catch(() => undefined);
      throw stepError(step, error, options.transactionPerRevision, tx.committedPart, session.offline, detail);
    }
  }
}

/** The driver's error behind a failed statement or COMMIT. */
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
    throw new AthanorError(
      'revision-failed',
      `the run's transaction failed at COMMIT and was rolled back: ${maskCredentials(errorMessage(cause))}`,
      { cause },
    );
  }
}

/** The version rows and the applied set they stand for, moved along as steps run. */
interface RunState {
  rows: string[];
  applied: Set<string>;
  /** `graph.headsOf(applied)`, kept up to date step by step (a whole walk per step is quadratic over long histories). */
  heads: string[];
}

/**
 * Runs one revision's function, then writes the version rows and the history
 * row and, with one transaction per revision, commits: online, in one round
 * trip with the next revision's BEGIN (unless it is the last). The run's state
 * moves only once that succeeded, so a step tried again writes the same rows.
 * Returns how long it took (0 offline).
 */
async function runStep(run: StepRun, step: Step, fn: RevisionFunction, last: boolean): Promise<number> {
  const { session, tx, graph, state, options } = run;
  const started = new Date();
  const clock = performance.now();
  const header = step.revision;
  const transactional = header.transactional !== false;
  options.onEvent?.({ type: 'step-start', step, transactional, singleTransaction: !options.transactionPerRevision });
  const verb = step.direction === 'up' ? 'upgrade' : 'downgrade';
  session.note(
    `Running ${verb} ${header.revision}${header.message ? `: ${header.message.split('\n')[0]}` : ''} (${basename(header.path)})`,
  );
  const checksum = revisionChecksum(header);
  const calls = new OpCalls(basename(header.path), verb);
  const backend = backendFor(run, step);
  await calls.run(() => fn(new Operations(backend, calls)));
  if (!tx.open) await tx.begin();
  const { rows, applied } = state;
  if (step.direction === 'up') applied.add(header.revision);
  else applied.delete(header.revision);
  const next = graph.headsAfter(state.heads, applied, header.revision);
  const durationMs = session.offline ? null : Math.round(performance.now() - clock);
  const bookkeeping = [
    ...versionChangeSql(
      options.tables.version,
      rows.filter((id) => !next.includes(id)),
      next.filter((id) => !rows.includes(id)),
    ),
    historyInsertSql(options.tables.history, {
      revision: header.revision,
      action: verb,
      checksum,
      appliedAt: session.offline ? null : started,
      durationMs,
    }),
  ];
  if (options.transactionPerRevision) await tx.commitWith(bookkeeping, !last);
  else await tx.write(bookkeeping);
  state.rows = next;
  state.heads = next;
  return durationMs ?? 0;
}

/**
 * After a failed attempt: the revision is applied (or not) as before it, as
 * the rollback left the database; rows and heads had not moved yet.
 */
function undoStep(state: RunState, step: Step): void {
  if (step.direction === 'up') state.applied.delete(step.revision.revision);
  else state.applied.add(step.revision.revision);
}

/** The `op` backend of one revision: compiles operations, honours non-transactional statements. */
function backendFor(run: StepRun, step: Step): OperationBackend {
  const { session, tx, options } = run;
  const { transactionPerRevision: perRevision, names } = options;
  const header = step.revision;
  const marked = header.transactional === false;
  const file = basename(header.path);
  /** Commits part way: refused in one transaction for the run, which promises all or nothing. */
  const autocommit = (why: string, fn: () => Promise<void>): Promise<void> => {
    if (!perRevision) throw inOneTransaction(file, why);
    return tx.autocommit(fn, (block) => markPartial(session, options.tables, step, block, revisionChecksum(header)));
  };
  const execute = (statement: Statement): Promise<void> => executeStatement(run, step, statement);
  return {
    offline: session.offline,
    async run(op: Operation) {
      if (names && ownSchema(op, names)) return;
      if (tx.skipping()) return;
      options.onOperation?.(op, { revision: header, autocommit: tx.autocommitting });
      for (const statement of compileOperation(names ? tenantOperation(op, names, file) : op)) {
        if (statement.transactional || tx.autocommitting) await execute(statement);
        else if (marked)
          await autocommit(`the statement ${oneLine(statement.sql)} cannot run inside a transaction`, () =>
            execute(statement),
          );
        else throw notMarked(file, `the statement ${oneLine(statement.sql)} cannot run inside a transaction`);
      }
    },
    async query<R>(sql: string, params?: unknown[]): Promise<R[]> {
      if (session.offline) {
        throw new AthanorError(
          'offline-query',
          `op.query cannot run with --sql, where there is no database to read; test op.offline in ${file} and skip the read`,
        );
      }
      try {
        return await session.query<R>(names ? names.text(sql) : sql, params);
      } catch (error) {
        throw new StatementFailure(sql, error);
      }
    },
    async autocommit(fn: () => Promise<void>) {
      if (!marked) throw notMarked(file, 'it calls op.autocommit');
      if (tx.autocommitting)
        throw new AthanorError('nested-autocommit', `${file} calls op.autocommit inside op.autocommit; use one block`);
      await autocommit('it calls op.autocommit', fn);
    },
  };
}

/**
 * One statement of an operation. Outside a transaction (an autocommit block),
 * a statement that failed on its lock timeout was rolled back alone and is
 * tried again after a pause; a statement with a `when` runs only when its
 * query says so (never offline); one with a weak lock runs without the run's
 * lock_timeout.
 */
async function executeStatement(run: StepRun, step: Step, statement: Statement): Promise<void> {
  const { session, tx, timeouts, options } = run;
  if (statement.when !== undefined) {
    if (session.offline) return;
    const [answer] = await session.query<{ run: boolean }>(statement.when.sql, statement.when.params);
    if (answer?.run !== true) return;
  }
  const retries =
    tx.autocommitting && !session.offline ? (options.lockRetries ?? DEFAULT_LOCK_RETRIES) : { count: 0, backoffMs: 0 };
  for (let attempt = 1; ; attempt++) {
    try {
      if (statement.weakLock === true && tx.autocommitting)
        await timeouts.withoutLockTimeout(() => session.execute(statement));
      else await session.execute(statement);
      return;
    } catch (error) {
      if (!isLockTimeout(error) || attempt > retries.count) throw new StatementFailure(statement.sql, error);
      const delayMs = retries.backoffMs * 2 ** (attempt - 1);
      options.onEvent?.({ type: 'lock-retry', step, attempt, delayMs });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/**
 * Creating or dropping the template schema itself, in a tenant's run: the
 * tenant's schema holds its version table, so it is created before the first
 * revision and outlives a downgrade to base; the operation is skipped.
 */
function ownSchema(op: Operation, names: NameMapper): boolean {
  return (op.kind === 'createSchema' || op.kind === 'dropSchema') && names.schema(op.schema) !== op.schema;
}

/**
 * The operation in a tenant's names. One that names nothing in the template
 * schema (SQL text aside) would act on a shared object once per tenant:
 * refused, before anything of it runs.
 */
function tenantOperation(op: Operation, names: NameMapper, file: string): Operation {
  const mapped = mapOperationNames(op, names);
  if (op.kind !== 'executeSql' && JSON.stringify(mapped) === JSON.stringify(op)) {
    throw new AthanorError(
      'outside-template',
      `${file} would ${describeOperation(op)} for every tenant, outside the template schema; a fleet's revisions change the template schema only; give shared objects a project (config and revisions) of their own`,
    );
  }
  return mapped;
}

function inOneTransaction(file: string, why: string): AthanorError {
  return new AthanorError(
    'single-transaction-autocommit',
    `${file} must commit part way (${why}), which a single-transaction run cannot do; run it with one transaction per revision (without --single-transaction or transactionPerRevision: false)`,
  );
}

function notMarked(file: string, why: string): AthanorError {
  return new AthanorError(
    'not-transactional',
    `${file} must run partly outside a transaction (${why}): add \`export const transactional = false\` to it and put those statements in op.autocommit(async () => {...})`,
  );
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
  return new AthanorError(
    'revision-failed',
    `${verb} of revision ${step.revision.revision} (${file}) ${outcome}: ${maskCredentials(errorMessage(cause))}${where}${detail}`,
    {
      cause,
    },
  );
}

function oneLine(sql: string, max = 240): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}
