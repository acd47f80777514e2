import { loadConfig } from '../config/load-config.js';
import { renderMigrationScript, type OfflineScript } from '../runtime/offline.js';
import { planDowngrade, planUpgrade, type Direction, type Step } from '../runtime/plan.js';
import type { RevisionGraph } from '../runtime/revision-graph.js';
import { currentHeads, runMigration } from '../runtime/runner.js';
import { bookkeeping, loadGraph, noticeFor, runSettings, withDatabase, type CommandOptions, type NoticeHandler, type RunFlags } from './project.js';

export interface MigrateResult {
  /** The revisions that ran, in order. */
  steps: { revision: string; message: string; direction: Direction }[];
  /** The heads the database is at afterwards. */
  current: string[];
}

/** `migrate upgrade TARGET`: applies revisions up to the target. */
export function upgrade(options: CommandOptions, target: string, notify?: NoticeHandler, flags: RunFlags = {}): Promise<MigrateResult> {
  return migrate(options, notify, flags, (graph, current) => planUpgrade(graph, current, target));
}

/** `migrate downgrade TARGET`: undoes revisions down to the target. */
export function downgrade(options: CommandOptions, target: string, notify?: NoticeHandler, flags: RunFlags = {}): Promise<MigrateResult> {
  return migrate(options, notify, flags, (graph, current) => planDowngrade(graph, current, target));
}

function migrate(
  options: CommandOptions,
  notify: NoticeHandler | undefined,
  flags: RunFlags,
  plan: (graph: RevisionGraph, current: string[]) => Step[],
): Promise<MigrateResult> {
  return withDatabase(options, notify, async (config, driver) => {
    const graph = loadGraph(config);
    const steps = await runMigration(
      {
        driver,
        graph,
        tables: bookkeeping(config),
        ...runSettings(config, flags),
        onEvent: (event) => notify?.(noticeFor(event)),
      },
      (current) => plan(graph, current),
    );
    return {
      steps: steps.map((s) => ({ revision: s.revision.revision, message: s.revision.message, direction: s.direction })),
      current: await currentHeads(driver, config.versionTable),
    };
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

async function offline(options: CommandOptions, direction: Direction, range: string, flags: RunFlags): Promise<OfflineScript> {
  const config = await loadConfig(options);
  const graph = loadGraph(config);
  return renderMigrationScript({ graph, tables: bookkeeping(config), ...runSettings(config, flags) }, direction, range);
}
