import type { Statement } from '../../pg/ddl/statement.js';
import type { Driver } from '../../pg/connection/driver.js';
import type { NameMapper } from '../../schema/names/map-model-names.js';
import { TX, versionTableLockKey, withAdvisoryLock } from '../../pg/locks/lock.js';
import {
  ensureBookkeeping,
  historyInsertSql,
  purgeVersionsSql,
  readAppliedRecords,
  readVersions,
  versionChangeSql,
  type Bookkeeping,
  type VersionTableName,
} from '../../pg/run/version-table.js';
import { AthanorError } from '../../util/errors.js';
import { revisionChecksum } from '../files/checksum.js';
import type { RevisionModules } from './load-revisions.js';
import {
  executeSteps,
  RevisionFailure,
  type LockRetries,
  type RunEvent,
  type StepOptions,
  type Timeouts,
} from './execute-steps.js';
import { checkIntegrity } from '../files/integrity.js';
import { LockWatch } from './lock-watch.js';
import { planStamp, type StampPlan, type Step } from '../graph/plan.js';
import type { RevisionGraph } from '../graph/revision-graph.js';
import { onlineSession, type SqlSession } from './session.js';

export type { RunEvent, Timeouts } from './execute-steps.js';

interface MigrationContext {
  driver: Driver;
  graph: RevisionGraph;
  tables: Bookkeeping;
  /** One transaction per revision (default), or one for the whole run. */
  transactionPerRevision?: boolean;
  timeouts?: Timeouts;
  /** Retries of a step that failed on its lock timeout; three, from 250 ms, by default. */
  lockRetries?: LockRetries;
  onEvent?: (event: RunEvent) => void;
  /** Renames what each operation names (a tenant of a schema-per-tenant fleet). */
  names?: NameMapper;
  /** Revision modules already imported (by the other tenants of a fleet run). */
  modules?: RevisionModules;
  /**
   * Watch lock waits from a second connection, to name the holder when a
   * step times out on a lock (default true; a fleet run turns it off).
   */
  watchLocks?: boolean;
  /**
   * What must still hold once the lock is taken, checked before the heads are
   * read (no expand in flight: one may have started while this run waited).
   */
  underLock?: () => Promise<void>;
}

/** The `lock_timeout` of an online run when neither the config, the command line nor the revision sets one. */
const DEFAULT_LOCK_TIMEOUT = '5s';

/** The advisory lock key of a version table: runs against one table take turns. */
export function migrationLockKey(version: VersionTableName): string {
  return versionTableLockKey(version.schema, version.name);
}

function stepOptions(ctx: MigrationContext, lockWatch: LockWatch | null): StepOptions {
  return {
    tables: ctx.tables,
    transactionPerRevision: ctx.transactionPerRevision ?? true,
    timeouts: {
      lockTimeout: ctx.timeouts?.lockTimeout ?? DEFAULT_LOCK_TIMEOUT,
      statementTimeout: ctx.timeouts?.statementTimeout ?? null,
      ...(ctx.timeouts?.onlineWait ? { onlineWait: ctx.timeouts.onlineWait } : {}),
    },
    lockWatch,
    ...(ctx.lockRetries ? { lockRetries: ctx.lockRetries } : {}),
    ...(ctx.onEvent ? { onEvent: ctx.onEvent } : {}),
    ...(ctx.names ? { names: ctx.names } : {}),
    ...(ctx.modules ? { modules: ctx.modules } : {}),
  };
}

/**
 * Takes the advisory lock, reads the current heads, plans with them, warns
 * about applied files edited since, and runs the steps. Returns the steps that ran.
 */
export async function runMigration(ctx: MigrationContext, plan: (current: string[]) => Step[]): Promise<Step[]> {
  return withLock(ctx, async () => {
    await ctx.underLock?.();
    const current = await readVersions(ctx.driver, ctx.tables.version);
    const steps = plan(current);
    await reportEdited(ctx, current);
    const lockWatch = steps.length > 0 && ctx.watchLocks !== false ? await LockWatch.open(ctx.driver) : null;
    try {
      await executeSteps(onlineSession(ctx.driver), ctx.graph, steps, current, stepOptions(ctx, lockWatch));
    } catch (error) {
      throw await withPosition(ctx, error);
    } finally {
      await lockWatch?.close();
    }
    return steps;
  });
}

/**
 * Runs steps from heads the caller knows, on a database no one else uses (the
 * scratch database of `migrate test`): without the advisory lock and its
 * pooler check, the creation of the bookkeeping tables, or the reading of
 * the version table. Returns the heads after the steps.
 */
export async function runKnownSteps(ctx: MigrationContext, steps: Step[], current: string[]): Promise<string[]> {
  try {
    return await executeSteps(onlineSession(ctx.driver), ctx.graph, steps, current, stepOptions(ctx, null));
  } catch (error) {
    throw await withPosition(ctx, error);
  }
}

function withLock<T>(ctx: MigrationContext, fn: () => Promise<T>): Promise<T> {
  const key = migrationLockKey(ctx.tables.version);
  return withAdvisoryLock(
    ctx.driver,
    key,
    () => ctx.onEvent?.({ type: 'lock-wait' }),
    async () => {
      await ensureBookkeeping(ctx.driver, ctx.tables);
      return fn();
    },
  );
}

/** Adds where the database stands after a failed run, read back after the rollback. */
async function withPosition(ctx: MigrationContext, error: unknown): Promise<unknown> {
  if (!(error instanceof RevisionFailure)) return error;
  const rows = await readVersions(ctx.driver, ctx.tables.version).catch(() => null);
  if (rows === null) return error;
  return new AthanorError(error.code, `${error.message}; the database is at ${rows.join(', ') || 'base'}`, {
    cause: error.cause,
  });
}

async function reportEdited(ctx: MigrationContext, current: string[]): Promise<void> {
  if (!ctx.onEvent || current.length === 0) return;
  const records = await readAppliedRecords(ctx.driver, ctx.tables.history);
  for (const entry of checkIntegrity(ctx.graph, current, records)) {
    if (entry.status === 'edited' && entry.path)
      ctx.onEvent({ type: 'edited', revision: entry.revision, path: entry.path });
  }
}

/** `stamp`: moves the version rows to the targets without running any revision. */
export async function runStamp(
  ctx: MigrationContext,
  targets: string[],
  purge: boolean,
): Promise<StampPlan & { previous: string[] }> {
  return withLock(ctx, async () => {
    const previous = await readVersions(ctx.driver, ctx.tables.version);
    const plan = planStamp(ctx.graph, previous, targets, purge);
    const session = onlineSession(ctx.driver);
    await session.execute({ sql: TX.begin });
    try {
      await writeStamp(
        session,
        ctx.graph.forDatabase([...(purge ? [] : previous), ...targets]),
        ctx.tables,
        previous,
        plan,
        purge,
      );
      await session.execute({ sql: TX.commit });
    } catch (error) {
      await session.execute({ sql: TX.rollback }).catch(() => undefined);
      throw error;
    }
    return { ...plan, previous };
  });
}

/** The version-table and history statements of a stamp, online or in a script. */
export async function writeStamp(
  session: SqlSession,
  graph: RevisionGraph,
  tables: Bookkeeping,
  previous: string[],
  plan: StampPlan,
  purge: boolean,
): Promise<void> {
  const statements: Statement[] = purge
    ? [purgeVersionsSql(tables.version), ...versionChangeSql(tables.version, [], plan.rows)]
    : versionChangeSql(
        tables.version,
        previous.filter((id) => !plan.rows.includes(id)),
        plan.rows.filter((id) => !previous.includes(id)),
      );
  for (const statement of statements) await session.execute(statement);
  const appliedAt = session.offline ? null : new Date();
  for (const revision of plan.added) {
    const checksum = revisionChecksum(graph.get(revision));
    await session.execute(
      historyInsertSql(tables.history, { revision, action: 'stamp', checksum, appliedAt, durationMs: null }),
    );
  }
  for (const revision of plan.removed) {
    await session.execute(
      historyInsertSql(tables.history, { revision, action: 'unstamp', checksum: null, appliedAt, durationMs: null }),
    );
  }
}
