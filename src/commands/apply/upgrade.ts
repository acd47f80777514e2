import type { ResolvedConfig } from '../../config/load-config.js';
import type { Driver } from '../../pg/connection/driver.js';
import { TenantFailure } from '../../fleet/run-fleet.js';
import type { RevisionModules } from '../../runtime/run/load-revisions.js';
import { renderMigrationScript, type OfflineScript } from '../../runtime/run/offline.js';
import { planDowngrade, planUpgrade, type Direction, type Step } from '../../runtime/graph/plan.js';
import type { RevisionGraph } from '../../runtime/graph/revision-graph.js';
import { runMigration } from '../../runtime/run/runner.js';
import { readVersions } from '../../pg/run/version-table.js';
import {
  forEachTenant,
  onEachTenant,
  scriptsFolder,
  writeTenantScript,
  type FleetFlags,
  type TenantOutcome,
  type TenantScript,
} from '../shared/fleet.js';
import { AthanorError } from '../../util/errors.js';
import { lintSteps } from './lint.js';
import { refuseWhileExpanded } from './expand.js';
import {
  recordOnce,
  refuseEnumValuesInUse,
  refuseMissingGrantees,
  refuseNewerPrivileges,
  refuseOverLockTable,
} from './refuse-before-run.js';
import { createListedRoles } from '../../pg/roles.js';
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
  type RunFlags,
} from '../shared/project.js';

export interface MigrateResult {
  /** The revisions that ran, in order. */
  steps: { revision: string; message: string; direction: Direction }[];
  /** The heads the database was at before. */
  previous: string[];
  /** The heads the database is at afterwards. */
  current: string[];
}

/** `migrate upgrade TARGET`: applies revisions up to the target. */
export function upgrade(
  options: CommandOptions,
  target: string,
  notify?: NoticeHandler,
  flags: RunFlags = {},
): Promise<MigrateResult> {
  return migrate(
    'upgrade',
    options,
    notify,
    flags,
    (graph, current) => planUpgrade(graph, current, target),
    beforeUpgrade(notify),
  );
}

/** `migrate downgrade TARGET`: undoes revisions down to the target. */
export function downgrade(
  options: CommandOptions,
  target: string,
  notify?: NoticeHandler,
  flags: RunFlags = {},
): Promise<MigrateResult> {
  return migrate(
    'downgrade',
    options,
    notify,
    flags,
    (graph, current) => planDowngrade(graph, current, target),
    beforeRun(notify),
  );
}

/** What runs before the revisions, one database's or each tenant's: the checks that stop a run with nothing applied. */
type BeforeRun = (
  config: ResolvedConfig,
  shared: Required<Pick<Shared, 'graph' | 'modules'>>,
  planned: () => Promise<Step[]>,
  driver: Driver,
  transactionPerRevision: boolean,
) => Promise<void>;

/** Before an upgrade: unacknowledged data-loss hazards refused, then what comes before any run. */
function beforeUpgrade(notify?: NoticeHandler): BeforeRun {
  const checks = beforeRun(notify);
  return async (config, shared, planned, driver, transactionPerRevision) => {
    await refuseUnacknowledged(config, shared, planned);
    await checks(config, shared, planned, driver, transactionPerRevision);
  };
}

/** Before any run (a downgrade's): the configured roles created, then the revisions' checks (refuse-before-run.ts). */
function beforeRun(notify?: NoticeHandler): BeforeRun {
  return async (config, shared, planned, driver, transactionPerRevision) => {
    await createListedRoles(driver, config.roles, (roles) => notify?.({ type: 'roles-created', roles }));
    await refuseBeforeRun(config, shared, planned, driver, transactionPerRevision);
  };
}

function migrate(
  verb: 'upgrade' | 'downgrade',
  options: CommandOptions,
  notify: NoticeHandler | undefined,
  flags: RunFlags,
  plan: (graph: RevisionGraph, current: string[]) => Step[],
  before: BeforeRun,
): Promise<MigrateResult> {
  return withDatabase(options, notify, async (config, driver) => {
    await refuseWhileExpanded(config, driver, verb);
    const modules: RevisionModules = new Map();
    const shared = { graph: loadGraph(config, WITH_CHECKSUMS), modules };
    await before(
      config,
      shared,
      async () => plan(shared.graph, await readVersions(driver, config.versionTable)),
      driver,
      runSettings(config, flags).transactionPerRevision,
    );
    return migrateDatabase(verb, config, driver, shared, notify, flags, plan);
  });
}

/**
 * With `requireAcknowledged` on, the revisions an upgrade would apply are
 * linted first; a data-loss hazard their `acknowledged` export does not name
 * stops the run before anything is applied. The files it imports are those
 * the run then uses, imported once. Off, nothing is read or planned twice.
 */
async function refuseUnacknowledged(
  config: ResolvedConfig,
  { graph, modules }: Required<Pick<Shared, 'graph' | 'modules'>>,
  planned: () => Promise<Step[]>,
): Promise<void> {
  if (!config.requireAcknowledged) return;
  const steps = await planned();
  if (steps.length === 0) return;
  const linted = await lintSteps(config, graph, steps, modules);
  const open = linted.flatMap((r) =>
    r.hazards
      .filter((h) => h.kind === 'data-loss' && !h.acknowledged)
      .map((h) => `${r.revision} (${r.path}): [${h.code}] ${h.message}`),
  );
  if (open.length === 0) return;
  throw new AthanorError(
    'unacknowledged-hazard',
    `${open.length} data-loss hazard(s) in the revisions to apply are not acknowledged, and requireAcknowledged is on; nothing was applied. Review each, then add its code to the revision's \`export const acknowledged = [...]\`:`,
    { details: open },
  );
}

/**
 * What stops the revisions to run before anything is applied
 * (refuse-before-run.ts): a role they grant to that the cluster lacks, a
 * privilege the server's version lacks, rows holding an enum value they
 * remove, more locks than the server's lock table holds. They are run offline once for all.
 */
async function refuseBeforeRun(
  config: ResolvedConfig,
  shared: Required<Pick<Shared, 'graph' | 'modules'>>,
  planned: () => Promise<Step[]>,
  driver: Driver,
  transactionPerRevision: boolean,
): Promise<void> {
  const recorded = recordOnce(config, shared, planned);
  await refuseMissingGrantees(config, recorded, driver);
  await refuseNewerPrivileges(recorded, driver);
  await refuseEnumValuesInUse(recorded, planned, driver);
  await refuseOverLockTable(recorded, driver, transactionPerRevision);
}

/** What the tenants of a fleet run share: the graph, and each revision file imported once. */
interface Shared {
  graph: RevisionGraph;
  modules?: RevisionModules;
  /**
   * False in a fleet run: watching a tenant's lock waits takes a second
   * connection, and a fleet holds at most `--concurrency` connections.
   */
  watchLocks?: boolean;
}

/** Plans and runs the steps on one database (or one tenant of a fleet) under its lock. */
async function migrateDatabase(
  verb: 'upgrade' | 'downgrade',
  config: ResolvedConfig,
  driver: Driver,
  { graph, modules, watchLocks }: Shared,
  notify: NoticeHandler | undefined,
  flags: RunFlags,
  plan: (graph: RevisionGraph, current: string[]) => Step[],
  started: { previous: string[] } = { previous: [] },
): Promise<MigrateResult> {
  const steps = await runMigration(
    {
      driver,
      graph,
      tables: bookkeeping(config),
      ...runSettings(config, flags),
      onEvent: (event) => notify?.(noticeFor(event)),
      ...(modules ? { modules } : {}),
      ...(watchLocks === false ? { watchLocks } : {}),
      // Checked again under the lock: an expand may have started while this run waited for it.
      underLock: () => refuseWhileExpanded(config, driver, verb),
    },
    (current) => {
      started.previous = current;
      return plan(graph, current);
    },
  );
  return {
    steps: steps.map((s) => ({ revision: s.revision.revision, message: s.revision.message, direction: s.direction })),
    previous: started.previous,
    current: await readVersions(driver, config.versionTable),
  };
}

/** `migrate upgrade TARGET --tenants ...`: each selected tenant upgraded on its own, at most `concurrency` at once. */
export function upgradeTenants(
  options: CommandOptions,
  target: string,
  fleet: FleetFlags,
  flags: RunFlags = {},
): Promise<TenantOutcome<MigrateResult>[]> {
  return migrateTenants(
    'upgrade',
    options,
    fleet,
    flags,
    (graph, current) => planUpgrade(graph, current, target),
    beforeUpgrade(),
  );
}

/** `migrate downgrade TARGET --tenants ...`. */
export function downgradeTenants(
  options: CommandOptions,
  target: string,
  fleet: FleetFlags,
  flags: RunFlags = {},
): Promise<TenantOutcome<MigrateResult>[]> {
  return migrateTenants(
    'downgrade',
    options,
    fleet,
    flags,
    (graph, current) => planDowngrade(graph, current, target),
    beforeRun(),
  );
}

function migrateTenants(
  verb: 'upgrade' | 'downgrade',
  options: CommandOptions,
  fleet: FleetFlags,
  flags: RunFlags,
  plan: (graph: RevisionGraph, current: string[]) => Step[],
  before: BeforeRun,
): Promise<TenantOutcome<MigrateResult>[]> {
  let shared: (Shared & { modules: RevisionModules }) | null = null;
  return onEachTenant(options, fleet, async (config, driver) => {
    const started = { previous: [] as string[] };
    try {
      shared ??= { graph: loadGraph(config, WITH_CHECKSUMS), modules: new Map(), watchLocks: false };
      const { graph, modules } = shared;
      // Each tenant's revisions to run, checked in its names, as one database's are.
      await before(
        config,
        { graph, modules },
        async () => plan(graph, await readVersions(driver, config.versionTable)),
        driver,
        runSettings(config, flags).transactionPerRevision,
      );
      return await migrateDatabase(verb, config, driver, shared, undefined, flags, plan, started);
    } catch (error) {
      const to = await readVersions(driver, config.versionTable).catch(() => null);
      throw new TenantFailure(error, { from: started.previous, to });
    }
  });
}

/** `migrate upgrade --sql [FROM:]TO`: the SQL script of the upgrade, written without connecting. */
export function upgradeSql(options: CommandOptions, range: string, flags: RunFlags = {}): Promise<OfflineScript> {
  return offline(options, 'up', range, flags);
}

/** `migrate downgrade --sql FROM:TO`: the SQL script of the downgrade, written without connecting. */
export function downgradeSql(options: CommandOptions, range: string, flags: RunFlags = {}): Promise<OfflineScript> {
  return offline(options, 'down', range, flags);
}

async function offline(
  options: CommandOptions,
  direction: Direction,
  range: string,
  flags: RunFlags,
): Promise<OfflineScript> {
  const config = await loadProject(options);
  const graph = loadGraph(config, WITH_CHECKSUMS);
  return renderMigrationScript({ graph, tables: bookkeeping(config), ...runSettings(config, flags) }, direction, range);
}

/** `migrate upgrade|downgrade --sql RANGE --tenants ... --sql-dir DIR`: one script per tenant, nothing connects. */
export function migrationSqlTenants(
  options: CommandOptions,
  direction: Direction,
  range: string,
  fleet: FleetFlags,
  dir: string,
  flags: RunFlags = {},
): Promise<TenantOutcome<TenantScript>[]> {
  const folder = scriptsFolder(options, dir);
  let shared: Shared | null = null;
  return forEachTenant(options, fleet, async ({ name, config }) => {
    shared ??= { graph: loadGraph(config, WITH_CHECKSUMS), modules: new Map() };
    const script = await renderMigrationScript(
      { ...shared, tables: bookkeeping(config), ...runSettings(config, flags) },
      direction,
      range,
    );
    return writeTenantScript(folder, name, script);
  });
}
