import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { AthanorError, errorMessage } from '../util/errors.js';
import { managesPrivileges, modelGrantee, PUBLIC_GRANTEE, type PrivilegesSetting } from '../schema/model.js';
import { importUserFile } from '../loader/import-file.js';
import { findConfig } from './find-config.js';
import type {
  AthanorConfig,
  ConfigContext,
  ConfigInput,
  OnlineWaitPolicy,
  PlanMode,
  PostWriteHook,
  TenantsConfig,
} from './define-config.js';

export { CONFIG_FILES, DEFAULT_CONFIG_FILE } from './find-config.js';
/** Where commands keep their data when no database url is configured. */
const DEFAULT_PGLITE_DIR = '.athanor/dev';

/** The configuration with every path absolute and every default filled in. */
export interface ResolvedConfig {
  configPath: string;
  root: string;
  /** The url to use; when the config names none, a PGlite database under the project. */
  url: string;
  /** True when `url` is the PGlite fallback because nothing was configured. */
  urlIsDefault: boolean;
  environment: string | null;
  modelPath: string;
  versionsDir: string;
  schemas: string[] | null;
  versionTable: { schema: string; name: string };
  /** The history table, next to the version table. */
  historyTable: { schema: string; name: string };
  /** Where backfills record how far they got (`<version table>_backfill`), next to the version table. */
  backfillTable: { schema: string; name: string };
  /** Where `upgrade --expand` keeps the expand in flight (`<version table>_expand`), next to the version table. */
  expandTable: { schema: string; name: string };
  /** Run-wide timeouts as Postgres reads them (`'5s'`), or null for the server's default. */
  lockTimeout: string | null;
  statementTimeout: string | null;
  /** The bound (null: none) and policy of an online statement's wait (see `AthanorConfig.onlineWait`). */
  onlineWait: { timeout: string | null; policy: OnlineWaitPolicy };
  transactionPerRevision: boolean;
  /** `upgrade` refuses unacknowledged data-loss hazards in the revisions it would apply. */
  requireAcknowledged: boolean;
  /** The configured fleet, if any. */
  tenants: TenantsConfig | null;
  /** How autogenerate writes changes to existing tables (see `AthanorConfig.plan`). */
  plan: PlanMode;
  /** Which privileges the model manages (see `AthanorConfig.privileges`). */
  privileges: PrivilegesSetting;
  /** Whether the model manages owners (see `AthanorConfig.owners`). */
  owners: boolean;
  /** Roles autogenerate, `upgrade` and `downgrade` create where the cluster lacks them (see `AthanorConfig.roles`). */
  roles: readonly string[];
  /**
   * Set while one tenant of a schema-per-tenant fleet runs: every name in the
   * template schema is translated to the tenant's schema.
   */
  schemaMap: { template: string; schema: string } | null;
  hooks: { postWrite: PostWriteHook[] };
  args: Record<string, string>;
}

export interface LoadConfigOptions {
  configPath?: string;
  /** A config given as a value instead of a file: its paths resolve from `cwd`, and `configPath` is not read. */
  inline?: ConfigInput;
  /** A database url that wins over the config's and its environment's. */
  url?: string;
  cwd?: string;
  args?: Record<string, string>;
  env?: Record<string, string | undefined>;
}

/** What messages call a config given as a value (in place of its file's path). */
const INLINE_CONFIG = 'the inline config';

/**
 * Reads the config file (`findConfig`; and a `.env` beside it), or takes a
 * config given as a value (a `.env` in `cwd`), applies `-x` arguments and the
 * chosen environment.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  if (options.inline !== undefined) {
    readDotEnv(resolve(cwd, '.env'), env);
    return resolveInput(options.inline, options, INLINE_CONFIG, resolve(cwd));
  }
  const configPath = findConfig(cwd, options.configPath, env);
  const root = dirname(configPath);
  // Read before the config is imported, which may read the environment as it loads.
  readDotEnv(resolve(root, '.env'), env);
  const module = await importUserFile<{ default?: ConfigInput }>(configPath, 'config');
  return resolveInput(module.default, options, configPath, root);
}

/** A config file's export, or an inline config, with `-x` arguments applied. */
async function resolveInput(
  input: ConfigInput | undefined,
  options: LoadConfigOptions,
  configPath: string,
  root: string,
): Promise<ResolvedConfig> {
  const env = options.env ?? process.env;
  const args = options.args ?? {};
  if (input === undefined || input === null || (typeof input !== 'object' && typeof input !== 'function')) {
    throw new AthanorError(
      'bad-config',
      configPath === INLINE_CONFIG
        ? 'the inline config must be an object or a function, as `defineConfig` takes'
        : `${configPath} must \`export default defineConfig({...})\``,
    );
  }
  const base = typeof input === 'function' ? await callConfig(input, { args, env }, configPath) : input;
  return resolveConfig(base, { configPath, root, args, url: usable(options.url) });
}

/** Runs a config function; what it throws names the file (an AthanorError of its own is kept as it is). */
async function callConfig(
  input: (context: ConfigContext) => AthanorConfig | Promise<AthanorConfig>,
  context: ConfigContext,
  configPath: string,
): Promise<AthanorConfig> {
  try {
    return await input(context);
  } catch (error) {
    // By name: a config importing the built package throws that copy's class.
    if (error instanceof Error && error.name === 'AthanorError') throw error;
    throw new AthanorError(
      'load-failed',
      `config ${configPath} threw: ${errorMessage(error)}; fix the function it exports`,
      { cause: error },
    );
  }
}

/** The keys of an object whose value is not undefined: `{ url: process.env.UNSET }` overrides nothing. */
function defined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const usable = (url: string | undefined): string | null => (url?.trim() ? url.trim() : null);

/** The top-level settings with the chosen environment's over them; fails when that environment ends up with no url. */
function chooseEnvironment(
  base: AthanorConfig,
  environment: string,
  configPath: string,
  urlGiven: boolean,
): AthanorConfig {
  const block = base.environments?.[environment];
  if (!block) {
    const known = Object.keys(base.environments ?? {});
    throw new AthanorError(
      'unknown-environment',
      `no environment "${environment}" in ${configPath}; known: ${known.length > 0 ? known.join(', ') : '(none)'}`,
    );
  }
  if (!urlGiven && Object.hasOwn(block, 'url') && usable(block.url) === null) {
    throw new AthanorError(
      'environment-url',
      `environment "${environment}" in ${configPath} sets url to ${block.url === undefined ? 'undefined' : "''"}; set the variable it reads (in the environment or in .env beside the config)`,
    );
  }
  const chosen = { ...base, ...defined(block), versionTable: { ...base.versionTable, ...defined(block.versionTable) } };
  if (!urlGiven && usable(chosen.url) === null) {
    throw new AthanorError(
      'environment-url',
      `environment "${environment}" in ${configPath} has no url, and neither has the top level; give the environment a url`,
    );
  }
  return chosen;
}

function resolveConfig(
  base: AthanorConfig,
  where: { configPath: string; root: string; args: Record<string, string>; url: string | null },
): ResolvedConfig {
  const environment = where.args.env ?? null;
  const chosen =
    environment === null ? base : chooseEnvironment(base, environment, where.configPath, where.url !== null);
  const url = where.url ?? usable(chosen.url);
  const versionSchema = chosen.versionTable?.schema ?? 'public';
  const versionName = chosen.versionTable?.name ?? 'athanor_version';
  return {
    configPath: where.configPath,
    root: where.root,
    url: url ?? `pglite:${resolve(where.root, DEFAULT_PGLITE_DIR)}`,
    urlIsDefault: url === null,
    environment,
    modelPath: resolve(where.root, base.model ?? './models.ts'),
    versionsDir: resolve(where.root, base.migrations ?? './migrations', 'versions'),
    schemas: chosen.schemas ?? null,
    versionTable: { schema: versionSchema, name: versionName },
    historyTable: { schema: versionSchema, name: chosen.versionTable?.history ?? `${versionName}_history` },
    backfillTable: { schema: versionSchema, name: `${versionName}_backfill` },
    expandTable: { schema: versionSchema, name: `${versionName}_expand` },
    lockTimeout: normalizeTimeout(chosen.lockTimeout, 'lockTimeout', `in ${where.configPath}`),
    statementTimeout: normalizeTimeout(chosen.statementTimeout, 'statementTimeout', `in ${where.configPath}`),
    onlineWait: onlineWaitSetting(chosen.onlineWait, where.configPath),
    transactionPerRevision: chosen.transactionPerRevision ?? true,
    requireAcknowledged: chosen.requireAcknowledged ?? false,
    tenants: tenantsSetting(chosen.tenants, where.configPath),
    plan: planSetting(base.plan, where.configPath),
    privileges: privilegesSetting(base.privileges, where.configPath),
    owners: ownersSetting(base.owners, where.configPath),
    roles: rolesSetting(base.roles, where.configPath),
    schemaMap: null,
    hooks: { postWrite: base.hooks?.postWrite ?? [] },
    args: where.args,
  };
}

/** The bound of an online statement's wait when the config names none. */
const DEFAULT_ONLINE_WAIT = '10min';

function onlineWaitSetting(setting: AthanorConfig['onlineWait'], configPath: string): ResolvedConfig['onlineWait'] {
  const policy = setting?.policy ?? 'fail';
  if (policy !== 'fail' && policy !== 'terminate-idle') {
    throw new AthanorError(
      'bad-config',
      `onlineWait.policy in ${configPath} must be 'fail' or 'terminate-idle', not ${JSON.stringify(policy)}`,
    );
  }
  const timeout =
    setting?.timeout === undefined
      ? DEFAULT_ONLINE_WAIT
      : normalizeTimeout(setting.timeout, 'onlineWait.timeout', `in ${configPath}`);
  const none = timeout === null || /^0+(\.0*)?\s*[a-z]*$/.test(timeout);
  return { timeout: none ? null : timeout, policy };
}

function planSetting(plan: unknown, configPath: string): PlanMode {
  if (plan === undefined) return 'online';
  if (plan === 'online' || plan === 'simple') return plan;
  throw new AthanorError(
    'bad-config',
    `plan in ${configPath} must be 'online' or 'simple', not ${JSON.stringify(plan)}`,
  );
}

function rolesSetting(setting: unknown, configPath: string): readonly string[] {
  if (setting === undefined) return [];
  const names = Array.isArray(setting) ? (setting as unknown[]) : [];
  const valid = names.every((r) => typeof r === 'string' && r !== '' && r.toUpperCase() !== PUBLIC_GRANTEE);
  if (!Array.isArray(setting) || !valid) {
    throw new AthanorError(
      'bad-config',
      `roles in ${configPath} must be a list of role names (PUBLIC is not a role), not ${JSON.stringify(setting)}`,
    );
  }
  return [...new Set(names as string[])];
}

function ownersSetting(setting: unknown, configPath: string): boolean {
  if (setting === undefined || typeof setting === 'boolean') return setting === true;
  throw new AthanorError('bad-config', `owners in ${configPath} must be true or false, not ${JSON.stringify(setting)}`);
}

/**
 * What a comparison reads of privileges and owners: the privileges the
 * project manages, and the owners when it manages them or privileges (a
 * grant in the model to an object's owner is the owner's own).
 */
export function accessReading(config: ResolvedConfig): { privileges: PrivilegesSetting; owners: boolean } {
  return { privileges: config.privileges, owners: config.owners || managesPrivileges(config.privileges) };
}

function privilegesSetting(setting: unknown, configPath: string): PrivilegesSetting {
  if (setting === undefined || setting === 'none') return 'none';
  if (setting === 'all') return 'all';
  const roles = (setting as { roles?: unknown } | null)?.roles;
  if (Array.isArray(roles) && roles.length > 0 && roles.every((r) => typeof r === 'string' && r !== '')) {
    return { roles: roles.map((r: string) => modelGrantee(r)) };
  }
  throw new AthanorError(
    'bad-config',
    `privileges in ${configPath} must be 'none', 'all' or { roles: ['role', ...] }, not ${JSON.stringify(setting)}`,
  );
}

/** The `tenants` setting, checked for shape: exactly one layout. */
function tenantsSetting(tenants: TenantsConfig | undefined, configPath: string): TenantsConfig | null {
  if (tenants === undefined) return null;
  const bySchema = typeof tenants === 'object' && tenants !== null && 'template' in tenants;
  const byDatabase = typeof tenants === 'object' && tenants !== null && 'databases' in tenants;
  if (bySchema === byDatabase) {
    throw new AthanorError(
      'bad-tenants',
      `tenants in ${configPath} must be { template: 'tenant', schemas: [...] } or { databases: { name: url } }`,
    );
  }
  if (bySchema && (typeof tenants.template !== 'string' || tenants.template === '' || !('schemas' in tenants))) {
    throw new AthanorError(
      'bad-tenants',
      `tenants in ${configPath} needs a template schema name and schemas (a list or a function returning one)`,
    );
  }
  return tenants;
}

/** The tables a comparison or a pull must leave out: the version, history, backfill and expand tables. */
export function bookkeepingTables(config: ResolvedConfig): { schema: string; name: string }[] {
  return [config.versionTable, config.historyTable, config.backfillTable, config.expandTable];
}

/** `'5s'`, `'500 ms'`, or a number of milliseconds, as Postgres reads it; null when unset. `where` reads like "in FILE". */
export function normalizeTimeout(
  value: string | number | undefined | null,
  name: string,
  where: string,
): string | null {
  if (value === undefined || value === null || value === '') return null;
  const text =
    typeof value === 'number' ? `${value}ms` : /^\d+$/.test(value.trim()) ? `${value.trim()}ms` : value.trim();
  if (
    typeof value === 'number' ? !Number.isInteger(value) || value < 0 : !/^\d+(\.\d+)?\s*(us|ms|s|min|h|d)?$/.test(text)
  ) {
    throw new AthanorError(
      'bad-timeout',
      `${name} "${value}" ${where} is not a timeout; use a number of milliseconds or a string such as '5s', '500ms' or '2min'`,
    );
  }
  return text;
}

/** Sets variables from a `.env` file that the environment does not already set (Node's own parser). */
function readDotEnv(path: string, env: Record<string, string | undefined>): void {
  if (!existsSync(path)) return;
  for (const [key, value] of Object.entries(parseEnv(readFileSync(path, 'utf8')))) {
    if (env[key] === undefined) env[key] = value;
  }
}

/** Parses repeated `-x key=value` arguments. */
export function parseXArgs(values: string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new AthanorError('bad-x-arg', `-x takes key=value, got "${value}"`);
    args[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return args;
}
