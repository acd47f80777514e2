import { basename, relative } from 'node:path';
import type { ResolvedConfig } from '../../config/load-config.js';
import type { RevisionGraph } from '../../runtime/graph/revision-graph.js';
import { isAcknowledged } from '../../ops/acknowledged.js';
import { HAZARD_KINDS, type HazardCode, type HazardKind } from '../../ops/hazards.js';
import { lintOperations, type FoundHazard, type RecordedOperation } from '../../ops/revision-lint.js';
import { notExpandable } from '../../ops/expand/expand-lint.js';
import { executeSteps } from '../../runtime/run/execute-steps.js';
import type { RevisionModules } from '../../runtime/run/load-revisions.js';
import type { Step } from '../../runtime/graph/plan.js';
import type { RevisionHeader } from '../../runtime/files/revision-file.js';
import { ScriptSession } from '../../runtime/run/session.js';
import { resolveRevisions } from '../../runtime/graph/targets.js';
import { AthanorError, isAthanorError } from '../../util/errors.js';
import { bookkeeping, loadGraph, loadProject, WITH_CHECKSUMS, type CommandOptions } from '../shared/project.js';

export interface LintedHazard {
  code: HazardCode;
  kind: HazardKind;
  message: string;
  /** An entry of the revision's `acknowledged` export covers it. */
  acknowledged: boolean;
  source: 'operation' | 'sql';
  /** The statement of `op.execute(...)` SQL the hazard is in. */
  statement?: string;
}

export interface LintedRevision {
  revision: string;
  /** The revision file, relative to the project folder. */
  path: string;
  hazards: LintedHazard[];
  /** The squash that replaces it: databases inside the squash's range still run it. */
  replacedBy?: string;
}

export interface LintResult {
  revisions: LintedRevision[];
  /** True when a hazard of a `--fail-on` family is not acknowledged. */
  failed: boolean;
}

/** `--fail-on data-loss,rewrite`: the families, checked; repeated flags add up. */
export function parseFailOn(values: readonly string[]): HazardKind[] {
  const families = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const unknown = families.find((f) => !(HAZARD_KINDS as readonly string[]).includes(f));
  if (unknown !== undefined)
    throw new AthanorError(
      'bad-option',
      `--fail-on takes hazard families (${HAZARD_KINDS.join(', ')}), not "${unknown}"`,
    );
  return [...new Set(families as HazardKind[])];
}

/**
 * `migrate lint [REV...]`: runs each revision's `upgrade(op)` offline, as
 * `upgrade --sql` does (nothing connects), records its operations, and reports
 * their hazards and those of the SQL it runs, then the operations
 * `upgrade --expand` cannot serve (the `expand` family, informational unless
 * `--fail-on expand`). Every revision file when none is
 * named: the squashes, and the revisions they replace while their files are
 * there, which databases inside a squash's range still run.
 */
export async function lint(
  options: CommandOptions,
  targets: readonly string[],
  failOn: readonly HazardKind[] = [],
): Promise<LintResult> {
  const config = await loadProject(options);
  const files = loadGraph(config, WITH_CHECKSUMS);
  const revisions = targets.length === 0 ? await lintEveryFile(config, files) : await lintNamed(config, files, targets);
  const failed = revisions.some((r) => r.hazards.some((h) => !h.acknowledged && failOn.includes(h.kind)));
  return { revisions, failed };
}

const upSteps = (headers: readonly RevisionHeader[]): Step[] =>
  headers.map((revision): Step => ({ direction: 'up', revision }));

/** The named revisions; a revision a squash replaces is linted in the reading that has it. */
function lintNamed(
  config: ResolvedConfig,
  files: RevisionGraph,
  targets: readonly string[],
): Promise<LintedRevision[]> {
  const graph = files.forDatabase(targets);
  const wanted = new Set(targets.flatMap((t) => resolveRevisions(graph, t)));
  return lintSteps(config, graph, upSteps(graph.ordered.filter((h) => wanted.has(h.revision))));
}

/**
 * Every revision of the files' reading, and the replaced revisions of each
 * squash whose replaced files are all there (read with those squashes
 * expanded), each listed just before its squash.
 */
async function lintEveryFile(config: ResolvedConfig, files: RevisionGraph): Promise<LintedRevision[]> {
  const modules: RevisionModules = new Map();
  const linted = await lintSteps(config, files, upSteps(files.ordered), modules);
  const whole = files.squashes.list.filter((s) => s.present.length === s.replaces.length);
  if (whole.length === 0) return linted;
  const expanded = files.forDatabase(whole.map((s) => s.end));
  const replaced = await lintSteps(
    config,
    expanded,
    upSteps(expanded.ordered.filter((h) => files.replacedBy(h.revision) !== undefined)),
    modules,
  );
  return linted.flatMap((r) => [...replaced.filter((e) => e.replacedBy === r.revision), r]);
}

/**
 * The hazards of the upgrade steps' revisions, each marked acknowledged or
 * not. `modules` keeps the imported files for a run that follows.
 */
export async function lintSteps(
  config: ResolvedConfig,
  graph: RevisionGraph,
  steps: readonly Step[],
  modules?: RevisionModules,
): Promise<LintedRevision[]> {
  const recorded = await recordSteps(config, graph, steps, modules);
  const revisions: LintedRevision[] = [];
  for (const { revision: header } of steps) {
    const squash = graph.squashes.squashOf(header.revision);
    revisions.push({
      revision: header.revision,
      path: relative(config.root, header.path),
      hazards: await revisionHazards(header, recorded.get(header.revision)!, config.lockTimeout),
      ...(squash !== undefined ? { replacedBy: squash.revision } : {}),
    });
  }
  return revisions;
}

/** The operations of each step's revision, by revision, run offline as `upgrade --sql` runs them. */
export async function recordSteps(
  config: ResolvedConfig,
  graph: RevisionGraph,
  steps: readonly Step[],
  modules?: RevisionModules,
): Promise<Map<string, RecordedOperation[]>> {
  const recorded = new Map<string, RecordedOperation[]>(steps.map((s) => [s.revision.revision, []]));
  await executeSteps(new ScriptSession(), graph, [...steps], [], {
    tables: bookkeeping(config),
    transactionPerRevision: true,
    timeouts: { lockTimeout: null, statementTimeout: null },
    onOperation: (op, { revision, autocommit }) => recorded.get(revision.revision)!.push({ op, autocommit }),
    ...(modules ? { modules } : {}),
  });
  return recorded;
}

/** The revision's hazards; its own `lockTimeout` wins over the config's, as when it runs. */
async function revisionHazards(
  header: RevisionHeader,
  recorded: RecordedOperation[],
  lockTimeout: string | null,
): Promise<LintedHazard[]> {
  try {
    const found: FoundHazard[] = [
      ...(await lintOperations(recorded, header.lockTimeout ?? lockTimeout)),
      ...notExpandable(recorded.map((r) => r.op)).map((h) => ({ ...h, source: 'operation' as const })),
    ];
    const acknowledged = header.acknowledged ?? [];
    return found.map((h) => ({
      code: h.code,
      kind: h.kind,
      message: h.message,
      acknowledged: isAcknowledged(h, acknowledged),
      source: h.source,
      ...(h.statement !== undefined ? { statement: h.statement } : {}),
    }));
  } catch (error) {
    if (isAthanorError(error) && error.code === 'unparsable-sql') {
      throw new AthanorError(
        'unparsable-sql',
        `revision ${header.revision} (${basename(header.path)}): ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
}
