import { loadConfig } from '../config/load-config.js';
import { renderStampScript, type OfflineScript } from '../runtime/offline.js';
import { runStamp } from '../runtime/runner.js';
import { bookkeeping, loadGraph, noticeFor, runSettings, withDatabase, type CommandOptions, type NoticeHandler } from './project.js';

export interface StampResult {
  /** The version rows before and after. */
  previous: string[];
  current: string[];
  /** Revisions now recorded as applied, and no longer, without running them. */
  added: string[];
  removed: string[];
}

/**
 * `migrate stamp TARGET... [--purge]`: records the database as being at the
 * targets without running any revision (no DDL). Each target is reached as
 * upgrade or downgrade would reach it; `--purge` empties the version table
 * first, which also clears rows of revisions no file defines.
 */
export function stamp(options: CommandOptions, targets: string[], purge = false, notify?: NoticeHandler): Promise<StampResult> {
  return withDatabase(options, notify, async (config, driver) => {
    const graph = loadGraph(config);
    const result = await runStamp(
      { driver, graph, tables: bookkeeping(config), onEvent: (event) => notify?.(noticeFor(event)) },
      targets,
      purge,
    );
    return { previous: result.previous, current: result.rows, added: result.added, removed: result.removed };
  });
}

/** `migrate stamp --sql [FROM:]TARGET`: the stamp as a SQL script, written without connecting. */
export async function stampSql(options: CommandOptions, range: string, purge = false): Promise<OfflineScript> {
  const config = await loadConfig(options);
  const graph = loadGraph(config);
  return renderStampScript({ graph, tables: bookkeeping(config), ...runSettings(config) }, range, purge);
}
