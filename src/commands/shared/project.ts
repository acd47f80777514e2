import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig, normalizeTimeout, type LoadConfigOptions, type ResolvedConfig } from '../../config/load-config.js';
import { connect, parseDatabaseUrl, type Driver } from '../../pg/connection/driver.js';
import { ensureStateDir } from './state-dir.js';
import type { NameMapper } from '../../schema/names/map-model-names.js';
import { schemaTranslation } from '../../fleet/map-operation-names.js';
import type { Bookkeeping } from '../../pg/run/version-table.js';
import type { RunEvent, Timeouts } from '../../runtime/run/execute-steps.js';
import { waitingLine } from '../../runtime/run/lock-watch.js';
import {
  readRevisionHeader,
  readRevisionHeaderWithChecksum,
  type RevisionHeader,
} from '../../runtime/files/revision-file.js';
import { RevisionGraph } from '../../runtime/graph/revision-graph.js';
import { assertNever } from '../../util/assert-never.js';
import { AthanorError } from '../../util/errors.js';

/** What every command is called with: where the config is and the `-x` arguments. */
export type CommandOptions = LoadConfigOptions;

/** Events commands report while they work; the CLI prints them, tests collect them. */
export type Notice =
  /** The embedded PGlite database is used (no url configured), said by the command that makes it. */
  | { type: 'default-database'; url: string }
  | { type: 'lock-wait' }
  /** Roles the config lists that the cluster lacked, created before the run. */
  | { type: 'roles-created'; roles: string[] }
  /** Roles the config lists that the model names and the cluster lacks, about to be created so that autogenerate can compare. */
  | { type: 'roles-creating'; roles: string[] }
  | { type: 'edited'; revision: string; path: string }
  | {
      type: 'step-start';
      revision: string;
      message: string;
      direction: 'up' | 'down';
      /** False for a revision marked `transactional = false`. */
      transactional: boolean;
      singleTransaction: boolean;
    }
  | { type: 'step-done'; revision: string; milliseconds: number }
  /** A step failed on its lock timeout and is tried again after `delayMs`. */
  | { type: 'lock-retry'; revision: string; attempt: number; delayMs: number }
  /** A non-transactional revision resumes at its op.autocommit block `block` (what came before committed earlier). */
  | { type: 'resumed'; revision: string; block: number }
  /** What a long command is doing now (a line a terminal shows while it lasts); null when it is done. */
  | { type: 'progress'; phase: string | null }
  /** What a run waits for, as a line a terminal shows while it lasts (`waiting for pid N, ...`); null when the wait is over. */
  | { type: 'lock-waiting'; line: string | null }
  /** The online wait's `terminate-idle` policy ended these sessions. */
  | { type: 'terminated-idle'; revision: string; pids: number[] }
  /** A backfill's progress after each batch (rows written, earlier runs included), and when it is done. */
  | { type: 'backfill'; revision: string; table: string; written: number; estimate: number | null; done: boolean };

export type NoticeHandler = (notice: Notice) => void;

/** Progress phases as notices, when there is a handler. */
export function progressOf(notify: NoticeHandler | undefined): ((phase: string | null) => void) | undefined {
  return notify === undefined ? undefined : (phase) => notify({ type: 'progress', phase });
}

/** Per-run settings from the command line; each wins over the config. */
export interface RunFlags {
  /** One transaction for the whole run instead of one per revision. */
  singleTransaction?: boolean;
  lockTimeout?: string;
  statementTimeout?: string;
}

/** What a command needs of the revision files besides their headers. */
interface GraphOptions {
  /** Each file's checksum, taken from the text its header is read from (commands that record or compare them). */
  checksums?: boolean;
}

/**
 * The config of a command on the project (every one but `init`): its
 * migrations folder must be there. A folder that is not (a typo, a clone
 * without it) would read as a history with no revisions, on which `check`
 * passes and `revision` writes a new root.
 */
export async function loadProject(options: CommandOptions): Promise<ResolvedConfig> {
  return requireMigrationsFolder(await loadConfig(options));
}

/** The config itself, once its migrations folder (where `versions/` goes) is found to be a folder. */
function requireMigrationsFolder(config: ResolvedConfig): ResolvedConfig {
  const folder = dirname(config.versionsDir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new AthanorError(
      'no-migrations-folder',
      `the migrations folder ${folder} does not exist; set \`migrations\` in ${config.configPath} to the folder that holds the revisions, or create it with \`mkdir -p ${config.versionsDir}\``,
    );
  }
  return config;
}

/** Reads every revision header in the versions folder. */
export function readRevisionHeaders(versionsDir: string, options: GraphOptions = {}): RevisionHeader[] {
  if (!existsSync(versionsDir)) return [];
  const read = options.checksums ? readRevisionHeaderWithChecksum : (path: string) => readRevisionHeader(path);
  return readdirSync(versionsDir)
    .filter((f) => /\.(ts|mts|js|mjs)$/.test(f) && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => read(join(versionsDir, f)));
}

export function loadGraph(config: ResolvedConfig, options: GraphOptions = {}): RevisionGraph {
  return new RevisionGraph(readRevisionHeaders(config.versionsDir, options));
}

/** The graph of the commands that write or compare checksums: each file read once for header and checksum. */
export const WITH_CHECKSUMS: GraphOptions = { checksums: true };

export function bookkeeping(config: ResolvedConfig): Bookkeeping {
  return { version: config.versionTable, history: config.historyTable, backfill: config.backfillTable };
}

/** The run's transaction mode and timeouts: the flags, else the config. */
export function runSettings(
  config: ResolvedConfig,
  flags: RunFlags = {},
): { transactionPerRevision: boolean; timeouts: Timeouts; names?: NameMapper } {
  return {
    ...(config.schemaMap ? { names: schemaTranslation(config.schemaMap.template, config.schemaMap.schema) } : {}),
    transactionPerRevision: flags.singleTransaction ? false : config.transactionPerRevision,
    timeouts: {
      lockTimeout: normalizeTimeout(flags.lockTimeout, '--lock-timeout', 'on the command line') ?? config.lockTimeout,
      statementTimeout:
        normalizeTimeout(flags.statementTimeout, '--statement-timeout', 'on the command line') ??
        config.statementTimeout,
      onlineWait: config.onlineWait,
    },
  };
}

/** Turns the runner's events into notices. */
export function noticeFor(event: RunEvent): Notice {
  switch (event.type) {
    case 'lock-wait':
      return { type: 'lock-wait' };
    case 'edited':
      return { type: 'edited', revision: event.revision, path: event.path };
    case 'step-start': {
      const { revision, message } = event.step.revision;
      return {
        type: 'step-start',
        revision,
        message,
        direction: event.step.direction,
        transactional: event.transactional,
        singleTransaction: event.singleTransaction,
      };
    }
    case 'step-done':
      return { type: 'step-done', revision: event.step.revision.revision, milliseconds: event.milliseconds };
    case 'lock-retry':
      return {
        type: 'lock-retry',
        revision: event.step.revision.revision,
        attempt: event.attempt,
        delayMs: event.delayMs,
      };
    case 'resumed':
      return { type: 'resumed', revision: event.step.revision.revision, block: event.block };
    case 'lock-waiting':
      return {
        type: 'lock-waiting',
        line: event.wait === null ? null : waitingLine(event.wait, event.waitedSeconds, event.bound),
      };
    case 'terminated-idle':
      return { type: 'terminated-idle', revision: event.step.revision.revision, pids: event.pids };
    case 'backfill':
      return {
        type: 'backfill',
        revision: event.step.revision.revision,
        table: `${event.schema}.${event.table}`,
        written: event.written,
        estimate: event.estimate,
        done: event.done,
      };
    default:
      return assertNever(event, 'run event');
  }
}

/**
 * Opens the configured database. The PGlite fallback is named once per
 * project: by the command that makes it (its folder is not there yet).
 */
export async function openDatabase(config: ResolvedConfig, notify?: NoticeHandler): Promise<Driver> {
  if (config.urlIsDefault) {
    // The embedded database lives in the project's state folder: made with its .gitignore first.
    ensureStateDir(config.root);
    const parsed = parseDatabaseUrl(config.url);
    const dataDir = parsed.kind === 'pglite' ? parsed.dataDir : null;
    if (dataDir === null || !existsSync(dataDir)) notify?.({ type: 'default-database', url: config.url });
  }
  return connect(config.url);
}

/** Loads the config, opens the database, runs `fn`, and always closes the connection. */
export async function withDatabase<T>(
  options: CommandOptions,
  notify: NoticeHandler | undefined,
  fn: (config: ResolvedConfig, driver: Driver) => Promise<T>,
): Promise<T> {
  return withConfigDatabase(await loadProject(options), notify, fn);
}

/** Opens the database of a loaded config (or one tenant's), runs `fn`, and always closes the connection. */
export async function withConfigDatabase<T>(
  config: ResolvedConfig,
  notify: NoticeHandler | undefined,
  fn: (config: ResolvedConfig, driver: Driver) => Promise<T>,
): Promise<T> {
  const driver = await openDatabase(config, notify);
  try {
    return await fn(config, driver);
  } finally {
    await driver.close();
  }
}
