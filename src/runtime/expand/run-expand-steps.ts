import type { Driver } from '../../pg/connection/driver.js';
import type { Statement } from '../../pg/ddl/statement.js';
import {
  backfillBatchSql,
  BACKFILL_BLOCKS,
  backfillPartsSql,
  localLockTimeoutSql,
  type ExpandStep,
} from '../../pg/expand/expand-sql.js';
import {
  expandProgressSql,
  expandStepDoneSql,
  type BackfillPart,
  type ExpandState,
} from '../../pg/expand/expand-state.js';
import { retriedOnLockTimeout } from '../../pg/locks/lock.js';
import type { VersionTableName } from '../../pg/run/version-table.js';

/*
 * Runs the steps of one phase of an expand (`pg/expand/expand-sql.ts`) from
 * the first the state row does not record as done. Every step commits with
 * the state row moved past it; a backfill commits each batch with the block
 * it reached. A step that waits longer than the lock timeout for a table's
 * lock (taken by ALTER TABLE for an instant, but queued behind the
 * applications' transactions) gives its place back and is tried again.
 */

export interface ExpandRunOptions {
  driver: Driver;
  stateTable: VersionTableName;
  /** How long a step waits for a lock before it lets the queue behind it go and tries again. */
  lockTimeout: string;
  /** What the `finish` step writes besides its statements: the version rows, the history, the state row deleted. */
  finish: readonly Statement[];
  onStep?: (label: string) => void;
}

async function send(driver: Driver, statements: readonly Statement[]): Promise<void> {
  for (const s of statements) {
    if (s.when !== undefined) {
      const { rows } = await driver.query<{ run: boolean }>(s.when.sql, s.when.params);
      if (rows[0]?.run !== true) continue;
    }
    await driver.query(s.sql, s.params);
  }
}

/** Runs statements in one transaction under the lock timeout, tried again while it times out on a lock. */
async function inTransaction(options: ExpandRunOptions, statements: readonly Statement[]): Promise<void> {
  const { driver } = options;
  await retriedOnLockTimeout(driver, 'commit', () =>
    send(driver, [localLockTimeoutSql(options.lockTimeout), ...statements]),
  );
}

export async function runExpandSteps(
  options: ExpandRunOptions,
  steps: readonly ExpandStep[],
  state: Pick<ExpandState, 'done' | 'progress'>,
): Promise<void> {
  const { driver, stateTable } = options;
  for (let index = state.done; index < steps.length; index++) {
    const step = steps[index]!;
    options.onStep?.(step.label);
    const done = expandStepDoneSql(stateTable, index + 1);
    switch (step.kind) {
      case 'transaction':
        await inTransaction(options, [...step.statements, done]);
        break;
      case 'finish':
        await inTransaction(options, [...step.statements, ...options.finish]);
        break;
      case 'concurrent':
        await send(driver, [step.repair]);
        await send(driver, [step.statement]);
        await inTransaction(options, [done]);
        break;
      case 'backfill': {
        let progress = index === state.done ? state.progress : null;
        if (progress === null) {
          const { rows } = await driver.query<BackfillPart>(backfillPartsSql(step.schema, step.table).sql);
          progress = { next: 0, until: rows.reduce((sum, part) => sum + part.blocks, 0), parts: rows };
          await inTransaction(options, [expandProgressSql(stateTable, progress)]);
        }
        const parts = progress.parts ?? [{ schema: step.schema, table: step.table, blocks: progress.until }];
        while (progress.next < progress.until) {
          const { part, start } = partAt(parts, progress.next);
          const from = progress.next;
          const to = Math.min(from + BACKFILL_BLOCKS, start + part.blocks);
          progress = { ...progress, next: to };
          await inTransaction(options, [
            ...backfillBatchSql(part.schema, part.table, step.column, from - start, to - start),
            expandProgressSql(stateTable, progress),
          ]);
        }
        await inTransaction(options, [done]);
        break;
      }
    }
  }
}

/** The part of a backfill that holds block `block` of the count over all of them, and where its blocks start. */
function partAt(parts: readonly BackfillPart[], block: number): { part: BackfillPart; start: number } {
  let start = 0;
  for (const part of parts) {
    if (block < start + part.blocks) return { part, start };
    start += part.blocks;
  }
  throw new Error(`block ${block} is past the ${start} blocks of the backfill`);
}
