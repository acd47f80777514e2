import { basename } from 'node:path';
import { diffModels, downgradePlan, type ModelComparison } from '../../autogen/compare.js';
import { needsAutocommit, renderDowngradeBody, renderUpgradeBody } from '../../autogen/render/render-revision-body.js';
import { bookkeepingTables, type ResolvedConfig } from '../../config/load-config.js';
import { describeOperation } from '../../ops/describe.js';
import { upgradeOperations, type Operation } from '../../ops/operation.js';
import type { Driver } from '../../pg/connection/driver.js';
import { compileOperation } from '../../pg/ddl/compile.js';
import { reflectSchema } from '../../pg/reflect.js';
import { withTextsAsCreated } from '../../canonical/canonical-fixpoint.js';
import { openScratchDatabase, scratchServerUrl } from '../../pg/scratch/scratch-database.js';
import { ensureBookkeeping, readVersions } from '../../pg/run/version-table.js';
import { renderRevisionFile } from '../../runtime/files/revision-file.js';
import { planUpgrade } from '../../runtime/graph/plan.js';
import { parseTarget, resolveRevisions, singleHead } from '../../runtime/graph/targets.js';
import type { RevisionGraph } from '../../runtime/graph/revision-graph.js';
import type { RevisionModules } from '../../runtime/run/load-revisions.js';
import { runMigration } from '../../runtime/run/runner.js';
import type { SchemaModel } from '../../schema/model.js';
import { AthanorError } from '../../util/errors.js';
import { newRevision, writeNewRevision } from './new-revision.js';
import { onEachTenant } from '../shared/fleet.js';
import { dataStepLine, dataSteps, type DataStep } from './squash-data-steps.js';
import {
  bookkeeping,
  loadGraph,
  loadProject,
  runSettings,
  withConfigDatabase,
  type CommandOptions,
} from '../shared/project.js';

export interface SquashOptions {
  /** `REV` (from base) or `BASE..REV`: the squash replaces the revisions after BASE up to REV. */
  range: string;
  message: string;
  revId?: string;
  /** The creation time written into the file; now by default. */
  now?: Date;
  /** A server url on which the scratch database is created (and dropped); PGlite in memory when absent. */
  url?: string;
  /** Write the squash although revisions of the range change data: what they do to rows is left out of it. */
  dropDataSteps?: boolean;
}

export interface SquashResult {
  path: string;
  revision: string;
  /** Where the squash starts: its down revision, or null from base. */
  base: string | null;
  /** The revisions it replaces, parents first; the last is where it ends. */
  replaces: string[];
  operations: Operation[];
  /** Each operation described, in order. */
  detected: string[];
  /** The data steps of the replaced revisions that the squash leaves out (with `dropDataSteps`). */
  dropped: DataStep[];
  hooks: string[];
}

/** The range of a squash: where it starts, and the revisions it replaces, parents first. */
export interface SquashRange {
  base: string | null;
  replaces: string[];
}

/**
 * `migrate squash [BASE..]REV -m MSG`: writes one revision that builds the
 * schema at REV from the schema at BASE (or from nothing). The schemas are
 * those the history produces, on a scratch database; their difference is
 * written as autogenerate writes it. The new revision `replaces` the range:
 * a database inside it goes on through the replaced files, any other runs the
 * squash (runtime/graph/squashes.ts).
 */
export async function squash(options: CommandOptions, opts: SquashOptions): Promise<SquashResult> {
  const server = opts.url === undefined ? null : scratchServerUrl(opts.url);
  const config = await loadProject(options);
  const graph = loadGraph(config);
  const range = squashRange(graph, opts.range);
  const modules: RevisionModules = new Map();
  const steps = await dataSteps(
    config,
    graph,
    range.replaces.map((id) => graph.get(id)),
    modules,
  );
  if (steps.length > 0 && !opts.dropDataSteps) {
    throw new AthanorError(
      'squash-data-steps',
      `${steps.length} revision(s) of the range change data, which a schema cannot show and the squash would leave out; move that work elsewhere, squash a smaller range, or add --drop-data-steps to write the squash without it:`,
      { details: steps.map(dataStepLine) },
    );
  }
  const target = newRevision(config, graph, opts.revId, opts.message);
  const comparison = await comparisonOfRange(config, graph, range, server, modules);
  if (comparison.unsupported.length > 0) {
    throw new AthanorError(
      'squash-unsupported',
      `the schema at ${range.replaces.at(-1)} differs from the one at ${range.base ?? 'base'} in ways autogenerate cannot write, so the squash would not build it; squash a range that leaves them out:`,
      { details: comparison.unsupported },
    );
  }
  // The downgrade is planned from every operation, the upgrade runs those not there for the downgrade only.
  const operations = upgradeOperations(comparison.operations);
  const hooks = await writeNewRevision(
    config,
    target,
    renderRevisionFile({
      revision: target.id,
      downRevisions: range.base === null ? [] : [range.base],
      replaces: range.replaces,
      message: opts.message,
      createDate: (opts.now ?? new Date()).toISOString(),
      upgradeBody: renderUpgradeBody(operations, { lockTimeout: config.lockTimeout, statements: compileOperation }),
      downgradeBody: renderDowngradeBody(downgradePlan(comparison.operations), { statements: compileOperation }),
      ...(needsAutocommit(comparison.operations) ? { transactional: false } : {}),
    }),
  );
  return {
    path: target.path,
    revision: target.id,
    base: range.base,
    replaces: range.replaces,
    operations,
    detected: operations.map(describeOperation),
    dropped: steps,
    hooks,
  };
}

/**
 * The revisions `[BASE..]REV` names: REV and its ancestors that are not BASE's.
 * The range must be left only through REV: no revision outside it may
 * continue or depend on another member, so that a database outside the range
 * never holds part of it. A member may declare no branch label (the squash
 * takes their place in the graph, not their names), nor be a squash whose
 * replaced files are still there.
 */
export function squashRange(graph: RevisionGraph, text: string): SquashRange {
  const parts = text.split('..');
  if (parts.length > 2 || parts.some((p) => p.trim() === ''))
    throw new AthanorError('squash-range', `"${text}" is not a range; write REV or BASE..REV, e.g. ae10..c3f2`);
  const end = rangeEnd(graph, parts[parts.length - 1]!.trim());
  if (end === null) throw new AthanorError('squash-range', `${text} ends at base: there is nothing to squash`);
  const base = parts.length === 2 ? rangeEnd(graph, parts[0]!.trim()) : null;
  const below = base === null ? new Set<string>() : graph.ancestors([base]);
  if (base !== null && !graph.ancestors([end]).has(base))
    throw new AthanorError(
      'squash-range',
      `${base} is not an ancestor of ${end}; the range BASE..REV goes up from BASE`,
    );
  const inside = graph.ancestors([end]);
  for (const id of below) inside.delete(id);
  const replaces = graph.ordered.map((h) => h.revision).filter((id) => inside.has(id));
  if (replaces.length < 2)
    throw new AthanorError(
      'squash-range',
      `${text} holds ${replaces.length} revision(s); a squash replaces two or more`,
    );
  for (const id of replaces) {
    const header = graph.get(id);
    if (header.branchLabels?.length)
      throw new AthanorError(
        'squash-range',
        `${id} (${basename(header.path)}) declares the branch label ${header.branchLabels.join(', ')}, which the squash would hide; squash a range that starts after it`,
      );
    if (header.replaces?.some((r) => graph.squashes.squashOf(r)?.present.includes(r)))
      throw new AthanorError(
        'squash-range',
        `${id} is a squash whose replaced files are still there; delete them first (\`migrate squash --prune\` says when) or squash a range after it`,
      );
    if (id === end) continue;
    const outside = graph.childrenOf(id).filter((child) => !inside.has(child));
    if (outside.length > 0)
      throw new AthanorError(
        'squash-range',
        `${outside.join(', ')} ${outside.length > 1 ? 'continue or depend on' : 'continues or depends on'} ${id}, inside the range but not its end; a squash is left only through ${end}, so end the range at a revision every later one comes after`,
      );
  }
  return { base, replaces };
}

/**
 * The revision an end of the range names, as `show` reads targets (an id or
 * prefix, a label, head, X@head, REV-N); null for base. `heads` is taken when
 * it names one revision.
 */
function rangeEnd(graph: RevisionGraph, text: string): string | null {
  const ids =
    parseTarget(text).kind === 'head' ? [singleHead(graph, 'head', SQUASH_ENDS)] : resolveRevisions(graph, text);
  if (ids.length > 1)
    throw new AthanorError(
      'squash-range',
      `${text} names ${ids.length} revisions (${ids.join(', ')}); a range ends at one: ${SQUASH_ENDS}`,
    );
  return ids[0] ?? null;
}

/** What names one revision where a squash's range ends, besides `head` with one head. */
const SQUASH_ENDS = 'LABEL@head or a revision id';

/**
 * The schemas at the range's base and end, as the history builds them on a
 * scratch database, compared; the texts the operations create written as
 * created (`withTextsAsCreated`), there.
 */
async function comparisonOfRange(
  config: ResolvedConfig,
  graph: RevisionGraph,
  range: SquashRange,
  server: string | null,
  modules: RevisionModules,
): Promise<ModelComparison> {
  const scratch = await openScratchDatabase(server);
  try {
    const driver = scratch.driver;
    const tables = bookkeeping(config);
    await ensureBookkeeping(driver, tables);
    // Revisions are written in the template's names: the scratch database runs them as written.
    const { names: _names, ...settings } = runSettings(config);
    const upTo = (target: string): Promise<unknown> =>
      runMigration({ driver, graph, tables, ...settings, modules, watchLocks: false }, (current) =>
        planUpgrade(graph, current, target),
      );
    if (range.base !== null) await upTo(range.base);
    const before = await reflectAll(config, driver);
    // Up to the end of the range, through the revisions the squash replaces.
    await upTo(range.replaces.at(-1)!);
    const after = await reflectAll(config, driver);
    const comparison = diffModels(before, after);
    return { ...comparison, operations: await withTextsAsCreated(driver, comparison.operations, [after, before]) };
  } finally {
    await scratch.dispose();
  }
}

function reflectAll(config: ResolvedConfig, driver: Driver): Promise<SchemaModel> {
  // The privileges the project manages are part of what the range does.
  return reflectSchema(driver, {
    exclude: bookkeepingTables(config),
    privileges: config.privileges,
    owners: config.owners,
  });
}

/** A squash whose replaced files are still there. */
export interface PrunableSquash {
  revision: string;
  replaces: string[];
  /** The replaced files still in the versions folder. */
  files: string[];
  /** The databases (or tenants) whose version rows name a replaced revision: they still need the files. */
  needed: string[];
}

/** Where one database stands, for `--prune`. */
export interface PruneDatabase {
  /** `database` (the config's), or the tenant's name. */
  name: string;
  rows: string[];
  /** The squashes whose ranges hold a row, each with the row: these files are still needed. */
  inside: { squash: string; row: string; atEnd: boolean }[];
  /** Why the database could not be read (a tenant that failed). */
  error?: string;
}

export interface PruneResult {
  squashes: PrunableSquash[];
  databases: PruneDatabase[];
  /** The replaced files no database read needs: those of the squashes no database is inside. */
  deletable: string[];
}

export interface PruneOptions {
  /** Read these tenants of the fleet (`all`, `NAME,NAME`, a pattern) instead of the config's database. */
  tenants?: string;
  concurrency?: number;
}

/**
 * `migrate squash --prune`: which databases are still inside a squash's
 * range (their version rows name a replaced revision) and so still need its
 * replaced files. Once none is, and none could not be read, the files can go.
 */
export async function squashPrune(options: CommandOptions, prune: PruneOptions = {}): Promise<PruneResult> {
  const config = await loadProject(options);
  const graph = loadGraph(config);
  const squashes = graph.squashes.list.filter((s) => s.present.length > 0);
  const read = (c: ResolvedConfig, driver: Driver): Promise<string[]> => readVersions(driver, c.versionTable);
  const databases: PruneDatabase[] = [];
  if (squashes.length > 0 && prune.tenants === undefined) {
    databases.push(placed(graph, 'database', await withConfigDatabase(config, undefined, read)));
  } else if (squashes.length > 0) {
    const outcomes = await onEachTenant(
      options,
      { tenants: prune.tenants!, ...(prune.concurrency ? { concurrency: prune.concurrency } : {}) },
      read,
    );
    for (const outcome of outcomes) {
      databases.push(
        outcome.result === undefined
          ? { name: outcome.tenant, rows: [], inside: [], error: outcome.error ?? outcome.status }
          : placed(graph, outcome.tenant, outcome.result),
      );
    }
  }
  const unread = databases.some((d) => d.error !== undefined);
  const listed = squashes.map((s): PrunableSquash => ({
    revision: s.revision,
    replaces: s.replaces,
    files: s.files,
    needed: databases.filter((d) => d.inside.some((i) => i.squash === s.revision)).map((d) => d.name),
  }));
  return {
    squashes: listed,
    databases,
    deletable: unread ? [] : listed.filter((s) => s.needed.length === 0).flatMap((s) => s.files),
  };
}

function placed(graph: RevisionGraph, name: string, rows: string[]): PruneDatabase {
  const inside = rows.flatMap((row) => {
    const squash = graph.squashes.squashOf(row);
    return squash === undefined ? [] : [{ squash: squash.revision, row, atEnd: row === squash.end }];
  });
  return { name, rows, inside };
}
