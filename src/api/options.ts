import type { ConfigInput } from '../config/define-config.js';
import type { CommandOptions, Notice, RunFlags } from '../commands/shared/project.js';

/** What every library call takes: where the project is, its config, the database, and `-x` arguments. */
export interface ProjectOptions {
  /** The config file (default `migrate.config.ts` in `cwd`), or the config itself as `defineConfig` takes it. */
  config?: string | ConfigInput;
  /** Where a config file's path, and an inline config's paths, resolve from; the process's folder by default. */
  cwd?: string;
  /** A database url that wins over the config's, as `DATABASE_URL` would if the config reads it. */
  url?: string;
  /** The `-x key=value` arguments, e.g. `{ env: 'prod' }`. */
  args?: Record<string, string>;
  /** Called with each event the CLI prints (revision started and done, lock waits, ...). */
  onNotice?: (notice: Notice) => void;
}

/** The options of `upgrade` and `downgrade`: the command line's run flags, each winning over the config. */
export interface RunOptions extends ProjectOptions {
  /** One transaction for the whole run instead of one per revision. */
  singleTransaction?: boolean;
  /** `lock_timeout` for the run, e.g. `'5s'` (a revision's own wins). */
  lockTimeout?: string;
  /** `statement_timeout` for the run, e.g. `'10min'` (a revision's own wins). */
  statementTimeout?: string;
}

/** The options as the commands read them. */
export function commandOptions(options: ProjectOptions): CommandOptions {
  const { config, cwd, url, args } = options;
  return {
    ...(typeof config === 'string' ? { configPath: config } : config !== undefined ? { inline: config } : {}),
    ...(cwd !== undefined ? { cwd } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(args !== undefined ? { args } : {}),
  };
}

/** The run flags of `upgrade` and `downgrade`. */
export function runFlags(options: RunOptions): RunFlags {
  return {
    ...(options.singleTransaction ? { singleTransaction: true } : {}),
    ...(options.lockTimeout !== undefined ? { lockTimeout: options.lockTimeout } : {}),
    ...(options.statementTimeout !== undefined ? { statementTimeout: options.statementTimeout } : {}),
  };
}
