import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { describeOperation } from '../../ops/describe.js';
import { specOf } from '../../ops/operation-specs.js';
import type { Operation, OperationOf } from '../../ops/operation.js';
import { compileOperation } from '../../pg/ddl/compile.js';
import type { NameMapper } from '../../schema/names/map-model-names.js';
import { mapOperationNames } from '../../fleet/map-operation-names.js';
import type { Statement } from '../../pg/ddl/statement.js';
import { isLockTimeout } from '../../pg/locks/lock-wait.js';
import { pipelinable } from '../../pg/connection/pipeline.js';
import type { Bookkeeping } from '../../pg/run/version-table.js';
import { AthanorError } from '../../util/errors.js';
import { revisionChecksum } from '../files/checksum.js';
import type { OperationBackend } from '../operations.js';
import type { Step } from '../graph/plan.js';
import type { RevisionHeader } from '../files/revision-file.js';
import { StatementFailure } from './failures.js';
import { runBackfill, type BackfillProgress } from './backfill.js';
import type { LockWatch } from './lock-watch.js';
import { markPartial } from './resume.js';
import type { RevisionRun, RunState } from './run-state.js';
import type { TimeoutTracker, Transaction } from './run-transaction.js';
import type { StatementQueue } from './statement-queue.js';
import type { SqlSession } from './session.js';

/** How often a step that failed on its lock timeout is tried again, and the first pause (doubled each time). */
export interface LockRetries {
  count: number;
  backoffMs: number;
}

export const DEFAULT_LOCK_RETRIES: LockRetries = { count: 3, backoffMs: 250 };

/** What a revision's `op` backend needs of the run: it reads the run's state, and moves it through the transaction. */
export interface BackendRun {
  session: SqlSession;
  state: RunState;
  tx: Transaction;
  queue: StatementQueue;
  timeouts: TimeoutTracker;
  tables: Bookkeeping;
  transactionPerRevision: boolean;
  names?: NameMapper;
  lockRetries?: LockRetries;
  onLockRetry?: (step: Step, attempt: number, delayMs: number) => void;
  /** The watch of what the run's connection waits for (the `terminate-idle` policy ends the idle holders it saw). */
  lockWatch?: LockWatch | null;
  /** Told of the sessions the `terminate-idle` policy ended. */
  onTerminated?: (step: Step, pids: number[]) => void;
  /** Told of a backfill's progress, after each batch. */
  onBackfill?: (step: Step, progress: BackfillProgress) => void;
  onOperation?: (op: Operation, context: { revision: RevisionHeader; autocommit: boolean }) => void;
}

/**
 * The `op` backend of one revision: compiles operations and queues their
 * statements; what must run on its own (a statement that is a script or
 * `COPY`, one with a `when`, a read, an `op.autocommit` block) first sends
 * what waits. Honours non-transactional statements.
 */
export function backendFor(run: BackendRun, step: Step): OperationBackend {
  const { session, state, tx, queue, names } = run;
  const header = step.revision;
  const marked = header.transactional === false;
  const file = basename(header.path);
  /** Commits part way: refused in one transaction for the run, which promises all or nothing. */
  const autocommit = async (why: string, fn: () => Promise<void>): Promise<void> => {
    if (!run.transactionPerRevision) throw inOneTransaction(file, why);
    await queue.flush();
    return tx.autocommit(fn, (block) => markPartial(session, run.tables, step, block, revisionChecksum(header)));
  };
  const execute = (statement: Statement): Promise<void> => executeStatement(run, step, statement);
  /**
   * The backfills of each op.autocommit block, counted: a backfill is named by
   * its block, its place in it and what it writes, so that one changed after
   * a run stopped (its values fixed) starts again from the first row.
   */
  const backfills = { block: -1, count: 0 };
  const backfill = (op: OperationOf<'backfill'>): Promise<void> => {
    const { blocks, resumeFrom } = running(state);
    const block = blocks - 1;
    if (backfills.block !== block) Object.assign(backfills, { block, count: 0 });
    const what = JSON.stringify([op.schema, op.table, op.set, op.where ?? null]);
    const id = `${step.direction}:${block}:${backfills.count++}:${createHash('sha256').update(what).digest('hex').slice(0, 16)}`;
    return runBackfill(
      { ...run, lockRetries: run.lockRetries ?? DEFAULT_LOCK_RETRIES },
      step,
      op,
      id,
      resumeFrom === block,
    );
  };
  return {
    offline: session.offline,
    async run(op: Operation) {
      if (names && ownSchema(op, names)) return;
      if (state.skipping) return;
      run.onOperation?.(op, { revision: header, autocommit: state.autocommitting });
      if (op.kind === 'backfill' && !session.offline) {
        const mapped = names ? (tenantOperation(op, names, file) as OperationOf<'backfill'>) : op;
        if (state.autocommitting) return backfill(mapped);
        if (!marked) throw notMarked(file, 'it calls op.backfill, which commits batch by batch');
        return autocommit('it calls op.backfill', () => backfill(mapped));
      }
      for (const statement of compileOperation(names ? tenantOperation(op, names, file) : op)) {
        if (statement.transactional || state.autocommitting) await execute(statement);
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
      await queue.flush();
      try {
        return await session.query<R>(names ? names.text(sql) : sql, params);
      } catch (error) {
        throw new StatementFailure(sql, error);
      }
    },
    async autocommit(fn: () => Promise<void>) {
      if (!marked) throw notMarked(file, 'it calls op.autocommit');
      if (state.autocommitting)
        throw new AthanorError('nested-autocommit', `${file} calls op.autocommit inside op.autocommit; use one block`);
      await autocommit('it calls op.autocommit', fn);
    },
  };
}

/**
 * One statement of an operation. In the revision's transaction, queued when
 * it can be part of a pipeline. Outside a transaction (an autocommit block),
 * a statement that failed on its lock timeout was rolled back alone and is
 * tried again after a pause; a statement with a `when` runs only when its
 * query says so (never offline). One with a weak lock runs under the online
 * wait's bound instead of the run's lock_timeout, and is not tried again on
 * it: reaching the bound fails it, or (policy `terminate-idle`) ends the
 * sessions idle in a transaction it waited for and runs it once more, after
 * its repair (`Statement.rerun`; never, for one that cannot run twice).
 */
async function executeStatement(run: BackendRun, step: Step, statement: Statement): Promise<void> {
  const { session, state, queue, timeouts } = run;
  if (statement.when !== undefined) {
    if (session.offline) return;
    await queue.flush();
    const [answer] = await session.query<{ run: boolean }>(statement.when.sql, statement.when.params);
    if (answer?.run !== true) return;
  }
  const autocommitting = state.autocommitting;
  if (!autocommitting && pipelinable(statement.sql)) return queue.push('statement', statement);
  await queue.flush();
  const retries =
    autocommitting && !session.offline ? (run.lockRetries ?? DEFAULT_LOCK_RETRIES) : { count: 0, backoffMs: 0 };
  const online = statement.weakLock === true && autocommitting;
  for (let attempt = 1; ; attempt++) {
    try {
      if (online) await timeouts.withOnlineWait(() => session.execute(statement));
      else await session.execute(statement);
      return;
    } catch (error) {
      const rerun = statement.rerun;
      if (
        online &&
        rerun !== false &&
        isLockTimeout(error) &&
        attempt === 1 &&
        timeouts.onlineWait.policy === 'terminate-idle'
      ) {
        const ended = (await run.lockWatch?.terminateIdle()) ?? [];
        if (ended.length > 0) {
          run.onTerminated?.(step, ended);
          if (rerun !== undefined) await executeStatement(run, step, rerun.repair);
          continue;
        }
      }
      if (!isLockTimeout(error) || online || attempt > retries.count) throw new StatementFailure(statement.sql, error);
      const delayMs = retries.backoffMs * 2 ** (attempt - 1);
      run.onLockRetry?.(step, attempt, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** The revision the backend's run is running (an `op` call is made only while its function runs). */
function running(state: RunState): RevisionRun {
  const revision = state.revision;
  if (revision === null) throw new Error(`an operation ran in the run's ${state.phase.kind} phase`);
  return revision;
}

/**
 * Creating or dropping the template schema itself, in a tenant's run: the
 * tenant's schema holds its version table, so it is created before the first
 * revision and outlives a downgrade to base; the operation is skipped.
 */
export function ownSchema(op: Operation, names: NameMapper): boolean {
  return (op.kind === 'createSchema' || op.kind === 'dropSchema') && names.schema(op.schema) !== op.schema;
}

/**
 * The operation in a tenant's names. One that names nothing in the template
 * schema (SQL text aside) would act on a shared object once per tenant, and
 * one on an object named in the database (its spec says `databaseNamed`)
 * would make it once per tenant: refused, before anything of it runs.
 */
export function tenantOperation(op: Operation, names: NameMapper, file: string): Operation {
  if (specOf(op).databaseNamed === true)
    throw new AthanorError(
      'outside-template',
      `${file} would ${describeOperation(op)} for every tenant: its name is the database's, which the tenants share, so the second tenant's would fail; give it a project (config and revisions) of its own`,
    );
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

export function oneLine(sql: string, max = 240): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}
