import { needsAutocommit, renderDowngradeBody, renderUpgradeBody } from '../../autogen/render/render-revision-body.js';
import { onlinePlan, tablesToBackfill } from '../../autogen/plan/online.js';
import { castsToAsk, withUsingToWrite } from '../../autogen/plan/text-casts.js';
import { castsMissing } from '../../pg/catalog/catalog-casts.js';
import { downgradePlan } from '../../autogen/compare.js';
import { chunkByLocks } from '../../autogen/order/lock-chunks.js';
import type { PlanMode } from '../../config/define-config.js';
import { qualifiedKey, type SchemaModel } from '../../schema/model.js';
import type { ResolvedConfig } from '../../config/load-config.js';
import { describeOperation, hazardOf, isDestructive } from '../../ops/describe.js';
import { revisionHazards, type Hazard } from '../../ops/hazards.js';
import { upgradeOperations, type Operation, type OperationOf } from '../../ops/operation.js';
import { quoteIdents } from '../../pg/quote.js';
import { compileOperation } from '../../pg/ddl/compile.js';
import type { Driver } from '../../pg/connection/driver.js';
import { mapOperationNames, schemaTranslation } from '../../fleet/map-operation-names.js';
import { readTablesWithRows, readTableSizes, type TableSize } from '../../pg/rows/table-sizes.js';
import { describeLockTable, readLockTable, revisionLockBudget } from '../../pg/locks/lock-table.js';
import { renderRevisionFile } from '../../runtime/files/revision-file.js';
import { notExpandable } from '../../ops/expand/expand-lint.js';
import type { RevisionGraph } from '../../runtime/graph/revision-graph.js';
import { readVersions } from '../../pg/run/version-table.js';
import { checkCurrent } from '../../runtime/graph/plan.js';
import { AthanorError } from '../../util/errors.js';
import { newRevision, writeNewRevision } from './new-revision.js';
import { diffDatabase } from '../compare/diff.js';
import type { RenameOptions } from '../compare/renames.js';
import { questionLines } from '../../autogen/renames/decide.js';
import { resolveTenants } from '../shared/fleet.js';
import {
  loadGraph,
  loadProject,
  progressOf,
  withConfigDatabase,
  type CommandOptions,
  type NoticeHandler,
} from '../shared/project.js';
import { placeRevision, type Placement, type PlacementOptions } from './revision-parents.js';

export interface SizedHazard extends Hazard {
  size?: TableSize;
}

export interface RevisionOptions extends PlacementOptions {
  message: string;
  autogenerate?: boolean;
  /** Use this id instead of a random one (12 hex characters by default). */
  revId?: string;
  /** The creation time written into the file; now by default. */
  now?: Date;
  /** With a fleet configured: the tenant autogenerate compares with (default the first). */
  tenant?: string;
  /** How rename candidates are decided besides the model's hints: flags, and a prompt in a terminal. */
  renames?: RenameOptions;
  /** The plan's form for existing tables; the config's `plan` by default. */
  plan?: PlanMode;
  /** With `autogenerate`: write a revision even when the comparison finds no changes (`--allow-empty`). */
  allowEmpty?: boolean;
}

/** What `revision` gives: the file it wrote, or, when autogenerate found no changes, that it wrote none. */
export type RevisionResult = WrittenRevision | NoChanges;

/** Autogenerate found nothing to write, and `allowEmpty` was not given: no file was written. */
export interface NoChanges {
  written: false;
  /** Differences seen but not written. */
  unsupported: string[];
}

export interface WrittenRevision {
  written: true;
  path: string;
  revision: string;
  operations: Operation[];
  /** Each operation described, in order (`add column public.posts.slug`): what autogenerate detected. */
  detected: string[];
  /** Operations that destroy data, described, for the user to review. */
  hazards: string[];
  /** Every other hazard of the operations, the one on the largest table first, with that table's estimated size. */
  risks?: SizedHazard[];
  /** Differences seen but not written. */
  unsupported: string[];
  /** The post-write hooks that ran on the file. */
  hooks: string[];
  /**
   * When the operations would hold more locks than a revision may (the
   * server's lock table), they are written as several revisions, each on the
   * one before: why, and each one's id and path, first to last. `path` and
   * `revision` above are the last's.
   */
  split?: { reason: string; revisions: { revision: string; path: string }[] };
}

/** `migrate revision -m MSG [--autogenerate]`: writes a new revision file. */
export async function revision(
  options: CommandOptions,
  rev: RevisionOptions,
  notify?: NoticeHandler,
): Promise<RevisionResult> {
  if (!rev.autogenerate) {
    if (rev.tenant !== undefined)
      throw new AthanorError(
        'bad-option',
        '--tenant chooses the tenant --autogenerate compares with; add --autogenerate',
      );
    const config = await loadProject(options);
    const graph = loadGraph(config);
    return writeRevision(config, graph, placeRevision(graph, rev), rev, [], []);
  }
  const config = await autogenerateTarget(await loadProject(options), rev.tenant);
  const graph = loadGraph(config);
  // Where the revision goes is known before the database is read: several heads are refused first.
  const placement = placeRevision(graph, rev);
  return withConfigDatabase(config, notify, async (config, driver) => {
    const current = await readVersions(driver, config.versionTable);
    const reading = graph.forDatabase(current);
    checkCurrent(reading, current);
    refuseBehind(current, reading.heads());
    const progress = progressOf(notify);
    const diff = await diffDatabase(
      config,
      driver,
      {},
      {
        ...(rev.renames ? { renames: rev.renames } : {}),
        ...(progress ? { progress } : {}),
        createRoles: (roles) => notify?.({ type: 'roles-creating', roles }),
      },
    );
    if (diff.renames.length > 0) {
      throw new AthanorError(
        'rename-undecided',
        `${diff.renames.length} possible rename(s) need a decision, and no revision was written:`,
        { details: questionLines(diff.renames) },
      );
    }
    if (diff.operations.length === 0 && rev.allowEmpty !== true)
      return { written: false, unsupported: diff.unsupported };
    const planned = await plannedOperations(config, driver, rev, diff.operations, diff.current);
    const { operations, notes } = withUsingToWrite(planned, await castsMissing(driver, castsToAsk(planned)));
    const templated = await templateOperations(config, driver, operations);
    // The sizes are the compared database's own: its tables, before names move to the template schema.
    const unsupported = [...diff.unsupported, ...notes];
    const written = await writeWithinLocks(config, graph, placement, rev, templated, unsupported, driver);
    return { ...written, risks: await rankedRisks(driver, upgradeOperations(operations), config.lockTimeout) };
  });
}

/**
 * The operations in the plan's form. The online form commits part way, which
 * a run in one transaction cannot do: with `transactionPerRevision: false` the
 * plan is simple. It backfills the NOT NULL columns without a default added
 * to tables that hold rows (read here).
 */
async function plannedOperations(
  config: ResolvedConfig,
  driver: Driver,
  rev: RevisionOptions,
  operations: Operation[],
  current: SchemaModel,
): Promise<Operation[]> {
  const mode = rev.plan ?? config.plan;
  if (mode !== 'online' || !config.transactionPerRevision) return operations;
  // Only tables the database has (`current` has them once the revision's renames are made), read under the
  // names they have before those renames.
  const live = new Set(current.tables.map((t) => qualifiedKey(t.schema, t.name)));
  const candidates = tablesToBackfill(operations).filter((t) => live.has(qualifiedKey(t.schema, t.name)));
  const withRows = await readTablesWithRows(
    driver,
    candidates.map((t) => ({ ...t.stored, key: qualifiedKey(t.schema, t.name) })),
  );
  return onlinePlan(operations, current, new Set(withRows.map((t) => t.key)));
}

/** With a fleet configured, autogenerate compares the model with one tenant: the one named, else the first. */
async function autogenerateTarget(config: ResolvedConfig, tenant: string | undefined): Promise<ResolvedConfig> {
  if (config.tenants === null) {
    if (tenant !== undefined)
      throw new AthanorError('no-tenants', `--tenant needs \`tenants\` in ${config.configPath}`);
    return config;
  }
  const fleet = await resolveTenants(config);
  const chosen = tenant === undefined ? fleet[0] : fleet.find((t) => t.name === tenant);
  if (chosen === undefined) {
    throw new AthanorError(
      'unknown-tenant',
      tenant === undefined
        ? `the fleet in ${config.configPath} has no tenant to compare with; add one`
        : `no tenant "${tenant}" in the fleet; run \`migrate current --tenants all\` to list them`,
    );
  }
  return chosen.config;
}

/** A tenant schema's operations written back in the template schema's names (spelled as the server would), as revision files are. */
async function templateOperations(
  config: ResolvedConfig,
  driver: Driver,
  operations: Operation[],
): Promise<Operation[]> {
  if (!config.schemaMap) return operations;
  const { template, schema } = config.schemaMap;
  const back = schemaTranslation(schema, template, (await quoteIdents(driver, [template])).get(template));
  return operations.map((op) => mapOperationNames(op, back));
}

/**
 * Autogenerate compares the model with a database at the heads: one behind
 * them is refused, with the upgrade that brings it there (`heads` when there
 * are several, which only a revision placed with --head gets this far with).
 */
function refuseBehind(current: string[], heads: string[]): void {
  if (heads.slice().sort().join() === current.slice().sort().join()) return;
  const several = heads.length > 1;
  throw new AthanorError(
    'not-at-head',
    `the database is not up to date (at ${current.join(', ') || 'base'}, ${several ? 'heads are' : 'head is'} ${heads.join(', ') || 'base'}); run \`migrate upgrade ${several ? 'heads' : 'head'}\` before autogenerating`,
  );
}

/**
 * The revision, or, when its upgrade or downgrade would hold more relation
 * locks than half the server's lock table (`revisionLockBudget`), several
 * revisions on one another, each a run of the ordered operations
 * (`chunkByLocks`): a revision runs in one transaction, and a transaction
 * that needs more locks than the table holds fails with `out of shared
 * memory`. With one transaction for the whole run, cutting does not help,
 * and `upgrade` says so before it runs anything.
 */
async function writeWithinLocks(
  config: ResolvedConfig,
  graph: RevisionGraph,
  placement: Placement,
  rev: RevisionOptions,
  operations: Operation[],
  unsupported: string[],
  driver: Driver,
): Promise<WrittenRevision> {
  const lockTable = await readLockTable(driver);
  const budget = revisionLockBudget(lockTable);
  // Enum values the rest uses, where the enum cannot be replaced: committed by a revision of their own first.
  const first = operations.filter(
    (op): op is OperationOf<'addEnumValue'> => op.kind === 'addEnumValue' && op.committedFirst === true,
  );
  const firstSet = new Set<Operation>(first);
  const rest = operations.filter((op) => !firstSet.has(op));
  const { chunks: restChunks, locks } = chunkByLocks(rest, budget);
  const chunks = first.length > 0 && rest.length > 0 ? [first, ...restChunks] : restChunks;
  if (chunks.length === 1 || !config.transactionPerRevision) {
    const oneTransaction = first.length > 0 && rest.length > 0 && !config.transactionPerRevision;
    const why = oneTransaction ? [enumValuesInOneTransaction(first)] : [];
    return writeRevision(config, graph, placement, rev, operations, [...unsupported, ...why]);
  }
  const written: WrittenRevision[] = [];
  for (const [i, chunk] of chunks.entries()) {
    const previous = written.at(-1);
    const last = i === chunks.length - 1;
    const { revId, ...rest } = rev;
    written.push(
      await writeRevision(
        config,
        graph,
        previous === undefined ? placement : { downRevisions: [previous.revision], branchLabels: [], dependsOn: [] },
        {
          ...rest,
          ...(last && revId !== undefined ? { revId } : {}),
          message: `${rev.message} (${i + 1} of ${chunks.length})`,
        },
        chunk,
        last ? unsupported : [],
      ),
    );
  }
  const head = written.at(-1)!;
  const reasons = [
    ...(chunks.length > restChunks.length
      ? [`the values added to ${enumsOf(first)} are committed by the first before the others use them`]
      : []),
    ...(restChunks.length > 1
      ? [
          `in one transaction the changes would hold about ${locks.toLocaleString('en-US')} locks, and ${describeLockTable(lockTable)}; each revision holds at most ${budget.toLocaleString('en-US')}, leaving the rest to other sessions`,
        ]
      : []),
  ];
  const reason = `written as ${chunks.length} revisions: ${reasons.join('; and ')}`;
  return {
    ...head,
    operations: upgradeOperations(operations),
    detected: written.flatMap((w) => w.detected),
    hazards: written.flatMap((w) => w.hazards),
    hooks: written.flatMap((w) => w.hooks),
    split: { reason, revisions: written.map(({ revision, path }) => ({ revision, path })) },
  };
}

/** The enums of some `addEnumValue` operations, for a message. */
function enumsOf(additions: readonly OperationOf<'addEnumValue'>[]): string {
  const names = [...new Set(additions.map((op) => `${op.schema}.${op.name}`))];
  return `${names.length === 1 ? 'enum' : 'enums'} ${names.join(', ')}`;
}

/** Why values added and used cannot work when the whole run is one transaction. */
function enumValuesInOneTransaction(additions: readonly OperationOf<'addEnumValue'>[]): string {
  return `the values added to ${enumsOf(additions)} are used in the same run, which \`transactionPerRevision: false\` makes one transaction: Postgres refuses a value before its addition commits; apply the additions alone first`;
}

async function writeRevision(
  config: ResolvedConfig,
  graph: RevisionGraph,
  placement: Placement,
  rev: RevisionOptions,
  operations: Operation[],
  unsupported: string[],
): Promise<WrittenRevision> {
  const target = newRevision(config, graph, rev.revId, rev.message);
  // The downgrade is planned from every operation, the upgrade runs those not there for the downgrade only.
  const upgrade = upgradeOperations(operations);
  const source = renderRevisionFile({
    revision: target.id,
    downRevisions: placement.downRevisions,
    dependsOn: placement.dependsOn,
    branchLabels: placement.branchLabels,
    message: rev.message,
    createDate: (rev.now ?? new Date()).toISOString(),
    upgradeBody: renderUpgradeBody(upgrade, { lockTimeout: config.lockTimeout, statements: compileOperation }),
    downgradeBody: renderDowngradeBody(downgradePlan(operations), { statements: compileOperation }),
    ...(needsAutocommit(operations) ? { transactional: false } : {}),
    notExpandable: notExpandable(upgrade).length,
  });
  const hooks = await writeNewRevision(config, target, source);
  return {
    written: true,
    path: target.path,
    revision: target.id,
    operations: upgrade,
    detected: upgrade.map(describeOperation),
    hazards: upgrade.filter(isDestructive).map((op) => `${describeOperation(op)} (${hazardOf(op)})`),
    unsupported,
    hooks,
  };
}

/** The hazards other than data loss, with the estimated size of their tables, largest first. */
async function rankedRisks(
  driver: Driver,
  operations: Operation[],
  lockTimeout: string | null,
): Promise<SizedHazard[]> {
  const found = revisionHazards(operations, { lockTimeout })
    .flat()
    .filter((h) => h.kind !== 'data-loss');
  const sizes = await readTableSizes(
    driver,
    found.flatMap((h) => (h.table ? [h.table] : [])),
  );
  const sized = found.map((h): SizedHazard => {
    const size = h.table ? sizes.get(`${h.table.schema}.${h.table.name}`) : undefined;
    return size ? { ...h, size } : h;
  });
  return sized.sort((a, b) => (b.size?.rows ?? -1) - (a.size?.rows ?? -1));
}
