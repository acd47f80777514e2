import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDowngradeBody, renderUpgradeBody } from '../autogen/render/render-revision-body.js';
import type { ResolvedConfig } from '../config/load-config.js';
import { describeOperation, hazardOf, isDestructive } from '../ops/describe.js';
import type { Operation } from '../ops/operation.js';
import { renderRevisionFile } from '../runtime/revision-file.js';
import type { RevisionGraph } from '../runtime/revision-graph.js';
import { currentHeads } from '../runtime/runner.js';
import { AthanorError } from '../util/errors.js';
import { slugify } from '../util/strings.js';
import { diffDatabase } from './diff.js';
import { loadGraph, withDatabase, type CommandOptions, type NoticeHandler } from './project.js';
import { loadConfig } from '../config/load-config.js';
import { runPostWriteHooks } from './hooks.js';
import { placeRevision, type PlacementOptions } from './revision-parents.js';

export interface RevisionOptions extends PlacementOptions {
  message: string;
  autogenerate?: boolean;
  /** Use this id instead of a random one (12 hex characters by default). */
  revId?: string;
  /** The creation time written into the file; now by default. */
  now?: Date;
}

export interface RevisionResult {
  path: string;
  revision: string;
  operations: Operation[];
  /** Operations that destroy data, described, for the user to review. */
  hazards: string[];
  /** Differences seen but not written. */
  unsupported: string[];
  /** The post-write hooks that ran on the file. */
  hooks: string[];
}

/** `migrate revision -m MSG [--autogenerate]`: writes a new revision file. */
export async function revision(options: CommandOptions, rev: RevisionOptions, notify?: NoticeHandler): Promise<RevisionResult> {
  if (!rev.autogenerate) {
    const config = await loadConfig(options);
    return writeRevision(config, loadGraph(config), rev, [], []);
  }
  return withDatabase(options, notify, async (config, driver) => {
    const graph = loadGraph(config);
    const heads = graph.heads();
    const current = await currentHeads(driver, config.versionTable);
    if (heads.slice().sort().join() !== current.slice().sort().join()) {
      throw new AthanorError(
        'not-at-head',
        `the database is not up to date (at ${current.join(', ') || 'base'}, head is ${heads.join(', ') || 'base'}); run \`migrate upgrade head\` before autogenerating`,
      );
    }
    const diff = await diffDatabase(config, driver);
    return writeRevision(config, graph, rev, diff.operations, diff.unsupported);
  });
}

async function writeRevision(
  config: ResolvedConfig,
  graph: RevisionGraph,
  rev: RevisionOptions,
  operations: Operation[],
  unsupported: string[],
): Promise<RevisionResult> {
  const placement = placeRevision(graph, rev);
  const id = rev.revId ?? randomBytes(6).toString('hex');
  if (!/^[0-9A-Za-z_]{1,32}$/.test(id)) throw new AthanorError('bad-rev-id', `revision id "${id}" must be 1 to 32 letters, digits or underscores`);
  if (graph.has(id) || graph.isLabel(id)) throw new AthanorError('duplicate-revision', `revision id ${id} is taken; choose another`);
  mkdirSync(config.versionsDir, { recursive: true });
  const slug = slugify(rev.message);
  const path = join(config.versionsDir, `${id}${slug ? `_${slug}` : ''}.ts`);
  if (existsSync(path)) throw new AthanorError('file-exists', `${path} already exists`);
  const source = renderRevisionFile({
    revision: id,
    downRevisions: placement.downRevisions,
    dependsOn: placement.dependsOn,
    branchLabels: placement.branchLabels,
    message: rev.message,
    createDate: (rev.now ?? new Date()).toISOString(),
    upgradeBody: renderUpgradeBody(operations),
    downgradeBody: renderDowngradeBody(operations),
  });
  writeFileSync(path, source);
  return {
    path,
    revision: id,
    operations,
    hazards: operations.filter(isDestructive).map((op) => `${describeOperation(op)} (${hazardOf(op)})`),
    unsupported,
    hooks: await runPostWriteHooks(config, path),
  };
}
