import { planDowngrade, planUpgrade, type Step } from '../runtime/plan.js';
import { currentHeads, runMigration } from '../runtime/runner.js';
import { loadGraph, withDatabase, type CommandOptions, type NoticeHandler } from './project.js';

export interface MigrateResult {
  /** The revisions that ran, in order. */
  steps: { revision: string; message: string; direction: 'up' | 'down' }[];
  /** The heads the database is at afterwards. */
  current: string[];
}

/** `migrate upgrade TARGET`: applies revisions up to the target. */
export function upgrade(options: CommandOptions, target: string, notify?: NoticeHandler): Promise<MigrateResult> {
  return migrate(options, notify, (graph, current) => planUpgrade(graph, current, target));
}

/** `migrate downgrade TARGET`: undoes revisions down to the target. */
export function downgrade(options: CommandOptions, target: string, notify?: NoticeHandler): Promise<MigrateResult> {
  return migrate(options, notify, (graph, current) => planDowngrade(graph, current, target));
}

function migrate(
  options: CommandOptions,
  notify: NoticeHandler | undefined,
  plan: (graph: ReturnType<typeof loadGraph>, current: string[]) => Step[],
): Promise<MigrateResult> {
  return withDatabase(options, notify, async (config, driver) => {
    const graph = loadGraph(config);
    const steps = await runMigration(
      {
        driver,
        graph,
        versionTable: config.versionTable,
        onEvent: (event) => {
          if (event.type === 'lock-wait') notify?.({ type: 'lock-wait' });
          else if (event.type === 'step-start') {
            const { revision, message } = event.step.revision;
            notify?.({ type: 'step-start', revision, message, direction: event.step.direction });
          } else notify?.({ type: 'step-done', revision: event.step.revision.revision, milliseconds: event.milliseconds });
        },
      },
      (current) => plan(graph, current),
    );
    return {
      steps: steps.map((s) => ({ revision: s.revision.revision, message: s.revision.message, direction: s.direction })),
      current: await currentHeads(driver, config.versionTable),
    };
  });
}
