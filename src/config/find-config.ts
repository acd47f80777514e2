import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AthanorError } from '../util/errors.js';

export const DEFAULT_CONFIG_FILE = 'migrate.config.ts';

/** The names a config file is found by, in this order: `.mts` is what `init` writes where `.ts` would be CommonJS. */
export const CONFIG_FILES = [DEFAULT_CONFIG_FILE, 'migrate.config.mts'] as const;

/**
 * The config file a command reads: the one `-c FILE` names, else the one
 * `MIGRATE_CONFIG` names (both relative to the working folder), else the first
 * `migrate.config.ts` or `migrate.config.mts` found in the working folder or a
 * folder above it, up to the root of the file system, as git and eslint look
 * for theirs.
 */
export function findConfig(cwd: string, flag: string | undefined, env: Record<string, string | undefined>): string {
  const named =
    flag !== undefined
      ? { path: flag, by: '-c' }
      : env.MIGRATE_CONFIG
        ? { path: env.MIGRATE_CONFIG, by: 'MIGRATE_CONFIG' }
        : null;
  if (named !== null) {
    const path = resolve(cwd, named.path);
    if (!existsSync(path)) throw new AthanorError('no-config', `no config file at ${path} (${named.by})`);
    return path;
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const path = CONFIG_FILES.map((name) => join(dir, name)).find((file) => existsSync(file));
    if (path !== undefined) return path;
    if (dirname(dir) === dir) break;
  }
  throw new AthanorError(
    'no-config',
    `no ${CONFIG_FILES.join(' or ')} in ${resolve(cwd)} or any folder above it; run \`migrate init\` to create one, or name one with -c FILE or MIGRATE_CONFIG`,
  );
}
