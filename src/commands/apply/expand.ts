import { relative } from 'node:path';
import type { ResolvedConfig } from '../../config/load-config.js';
import type { Driver } from '../../pg/connection/driver.js';
import { describeOperation } from '../../ops/describe.js';
import { expandForm, type ExpandChange } from '../../ops/expand/expand-forms.js';
import {
  planExpand,
  PlanRefusal,
  versionSchemaName,
  type CatalogColumn,
  type ExpandPlan,
} from '../../ops/expand/expand-plan.js';
import { viewsToCopy } from '../../ops/expand/expand-views.js';
import { abortSteps, contractSteps, expandSteps } from '../../pg/expand/expand-sql.js';
import { readDependentViews, readViewCopies } from '../../pg/expand/expand-views.js';
import { tryVersionObjects, withVersionObjects } from '../../pg/expand/expand-objects.js';
import {
  createExpandStateSql,
  deleteExpandStateSql,
  expandPhaseSql,
  insertExpandStateSql,
  readCatalogColumns,
  replanExpandStateSql,
  rowSecurityBeforeInvoker,
  readExpandState,
  schemaExists,
  type ExpandPhase,
  type ExpandState,
} from '../../pg/expand/expand-state.js';
import { versionTableLockKey, withAdvisoryLock } from '../../pg/locks/lock.js';
import {
  ensureBookkeeping,
  historyInsertSql,
  readVersions,
  versionChangeSql,
  type VersionTableName,
} from '../../pg/run/version-table.js';
import { revisionChecksum } from '../../runtime/files/checksum.js';
import { checkCurrent, planUpgrade } from '../../runtime/graph/plan.js';
import type { RevisionGraph } from '../../runtime/graph/revision-graph.js';
import { runExpandSteps } from '../../runtime/expand/run-expand-steps.js';
import { AthanorError } from '../../util/errors.js';
import { TenantFailure } from '../../fleet/run-fleet.js';
import { schemaTranslation } from '../../fleet/map-operation-names.js';
import { ownSchema, tenantOperation } from '../../runtime/run/revision-backend.js';
import { recordSteps } from './lint.js';
import { onEachTenant, type FleetFlags, type TenantOutcome } from '../shared/fleet.js';
import {
  bookkeeping,
  loadGraph,
  runSettings,
  withDatabase,
  WITH_CHECKSUMS,
  type CommandOptions,
  type NoticeHandler,
  type RunFlags,
} from '../shared/project.js';

/*
 * `migrate upgrade TARGET --expand`, `migrate contract`, `migrate abort`:
 * the revisions up to TARGET served in two versions at once (docs/expand-contract.md).
 *
 * Expand leaves every table usable as it was by an application that knows
 * nothing of versions, and serves the new version as a schema of views
 * (`versionSchemaName`), which a connection chooses by putting it first in
 * its `search_path`. Each kind of operation says how it is served
 * (`ops/expand/expand-forms.ts`); the plan resolves the changes against the
 * catalog (`ops/expand/expand-plan.ts`) and is kept, with the phase and the
 * steps done, in the expand state table beside the version table
 * (`pg/expand/expand-state.ts`), each step recorded in its own transaction.
 * A run killed at any point is completed by running the same command again,
 * or undone by `abort`. Contract writes the version table: until then the
 * database is at the revisions it was at before expand.
 */

export interface ExpandResult {
  /** The revisions expanded (or contracted, or aborted), oldest first. */
  revisions: string[];
  versionSchema: string;
  /** True when the command finished a run killed before. */
  resumed: boolean;
}

const refused = (message: string): AthanorError => new AthanorError('expand-state', `${message}; nothing was changed`);

/** One command's work on one database, or one tenant's, under its version table's lock. */
type ExpandWork<T> = (config: ResolvedConfig, driver: Driver, stateTable: VersionTableName) => Promise<T>;

function locked<T>(config: ResolvedConfig, driver: Driver, notify: NoticeHandler | undefined, fn: ExpandWork<T>) {
  return withAdvisoryLock(
    driver,
    versionTableLockKey(config.versionTable.schema, config.versionTable.name),
    () => notify?.({ type: 'lock-wait' }),
    () => fn(config, driver, config.expandTable),
  );
}

function underLock<T>(options: CommandOptions, notify: NoticeHandler | undefined, fn: ExpandWork<T>): Promise<T> {
  return withDatabase(options, notify, (config, driver) => locked(config, driver, notify, fn));
}

/**
 * The same work on each selected tenant of the fleet (`--tenants`), each on
 * its own connection and lock, with its own state table beside its version
 * table; a tenant that fails stops the fleet as an upgrade's does.
 */
function onEachTenantLocked<T>(options: CommandOptions, fleet: FleetFlags, fn: ExpandWork<T>) {
  return onEachTenant(options, fleet, async (config, driver) => {
    const from = await readVersions(driver, config.versionTable).catch(() => []);
    try {
      return await locked(config, driver, undefined, fn);
    } catch (error) {
      const to = await readVersions(driver, config.versionTable).catch(() => null);
      throw new TenantFailure(error, { from, to });
    }
  });
}

/** How long an expand's step waits for a table's lock before it lets the queue go and tries again: `--lock-timeout`, else the config's, else 2 s. */
const lockTimeoutOf = (config: ResolvedConfig, flags: RunFlags = {}): string =>
  runSettings(config, flags).timeouts.lockTimeout ?? '2s';

/**
 * `migrate upgrade TARGET --expand`. While revisions are expanded, the
 * revisions after them are expanded over them: one plan for all, served in
 * the last one's version schema, which takes the place of the one before.
 */
export function expandUpgrade(
  options: CommandOptions,
  target: string,
  notify?: NoticeHandler,
  flags: RunFlags = {},
): Promise<ExpandResult> {
  return underLock(options, notify, expandWork(target, notify, flags));
}

/** `migrate upgrade TARGET --expand --tenants ...`: each selected tenant expanded on its own. */
export function expandUpgradeTenants(
  options: CommandOptions,
  target: string,
  fleet: FleetFlags,
  flags: RunFlags = {},
): Promise<TenantOutcome<ExpandResult>[]> {
  return onEachTenantLocked(options, fleet, expandWork(target, undefined, flags));
}

function expandWork(target: string, notify?: NoticeHandler, flags: RunFlags = {}): ExpandWork<ExpandResult> {
  return async (config, driver, stateTable) => {
    const state = await readExpandState(driver, stateTable);
    if (state !== null) {
      if (state.phase === 'expanding') {
        await runPhase(lockTimeoutOf(config, flags), driver, stateTable, state, expandSteps(state.plan), []);
        await setPhase(driver, stateTable, 'expanded');
        return resultOf(state.plan, true);
      }
      if (state.phase !== 'expanded') throw refusedWhile(state, '--expand');
    }
    const graph = loadGraph(config, WITH_CHECKSUMS);
    const current = await readVersions(driver, config.versionTable);
    checkCurrent(graph.forDatabase(current), current);
    let steps = planUpgrade(graph, current, target);
    if (steps.length === 0) throw refused(`the database is already at ${target}: there is nothing to expand`);
    if (state !== null) {
      const expanded = state.plan.revisions;
      const leading = steps.slice(0, expanded.length).map((s) => s.revision.revision);
      if (leading.some((r, i) => r !== expanded[i]))
        throw refused(
          `revisions ${expanded.join(', ')} are expanded and ${target} does not come after them: run \`migrate contract\` or \`migrate abort\` first`,
        );
      steps = steps.slice(expanded.length);
      if (steps.length === 0) throw refusedWhile(state, '--expand');
    }
    const recorded = await recordSteps(config, graph, steps);
    // A tenant's operations in its names, as its plain upgrade runs them (`--tenants` with a schema per tenant).
    const names = config.schemaMap ? schemaTranslation(config.schemaMap.template, config.schemaMap.schema) : undefined;
    const changes: ExpandChange[] = [];
    for (const step of steps) {
      const path = relative(config.root, step.revision.path);
      for (const recordedOp of recorded.get(step.revision.revision) ?? []) {
        if (names !== undefined && ownSchema(recordedOp.op, names)) continue;
        const op = names === undefined ? recordedOp.op : tenantOperation(recordedOp.op, names, path);
        const form = expandForm(op);
        if ('refused' in form)
          throw new AthanorError(
            'expand-refused',
            `${path}: ${describeOperation(op)} cannot be served in both versions (${form.refused}); nothing was changed`,
          );
        changes.push(...form.served);
      }
    }
    const revisions = steps.map((s) => s.revision.revision);
    const catalog = new Map<string, CatalogColumn[] | null>();
    for (const change of changes)
      if ('schema' in change) {
        const key = JSON.stringify([change.schema, change.table]);
        if (!catalog.has(key)) catalog.set(key, await readCatalogColumns(driver, change.schema, change.table));
        // A new name is checked against the tables there are.
        if (change.change === 'renameTable') {
          const to = JSON.stringify([change.schema, change.to]);
          if (!catalog.has(to)) catalog.set(to, await readCatalogColumns(driver, change.schema, change.to));
        }
      }
    let plan: ExpandPlan;
    try {
      plan = planExpand(
        revisions,
        current,
        versionSchemaName(revisions.at(-1)!, config.schemaMap?.schema),
        changes,
        (schema, table) => catalog.get(JSON.stringify([schema, table])) ?? null,
        state?.plan,
      );
      const [secured] = await rowSecurityBeforeInvoker(driver, plan.tables);
      if (secured !== undefined)
        throw new PlanRefusal(
          `table ${secured} has row-level security, which the new version's view of it keeps only from PostgreSQL 15 (security_invoker): apply the revision with a plain upgrade`,
        );
      const copied = viewsToCopy(plan, await readDependentViews(driver, [...plan.tables, ...plan.droppedTables]));
      plan = withVersionObjects({
        ...plan,
        views: await readViewCopies(driver, plan, copied, lockTimeoutOf(config, flags)),
      });
      await tryVersionObjects(driver, plan, lockTimeoutOf(config, flags));
    } catch (error) {
      if (!(error instanceof PlanRefusal)) throw error;
      const path = relative(config.root, steps.at(-1)!.revision.path);
      throw new AthanorError('expand-refused', `${path}: ${error.message}; nothing was changed`);
    }
    // Tenants of one database whose names give the same version schema (cut to 63 bytes, or lower-cased): the second is refused.
    if (config.schemaMap !== null && (await schemaExists(driver, plan.versionSchema)))
      throw refused(
        `schema ${plan.versionSchema}, where tenant ${config.schemaMap.schema}'s new version would be served, exists already (another tenant's?)`,
      );
    if (state === null) {
      await ensureBookkeeping(driver, bookkeeping(config));
      const create = createExpandStateSql(stateTable);
      const insert = insertExpandStateSql(stateTable, plan);
      await driver.exec('BEGIN');
      try {
        await driver.query(create.sql);
        await driver.query(insert.sql, insert.params);
        await driver.exec('COMMIT');
      } catch (error) {
        await driver.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } else {
      const replan = replanExpandStateSql(stateTable, plan);
      await driver.query(replan.sql, replan.params);
    }
    await runPhase(
      lockTimeoutOf(config, flags),
      driver,
      stateTable,
      { done: 0, progress: null },
      expandSteps(plan),
      [],
      notify,
    );
    await setPhase(driver, stateTable, 'expanded');
    return resultOf(plan, false);
  };
}

/** `migrate contract`: the tables take the new shape; the old version, the triggers and the version schema go. */
export function contract(options: CommandOptions, notify?: NoticeHandler): Promise<ExpandResult> {
  return underLock(options, notify, contractWork(notify));
}

/** `migrate contract --tenants ...`. */
export function contractTenants(options: CommandOptions, fleet: FleetFlags): Promise<TenantOutcome<ExpandResult>[]> {
  return onEachTenantLocked(options, fleet, contractWork());
}

function contractWork(notify?: NoticeHandler): ExpandWork<ExpandResult> {
  return async (config, driver, stateTable) => {
    const state = await readExpandState(driver, stateTable);
    if (state === null)
      throw refused('nothing is expanded: `migrate contract` finishes what `migrate upgrade head --expand` started');
    if (state.phase === 'expanding' || state.phase === 'aborting') throw refusedWhile(state, 'contract');
    const resumed = state.phase === 'contracting';
    if (!resumed) await setPhase(driver, stateTable, 'contracting');
    const graph = loadGraph(config, WITH_CHECKSUMS);
    const { plan } = state;
    const after = headsAfter(graph, plan);
    const finish = [
      ...versionChangeSql(config.versionTable, [...plan.previous], after),
      ...plan.revisions.map((revision) =>
        historyInsertSql(config.historyTable, {
          revision,
          action: 'upgrade',
          checksum: graph.has(revision) ? revisionChecksum(graph.get(revision)) : null,
          appliedAt: null,
          durationMs: null,
        }),
      ),
      deleteExpandStateSql(stateTable),
    ];
    await runPhase(
      lockTimeoutOf(config),
      driver,
      stateTable,
      resumed ? state : { done: 0, progress: null },
      contractSteps(plan),
      finish,
      notify,
    );
    return resultOf(plan, resumed);
  };
}

/** `migrate abort`: the old shape back, every write kept; the version table is left as it was. */
export function abort(options: CommandOptions, notify?: NoticeHandler): Promise<ExpandResult> {
  return underLock(options, notify, abortWork(notify));
}

/** `migrate abort --tenants ...`. */
export function abortTenants(options: CommandOptions, fleet: FleetFlags): Promise<TenantOutcome<ExpandResult>[]> {
  return onEachTenantLocked(options, fleet, abortWork());
}

function abortWork(notify?: NoticeHandler): ExpandWork<ExpandResult> {
  return async (config, driver, stateTable) => {
    const state = await readExpandState(driver, stateTable);
    if (state === null) throw refused('nothing is expanded: `migrate abort` undoes a `migrate upgrade head --expand`');
    const resumed = state.phase === 'aborting';
    if (!resumed) await setPhase(driver, stateTable, 'aborting');
    await runPhase(
      lockTimeoutOf(config),
      driver,
      stateTable,
      resumed ? state : { done: 0, progress: null },
      abortSteps(state.plan),
      [deleteExpandStateSql(stateTable)],
      notify,
    );
    return resultOf(state.plan, resumed);
  };
}

/** Refuses a plain `upgrade` or `downgrade` while an expand is in flight. */
export async function refuseWhileExpanded(config: ResolvedConfig, driver: Driver, verb: string): Promise<void> {
  const state = await readExpandState(driver, config.expandTable);
  if (state === null) return;
  throw refused(
    `revision ${state.plan.revisions.at(-1)} is expanded (${state.phase}): run \`migrate contract\` or \`migrate abort\` before \`migrate ${verb}\``,
  );
}

function refusedWhile(state: ExpandState, command: string): AthanorError {
  const last = state.plan.revisions.at(-1);
  switch (state.phase) {
    case 'expanding':
      return refused(
        `the expand of revision ${last} did not finish: run \`migrate upgrade head --expand\` again, or \`migrate abort\`, before \`${command}\``,
      );
    case 'expanded':
      return refused(`revision ${last} is already expanded: run \`migrate contract\` or \`migrate abort\` first`);
    case 'contracting':
      return refused(`the contract of revision ${last} did not finish: run \`migrate contract\` again`);
    case 'aborting':
      return refused(`the abort of revision ${last} did not finish: run \`migrate abort\` again`);
  }
}

async function setPhase(driver: Driver, stateTable: VersionTableName, phase: ExpandPhase): Promise<void> {
  const statement = expandPhaseSql(stateTable, phase);
  await driver.query(statement.sql, statement.params);
}

function runPhase(
  lockTimeout: string,
  driver: Driver,
  stateTable: VersionTableName,
  state: Pick<ExpandState, 'done' | 'progress'>,
  steps: ReturnType<typeof expandSteps>,
  finish: Parameters<typeof runExpandSteps>[0]['finish'],
  notify?: NoticeHandler,
): Promise<void> {
  void notify;
  return runExpandSteps({ driver, stateTable, lockTimeout, finish }, steps, state);
}

/** The version rows once the expanded revisions are applied: the previous heads, less those the revisions stand on, and the new heads. */
function headsAfter(graph: RevisionGraph, plan: ExpandPlan): string[] {
  const below = new Set(plan.revisions.flatMap((r) => (graph.has(r) ? graph.get(r).downRevisions : [])));
  const all = [...plan.previous, ...plan.revisions];
  return all.filter((r) => !below.has(r));
}

const resultOf = (plan: ExpandPlan, resumed: boolean): ExpandResult => ({
  revisions: [...plan.revisions],
  versionSchema: plan.versionSchema,
  resumed,
});
