import type { ResolvedConfig } from '../../config/load-config.js';
import { readExpandState, type ExpandPhase } from '../../pg/expand/expand-state.js';
import type { Driver } from '../../pg/connection/driver.js';
import { readAppliedRecords } from '../../pg/run/version-table.js';
import { onEachTenant, type FleetFlags, type TenantOutcome } from '../shared/fleet.js';
import { rangeNeedsDatabase, revisionsInRange } from '../../runtime/graph/history-range.js';
import type { RevisionGraph } from '../../runtime/graph/revision-graph.js';
import { readVersions } from '../../pg/run/version-table.js';
import {
  loadGraph,
  loadProject,
  openDatabase,
  withDatabase,
  type CommandOptions,
  type NoticeHandler,
} from '../shared/project.js';

export interface RevisionInfo {
  revision: string;
  downRevisions: string[];
  /** Revisions (ids or labels) it depends on, on other branches. */
  dependsOn: string[];
  /** The branch labels that name it (declared on it or inherited along its branch). */
  branchLabels: string[];
  message: string;
  createDate: string | null;
  path: string;
  isHead: boolean;
  isBase: boolean;
  isBranchPoint: boolean;
  isMerge: boolean;
  /** The database records it as a head (only when the command read the database). */
  isCurrent: boolean;
  /** False when it runs statements outside a transaction. */
  transactional: boolean;
  /** A squash: the revisions it replaces, parents first. */
  replaces?: string[];
  /** A replaced revision the database is inside: the squash that replaces it (it is then not a head). */
  replacedBy?: string;
}

export interface AppliedRevisionInfo extends RevisionInfo {
  /** When it was applied (or stamped) and how long it ran, from the history table. */
  appliedAt: string | null;
  durationMs: number | null;
}

export interface CurrentResult {
  /** The revision ids recorded in the database; empty at base. */
  current: string[];
  revisions: AppliedRevisionInfo[];
  /** Recorded ids no file defines. */
  unknown: string[];
  /**
   * While `migrate upgrade --expand` serves two versions: the new one, its
   * revisions and the schema of views that serves it (`current` is the old
   * one, on the tables as they are). Absent otherwise. `replacing`: while
   * revisions are expanded over expanded ones, the schema that serves those
   * until this expand's views take its place.
   */
  expand?: { revisions: string[]; versionSchema: string; phase: ExpandPhase; startedAt: string; replacing?: string };
}

/** Describes revisions for listings; computes the graph facts once. */
export function revisionInfo(graph: RevisionGraph, current: Iterable<string> = []): (id: string) => RevisionInfo {
  const heads = new Set(graph.heads());
  const currentSet = new Set(current);
  return (id) => {
    const h = graph.get(id);
    // A replaced revision is never a head: the files' head is the squash (as `heads` says), whichever reading lists it.
    const replacedBy = graph.squashes.squashOf(id)?.revision;
    return {
      revision: h.revision,
      downRevisions: h.downRevisions,
      dependsOn: h.dependsOn ?? [],
      branchLabels: graph.labelsOf(id),
      message: h.message,
      createDate: h.createDate,
      path: h.path,
      isHead: heads.has(id) && replacedBy === undefined,
      isBase: h.downRevisions.length === 0,
      isBranchPoint: graph.versionedChildrenOf(id).length > 1,
      isMerge: h.downRevisions.length > 1,
      isCurrent: currentSet.has(id),
      transactional: h.transactional !== false,
      ...(h.replaces ? { replaces: h.replaces } : {}),
      ...(replacedBy !== undefined ? { replacedBy } : {}),
    };
  };
}

/** `migrate current`: the revisions the database is at, with when they were applied. */
export function current(options: CommandOptions, notify?: NoticeHandler): Promise<CurrentResult> {
  return withDatabase(options, notify, (config, driver) => currentOf(config, driver, loadGraph(config)));
}

async function currentOf(config: ResolvedConfig, driver: Driver, files: RevisionGraph): Promise<CurrentResult> {
  const ids = await readVersions(driver, config.versionTable);
  // A database inside a squash's range reads the revisions it replaces.
  const graph = files.forDatabase(ids);
  const records = await readAppliedRecords(driver, config.historyTable);
  const describe = revisionInfo(graph, ids);
  const expand = await readExpandState(driver, config.expandTable);
  return {
    ...(expand === null
      ? {}
      : {
          expand: {
            revisions: [...expand.plan.revisions],
            versionSchema: expand.plan.versionSchema,
            phase: expand.phase,
            startedAt: expand.startedAt,
            ...(expand.phase === 'expanding' && expand.plan.over !== undefined
              ? { replacing: expand.plan.over.versionSchema }
              : {}),
          },
        }),
    current: ids,
    revisions: ids
      .filter((id) => graph.has(id))
      .map((id) => ({
        ...describe(id),
        appliedAt: records.get(id)?.appliedAt ?? null,
        durationMs: records.get(id)?.durationMs ?? null,
      })),
    unknown: ids.filter((id) => !graph.has(id)),
  };
}

/** `migrate current --tenants ...`: where each selected tenant is. */
export function currentTenants(options: CommandOptions, fleet: FleetFlags): Promise<TenantOutcome<CurrentResult>[]> {
  let graph: RevisionGraph | null = null;
  return onEachTenant(options, fleet, (config, driver) => currentOf(config, driver, (graph ??= loadGraph(config))));
}

export interface HistoryOptions {
  /** `START:END`, e.g. `base:head`, `ae10:`, `:current`, `-3:current`. */
  range?: string;
  /** Read the database to mark the current revisions. */
  indicateCurrent?: boolean;
}

/** `migrate history`: the revisions, newest first; reads the database only when asked to. */
export async function history(
  options: CommandOptions,
  opts: HistoryOptions = {},
  notify?: NoticeHandler,
): Promise<RevisionInfo[]> {
  const config = await loadProject(options);
  const needsDatabase = !!opts.indicateCurrent || rangeNeedsDatabase(opts.range);
  const ids = needsDatabase ? await readCurrent(config, notify) : [];
  // A database inside a squash's range reads the revisions it replaces.
  const graph = loadGraph(config).forDatabase(ids);
  const describe = revisionInfo(graph, ids);
  const listed = opts.range
    ? revisionsInRange(graph, opts.range, ids)
    : [...graph.ordered].reverse().map((h) => h.revision);
  return listed.map(describe);
}

/** The current rows, for a command that otherwise reads no database. */
export async function readCurrent(config: ResolvedConfig, notify?: NoticeHandler): Promise<string[]> {
  const driver = await openDatabase(config, notify);
  try {
    return await readVersions(driver, config.versionTable);
  } finally {
    await driver.close();
  }
}

/**
 * `migrate heads`: the revisions nothing continues. With `resolveDependencies`,
 * a revision another one depends on is not a head either. Reads no database.
 */
export async function heads(options: CommandOptions, resolveDependencies = false): Promise<RevisionInfo[]> {
  const graph = loadGraph(await loadProject(options));
  const describe = revisionInfo(graph);
  const ids = resolveDependencies ? graph.headsOf(new Set(graph.ordered.map((h) => h.revision))) : graph.heads();
  return ids.map(describe);
}

export interface BranchesResult {
  /** Revisions that more than one revision continues, with those revisions. */
  branchPoints: (RevisionInfo & { children: RevisionInfo[] })[];
  /** Every branch label, the revision that declares it and the heads of its branch. */
  labels: { label: string; revision: string; heads: string[] }[];
}

/** `migrate branches`: branch points and branch labels. Reads no database. */
export async function branches(options: CommandOptions): Promise<BranchesResult> {
  const graph = loadGraph(await loadProject(options));
  const describe = revisionInfo(graph);
  const heads = graph.heads();
  return {
    branchPoints: graph
      .branchPoints()
      .map((id) => ({ ...describe(id), children: graph.versionedChildrenOf(id).sort().map(describe) })),
    labels: graph.branchLabels().map(([label, revision]) => {
      const members = graph.labelMembers(label);
      return { label, revision, heads: heads.filter((id) => members.has(id)) };
    }),
  };
}
