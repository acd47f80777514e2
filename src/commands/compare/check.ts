import type { CandidateReport } from '../../autogen/renames/decide.js';
import { upgradeOperations, type Operation } from '../../ops/operation.js';
import type { ResolvedConfig } from '../../config/load-config.js';
import type { Driver } from '../../pg/connection/driver.js';
import { readVersions } from '../../pg/run/version-table.js';
import { checkCurrent } from '../../runtime/graph/plan.js';
import type { RevisionGraph } from '../../runtime/graph/revision-graph.js';
import type { DiffOptions, DiffShared } from './diff.js';
import type { FleetFlags, TenantOutcome } from '../shared/fleet.js';
import { loadGraph, progressOf, withDatabase, type CommandOptions, type NoticeHandler } from '../shared/project.js';
import { settled, startModelReading } from './read-ahead.js';

/*
 * The comparison's code (diff.js and what it imports: the comparator, the
 * canonical forms, the DSL's builder) is loaded once the reading of the
 * database is under way: the server reads its catalog meanwhile.
 */
const comparison = () =>
  Promise.all([import('./diff.js'), import('../../ops/describe.js'), import('../../autogen/renames/decide.js')]);

export interface CheckResult {
  /** True when the database matches the model exactly. */
  clean: boolean;
  operations: Operation[];
  /** One line per difference: each pending operation, then each unsupported change. */
  differences: string[];
  /** Drops and creations that may be renames (decided on `revision --autogenerate`), best first for each. */
  renames: CandidateReport[];
  /** The revisions the database is at, and the heads of the revision files, sorted. */
  current: string[];
  heads: string[];
  /** False when the database is not at the heads; `behind` when the heads continue where it is. */
  atHead: boolean;
  behind: boolean;
}

/** `migrate check`: compares the model with the database; the CLI exits 1 when they differ. */
export function check(options: CommandOptions, notify?: NoticeHandler): Promise<CheckResult> {
  const progress = progressOf(notify);
  return withDatabase(options, notify, (config, driver) => {
    const ahead = startModelReading(config, driver);
    return checkDatabase(config, driver, loadGraph(config), undefined, { ...(progress ? { progress } : {}), ahead });
  });
}

/** `check` on an open database: the comparison `migrate check` makes, also run by `migrate test` at head. */
export async function checkDatabase(
  config: ResolvedConfig,
  driver: Driver,
  files: RevisionGraph,
  shared?: DiffShared,
  options: DiffOptions = {},
): Promise<CheckResult> {
  // Asked now, the version rows come after the reading the caller may have started.
  const versions = readVersions(driver, config.versionTable);
  versions.catch(() => undefined);
  const [{ diffDatabase }, { describeOperation }, { candidateReports }] = await comparison();
  const current = (await versions).sort();
  let graph: RevisionGraph;
  try {
    graph = files.forDatabase(current);
    checkCurrent(graph, current);
  } catch (error) {
    // The connection closes once the reading the caller started no longer uses it.
    await settled(options.ahead);
    throw error;
  }
  const diff = await diffDatabase(config, driver, shared, options);
  const heads = graph.heads().sort();
  const operations = upgradeOperations(diff.operations);
  const differences = [...operations.map(describeOperation), ...diff.unsupported];
  const atHead = current.join() === heads.join();
  return {
    clean: differences.length === 0,
    operations,
    differences,
    renames: candidateReports(diff.renames),
    current,
    heads,
    atHead,
    behind: !atHead && isSubset(current, graph.ancestors(heads)),
  };
}

const isSubset = (ids: string[], of: Set<string>): boolean => ids.every((id) => of.has(id));

/** One tenant in the drift report of `check --tenants`. */
export type TenantDrift = CheckResult;

/**
 * `migrate check --tenants ...`: the drift report. Each tenant is compared
 * with the model (translated to its schema, for a schema per tenant) and its
 * version rows with the heads; a tenant that cannot be read is failed.
 */
export async function checkTenants(options: CommandOptions, fleet: FleetFlags): Promise<TenantOutcome<TenantDrift>[]> {
  const shared: DiffShared = {};
  let graph: RevisionGraph | null = null;
  const [{ onEachTenant }, { loadDeclaredModel }, { openProjectCache }] = await Promise.all([
    import('../shared/fleet.js'),
    import('./declared-model.js'),
    import('./canonical-cache-file.js'),
  ]);
  return onEachTenant(options, fleet, async (config, driver) => {
    graph ??= loadGraph(config);
    // A database per tenant: each database canonicalizes the model itself (its extensions and shared objects may differ).
    return checkDatabase(
      config,
      driver,
      graph,
      config.schemaMap
        ? shared
        : {
            declared: (shared.declared ??= loadDeclaredModel(config.modelPath, config.root)),
            cache: (shared.cache ??= openProjectCache(config.root)),
          },
    );
  });
}
