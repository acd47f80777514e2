import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type LoadConfigOptions, type ResolvedConfig } from '../config/load-config.js';
import { connect, type Driver } from '../pg/driver.js';
import { readRevisionHeader, type RevisionHeader } from '../runtime/revision-file.js';
import { RevisionGraph } from '../runtime/revision-graph.js';

/** What every command is called with: where the config is and the `-x` arguments. */
export type CommandOptions = LoadConfigOptions;

/** Events commands report while they work; the CLI prints them, tests collect them. */
export type Notice =
  | { type: 'default-database'; url: string }
  | { type: 'lock-wait' }
  | { type: 'step-start'; revision: string; message: string; direction: 'up' | 'down' }
  | { type: 'step-done'; revision: string; milliseconds: number };

export type NoticeHandler = (notice: Notice) => void;

/** Reads every revision header in the versions folder. */
export function readRevisionHeaders(versionsDir: string): RevisionHeader[] {
  if (!existsSync(versionsDir)) return [];
  return readdirSync(versionsDir)
    .filter((f) => /\.(ts|mts|js|mjs)$/.test(f) && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => readRevisionHeader(join(versionsDir, f)));
}

export function loadGraph(config: ResolvedConfig): RevisionGraph {
  return new RevisionGraph(readRevisionHeaders(config.versionsDir));
}

/** Opens the configured database, saying so when it is the PGlite fallback. */
export async function openDatabase(config: ResolvedConfig, notify?: NoticeHandler): Promise<Driver> {
  if (config.urlIsDefault) notify?.({ type: 'default-database', url: config.url });
  return connect(config.url);
}

/** Loads the config, opens the database, runs `fn`, and always closes the connection. */
export async function withDatabase<T>(
  options: CommandOptions,
  notify: NoticeHandler | undefined,
  fn: (config: ResolvedConfig, driver: Driver) => Promise<T>,
): Promise<T> {
  const config = await loadConfig(options);
  const driver = await openDatabase(config, notify);
  try {
    return await fn(config, driver);
  } finally {
    await driver.close();
  }
}
