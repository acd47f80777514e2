import {
  historyInsertSql,
  lastHistoryActionSql,
  type Bookkeeping,
  type HistoryAction,
} from '../../pg/run/version-table.js';
import type { Step } from '../graph/plan.js';
import type { SqlSession } from './session.js';

/**
 * Resuming a non-transactional revision. Before an `op.autocommit` block
 * commits what the revision did so far, a `partial-up:N` row goes into the
 * history table in the same transaction. When that revision runs again (its
 * earlier run failed, or was killed, in or after block N), everything before
 * block N is skipped: it is committed already. Block N and what follows run
 * again, so the statements of an autocommit block should be safe to repeat
 * (the online forms autogenerate writes are).
 */

/** The block to resume at, or null to run the revision from its start. */
export async function resumePoint(session: SqlSession, tables: Bookkeeping, step: Step): Promise<number | null> {
  if (session.offline || step.revision.transactional !== false) return null;
  const rows = await session.query<{ action: string }>(lastHistoryActionSql(tables.history), [step.revision.revision]);
  const match = /^partial-(up|down):(\d+)$/.exec(rows[0]?.action ?? '');
  return match && match[1] === step.direction ? Number(match[2]) : null;
}

/** Records that the revision's part before block `block` is about to commit (a script records it too, as a run would). */
export async function markPartial(
  session: SqlSession,
  tables: Bookkeeping,
  step: Step,
  block: number,
  checksum: string | null,
): Promise<void> {
  const action: HistoryAction = `partial-${step.direction}:${block}`;
  await session.execute(
    historyInsertSql(tables.history, {
      revision: step.revision.revision,
      action,
      checksum,
      appliedAt: null,
      durationMs: null,
    }),
  );
}
