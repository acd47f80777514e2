import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TenantsConfig } from '../../config/define-config.js';
import type { ResolvedConfig } from '../../config/load-config.js';
import { connect, parseDatabaseUrl, resetSession, type Driver } from '../../pg/connection/driver.js';
import type { OfflineScript } from '../../runtime/run/offline.js';
import { runFleet, selectTenants, type FleetProgress, type TenantOutcome } from '../../fleet/run-fleet.js';
import { AthanorError, errorMessage } from '../../util/errors.js';
import { loadProject, type CommandOptions } from './project.js';

export type { FleetProgress, TenantOutcome } from '../../fleet/run-fleet.js';

/** The fleet options of a command: which tenants, how many at once, and what a failure does. */
export interface FleetFlags {
  /** `all`, `NAME,NAME`, or a pattern with `*`. */
  tenants: string;
  /** At most this many tenants at once (default 4). */
  concurrency?: number;
  /** Run this many tenants first; stop when one of them fails. */
  canary?: number;
  /** Start the other tenants when one fails (default: stop starting new ones). */
  continueOnError?: boolean;
  onProgress?: (progress: FleetProgress) => void;
}

const DEFAULT_CONCURRENCY = 4;

/** One member of the fleet: its name and the config its run uses. */
interface Tenant {
  name: string;
  config: ResolvedConfig;
}

/** The configured fleet, each tenant with its own config: its url, or its schema and version table. */
export async function resolveTenants(config: ResolvedConfig): Promise<Tenant[]> {
  const tenants = config.tenants;
  if (tenants === null) {
    throw new AthanorError(
      'no-tenants',
      `--tenants needs \`tenants\` in ${config.configPath}: { template: 'tenant', schemas: [...] } or { databases: { name: url } }`,
    );
  }
  if ('template' in tenants) {
    const schemas = await listSchemas(config, tenants);
    return schemas.map((schema) => ({ name: schema, config: tenantSchemaConfig(config, tenants.template, schema) }));
  }
  const listed = tenants.databases;
  const databases: unknown =
    typeof listed === 'function' ? await userCall(() => listed(), 'tenants.databases', config) : listed;
  if (typeof databases !== 'object' || databases === null || Array.isArray(databases)) {
    throw new AthanorError(
      'bad-tenants',
      `tenants.databases in ${config.configPath} must be (or return) an object of tenant name -> database url`,
    );
  }
  return Object.entries(databases).map(([name, url]) => {
    if (typeof url !== 'string' || url.trim() === '') {
      throw new AthanorError(
        'bad-tenants',
        `tenants.databases["${name}"] in ${config.configPath} is not a url; set the variable it reads, or remove the tenant`,
      );
    }
    return { name, config: { ...config, url, urlIsDefault: false } };
  });
}

/** Calls a function of the user's config; what it throws names the setting. */
async function userCall<T>(call: () => Promise<T>, setting: string, config: ResolvedConfig): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AthanorError) throw error;
    throw new AthanorError(
      'bad-tenants',
      `${setting} in ${config.configPath} threw: ${errorMessage(error)}; fix the function`,
      { cause: error },
    );
  }
}

/** The config of one tenant schema: the template's names translated, the version table in the tenant's schema. */
function tenantSchemaConfig(config: ResolvedConfig, template: string, schema: string): ResolvedConfig {
  return {
    ...config,
    versionTable: { ...config.versionTable, schema },
    historyTable: { ...config.historyTable, schema },
    backfillTable: { ...config.backfillTable, schema },
    expandTable: { ...config.expandTable, schema },
    schemaMap: { template, schema },
  };
}

async function listSchemas(
  config: ResolvedConfig,
  tenants: Extract<TenantsConfig, { template: string }>,
): Promise<string[]> {
  let schemas: unknown = tenants.schemas;
  if (typeof tenants.schemas === 'function') {
    const driver = await connect(config.url);
    try {
      const list = tenants.schemas;
      schemas = await userCall(
        () => list({ query: async (sql, params) => (await driver.query(sql, params)).rows as never[] }),
        'tenants.schemas',
        config,
      );
    } finally {
      await driver.close();
    }
  }
  if (!Array.isArray(schemas) || schemas.some((s) => typeof s !== 'string' || s === '')) {
    throw new AthanorError(
      'bad-tenants',
      `tenants.schemas in ${config.configPath} must be (or return) a list of schema names`,
    );
  }
  if (schemas.includes(tenants.template)) {
    throw new AthanorError(
      'bad-tenants',
      `tenants.schemas in ${config.configPath} lists the template schema "${tenants.template}"; a tenant needs a schema of its own`,
    );
  }
  return [...new Set(schemas as string[])];
}

/** The tenants `--tenants` selects; a name or pattern matching none is an error. */
function chooseTenants(fleet: Tenant[], selector: string): Tenant[] {
  const { selected, unmatched } = selectTenants(
    fleet.map((t) => t.name),
    selector,
  );
  if (unmatched.length > 0) {
    const known = fleet
      .slice(0, 5)
      .map((t) => t.name)
      .join(', ');
    throw new AthanorError(
      'unknown-tenant',
      `--tenants ${unmatched.join(',')} matches no tenant; the fleet has ${fleet.length} (${known}${fleet.length > 5 ? ', ...' : ''})`,
    );
  }
  if (selected.length === 0)
    throw new AthanorError(
      'unknown-tenant',
      `--tenants "${selector}" selects no tenant; give all, NAME,NAME or a pattern such as 'eu-*'`,
    );
  const names = new Set(selected);
  return fleet.filter((t) => names.has(t.name));
}

function checkFlags(flags: FleetFlags): { concurrency: number; canary: number } {
  const concurrency = flags.concurrency ?? DEFAULT_CONCURRENCY;
  const canary = flags.canary ?? 0;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new AthanorError('bad-option', `--concurrency takes a whole number of at least 1, got ${concurrency}`);
  if (!Number.isInteger(canary) || canary < 0)
    throw new AthanorError('bad-option', `--canary takes a whole number of tenants, got ${canary}`);
  return { concurrency, canary };
}

/** Loads the config and picks the tenants `flags.tenants` names. */
async function loadTenants(options: CommandOptions, selector: string): Promise<Tenant[]> {
  return chooseTenants(await resolveTenants(await loadProject(options)), selector);
}

/**
 * Runs `work` once per selected tenant (its name and its config), at most
 * `concurrency` at once.
 */
export async function forEachTenant<T>(
  options: CommandOptions,
  flags: FleetFlags,
  work: (tenant: Tenant) => Promise<T>,
): Promise<TenantOutcome<T>[]> {
  const settings = checkFlags(flags);
  const tenants = await loadTenants(options, flags.tenants);
  // One process holds a PGlite database at a time: its tenants run one after another on one connection.
  if (tenants.some((t) => isPglite(t.config.url))) settings.concurrency = 1;
  const byName = new Map(tenants.map((t) => [t.name, t]));
  return runFleet(
    tenants.map((t) => t.name),
    {
      ...settings,
      continueOnError: !!flags.continueOnError,
      ...(flags.onProgress ? { onProgress: flags.onProgress } : {}),
    },
    (name) => work(byName.get(name)!),
  );
}

/** A PGlite url; a url that is not one fails its own tenant when it connects. */
function isPglite(url: string): boolean {
  try {
    return parseDatabaseUrl(url).kind === 'pglite';
  } catch {
    return false;
  }
}

/**
 * `forEachTenant` with a connection to the tenant's database open while
 * `work` runs. Connections are reset and reused by the next tenant of the
 * same database (a schema per tenant); the fleet never holds more than
 * `concurrency` of them.
 */
export async function onEachTenant<T>(
  options: CommandOptions,
  flags: FleetFlags,
  work: (config: ResolvedConfig, driver: Driver) => Promise<T>,
): Promise<TenantOutcome<T>[]> {
  const sessions = new Sessions(checkFlags(flags).concurrency);
  try {
    return await forEachTenant(options, flags, async ({ config }) => {
      const driver = await sessions.acquire(config.url);
      let reusable = false;
      try {
        const result = await work(config, driver);
        reusable = true;
        return result;
      } finally {
        await sessions.release(config.url, driver, reusable);
      }
    });
  } finally {
    await sessions.closeAll();
  }
}

/** Open connections by url, at most `limit` in use and idle together. */
class Sessions {
  private readonly idle: { url: string; driver: Driver }[] = [];
  private inUse = 0;

  constructor(private readonly limit: number) {}

  async acquire(url: string): Promise<Driver> {
    const at = this.idle.findIndex((s) => s.url === url);
    this.inUse += 1;
    if (at >= 0) return this.idle.splice(at, 1)[0]!.driver;
    while (this.idle.length > 0 && this.inUse + this.idle.length > this.limit)
      await this.idle
        .shift()!
        .driver.close()
        .catch(() => undefined);
    try {
      return await connect(url);
    } catch (error) {
      this.inUse -= 1;
      throw error;
    }
  }

  /** Back to the idle set when the run finished and the reset worked; closed otherwise. */
  async release(url: string, driver: Driver, reusable: boolean): Promise<void> {
    this.inUse -= 1;
    if (reusable && (await resetSession(driver))) this.idle.push({ url, driver });
    else await driver.close().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    for (const { driver } of this.idle.splice(0)) await driver.close().catch(() => undefined);
  }
}

/** One tenant's script of a fleet `--sql` run. */
export interface TenantScript {
  file: string;
  from: string[];
  to: string[];
  revisions: string[];
}

/** The folder `--sql-dir` names (a relative one from the working folder), created when missing. */
export function scriptsFolder(options: CommandOptions, dir: string): string {
  const folder = resolve(options.cwd ?? process.cwd(), dir);
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** Writes a tenant's script as `<folder>/<tenant>.sql`, the name escaped as in a url so that no two tenants share a file. */
export function writeTenantScript(folder: string, tenant: string, script: OfflineScript): TenantScript {
  const file = join(folder, `${encodeURIComponent(tenant)}.sql`);
  writeFileSync(file, script.sql);
  return { file, from: script.from, to: script.to, revisions: script.revisions };
}
