import type { ResolvedConfig } from '../../config/load-config.js';
import type { Driver } from '../../pg/connection/driver.js';
import { renderStampScript, type OfflineScript } from '../../runtime/run/offline.js';
import type { RevisionGraph } from '../../runtime/graph/revision-graph.js';
import { runStamp } from '../../runtime/run/runner.js';
import {
  forEachTenant,
  onEachTenant,
  scriptsFolder,
  writeTenantScript,
  type FleetFlags,
  type TenantOutcome,
  type TenantScript,
} from '../shared/fleet.js';
import {
  bookkeeping,
  loadGraph,
  loadProject,
  noticeFor,
  runSettings,
  withDatabase,
  WITH_CHECKSUMS,
  type CommandOptions,
  type NoticeHandler,
} from '../shared/project.js';

export interface StampResult {
  /** The version rows before and after. */
  previous: string[];
  current: string[];
  /** Revisions now recorded as applied, and no longer, without running them. */
  added: string[];
  removed: string[];
}

/**
 * `migrate stamp TARGET... [--purge]`: records the database as being at the
 * targets without running any revision (no DDL). Each target is reached as
 * upgrade or downgrade would reach it; `--purge` empties the version table
 * first, which also clears rows of revisions no file defines.
 */
export function stamp(
  options: CommandOptions,
  targets: string[],
  purge = false,
  notify?: NoticeHandler,
): Promise<StampResult> {
  return withDatabase(options, notify, (config, driver) =>
    stampDatabase(config, driver, loadGraph(config, WITH_CHECKSUMS), targets, purge, notify),
  );
}

async function stampDatabase(
  config: ResolvedConfig,
  driver: Driver,
  graph: RevisionGraph,
  targets: string[],
  purge: boolean,
  notify?: NoticeHandler,
): Promise<StampResult> {
  const result = await runStamp(
    { driver, graph, tables: bookkeeping(config), onEvent: (event) => notify?.(noticeFor(event)) },
    targets,
    purge,
  );
  return { previous: result.previous, current: result.rows, added: result.added, removed: result.removed };
}

/** `migrate stamp TARGET --tenants ...`: each selected tenant stamped under its own lock. */
export function stampTenants(
  options: CommandOptions,
  targets: string[],
  purge: boolean,
  fleet: FleetFlags,
): Promise<TenantOutcome<StampResult>[]> {
  let graph: RevisionGraph | null = null;
  return onEachTenant(options, fleet, (config, driver) =>
    stampDatabase(config, driver, (graph ??= loadGraph(config, WITH_CHECKSUMS)), targets, purge),
  );
}

/** `migrate stamp --sql [FROM:]TARGET --tenants ...`: one script per tenant in `dir`. */
export function stampSqlTenants(
  options: CommandOptions,
  range: string,
  purge: boolean,
  fleet: FleetFlags,
  dir: string,
): Promise<TenantOutcome<TenantScript>[]> {
  const folder = scriptsFolder(options, dir);
  let graph: RevisionGraph | null = null;
  return forEachTenant(options, fleet, async ({ name, config }) => {
    const script = await renderStampScript(
      { graph: (graph ??= loadGraph(config, WITH_CHECKSUMS)), tables: bookkeeping(config), ...runSettings(config) },
      range,
      purge,
    );
    return writeTenantScript(folder, name, script);
  });
}

/** `migrate stamp --sql [FROM:]TARGET`: the stamp as a SQL script, written without connecting. */
export async function stampSql(options: CommandOptions, range: string, purge = false): Promise<OfflineScript> {
  const config = await loadProject(options);
  const graph = loadGraph(config, WITH_CHECKSUMS);
  return renderStampScript({ graph, tables: bookkeeping(config), ...runSettings(config) }, range, purge);
}
