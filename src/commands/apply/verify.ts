import { TX, withAdvisoryLock } from '../../pg/locks/lock.js';
import { ensureBookkeeping, historyInsertSql, readAppliedRecords, readVersions } from '../../pg/run/version-table.js';
import { checkIntegrity, type IntegrityEntry } from '../../runtime/files/integrity.js';
import { migrationLockKey } from '../../runtime/run/runner.js';
import type { ResolvedConfig } from '../../config/load-config.js';
import type { Driver } from '../../pg/connection/driver.js';
import type { RevisionGraph } from '../../runtime/graph/revision-graph.js';
import { onEachTenant, type FleetFlags, type TenantOutcome } from '../shared/fleet.js';
import {
  bookkeeping,
  loadGraph,
  noticeFor,
  withDatabase,
  WITH_CHECKSUMS,
  type CommandOptions,
  type NoticeHandler,
} from '../shared/project.js';

export interface VerifyResult {
  /** False when an applied revision's file was edited since it was applied, or is missing. */
  ok: boolean;
  current: string[];
  revisions: IntegrityEntry[];
  /** Revisions whose current checksum `--accept` recorded. */
  accepted: string[];
}

/**
 * `migrate verify [--accept]`: compares every applied revision's file with the
 * checksum recorded when it ran. `--accept` records the files as they are now
 * (after a deliberate edit), so later runs compare with them.
 */
export function verify(options: CommandOptions, accept = false, notify?: NoticeHandler): Promise<VerifyResult> {
  return withDatabase(options, notify, (config, driver) =>
    verifyDatabase(config, driver, loadGraph(config, WITH_CHECKSUMS), accept, notify),
  );
}

/** `migrate verify --tenants ...`: the checksums of each selected tenant. */
export function verifyTenants(
  options: CommandOptions,
  accept: boolean,
  fleet: FleetFlags,
): Promise<TenantOutcome<VerifyResult>[]> {
  let graph: RevisionGraph | null = null;
  return onEachTenant(options, fleet, (config, driver) =>
    verifyDatabase(config, driver, (graph ??= loadGraph(config, WITH_CHECKSUMS)), accept),
  );
}

async function verifyDatabase(
  config: ResolvedConfig,
  driver: Driver,
  graph: RevisionGraph,
  accept: boolean,
  notify?: NoticeHandler,
): Promise<VerifyResult> {
  const tables = bookkeeping(config);
  const inspect = async (): Promise<{ current: string[]; revisions: IntegrityEntry[] }> => {
    const current = await readVersions(driver, tables.version);
    return { current, revisions: checkIntegrity(graph, current, await readAppliedRecords(driver, tables.history)) };
  };
  let state = await inspect();
  const toAccept = accept ? state.revisions.filter((e) => e.status === 'edited' || e.status === 'unrecorded') : [];
  if (toAccept.length > 0) {
    const key = migrationLockKey(tables.version);
    await withAdvisoryLock(
      driver,
      key,
      () => notify?.(noticeFor({ type: 'lock-wait' })),
      async () => {
        await ensureBookkeeping(driver, tables);
        await driver.exec(TX.begin);
        try {
          for (const entry of toAccept) {
            const statement = historyInsertSql(tables.history, {
              revision: entry.revision,
              action: 'accept',
              checksum: entry.actual,
              appliedAt: new Date(),
              durationMs: null,
            });
            await driver.query(statement.sql, statement.params);
          }
          await driver.exec(TX.commit);
        } catch (error) {
          await driver.exec(TX.rollback).catch(() => undefined);
          throw error;
        }
      },
    );
    state = await inspect();
  }
  const ok = state.revisions.every((e) => e.status === 'ok' || e.status === 'unrecorded');
  return { ok, ...state, accepted: toAccept.map((e) => e.revision) };
}
