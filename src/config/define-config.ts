import type { PrivilegesSetting } from '../schema/model.js';

/** Settings one environment can override. */
export interface EnvironmentConfig {
  /**
   * Database url: postgres://..., postgresql://..., pglite:./dir or pglite:memory:.
   * `url: process.env.DATABASE_URL` may be undefined: no url (an environment chosen with
   * `-x env=NAME` whose url is undefined is refused, naming it).
   */
  url?: string | undefined;
  /** Schemas autogenerate compares; by default the model's schemas and `public`. */
  schemas?: string[];
  /**
   * Where applied revisions are recorded: the version table (one row per head)
   * and, next to it, the history table (`<name>_history` unless named).
   */
  versionTable?: { schema?: string; name?: string; history?: string };
  /** `lock_timeout` for every statement of a run, e.g. `'5s'` or 5000 (ms); a revision's own wins. Default `'5s'` online; 0 turns it off. */
  lockTimeout?: string | number;
  /** `statement_timeout` for every statement of a run; a revision's own wins. */
  statementTimeout?: string | number;
  /** One transaction per revision (true, the default) or one for the whole run (false). */
  transactionPerRevision?: boolean;
  /**
   * The wait of a statement that blocks neither reads nor writes (`CREATE INDEX CONCURRENTLY`,
   * `VALIDATE CONSTRAINT`, outside a transaction), which `lockTimeout` does not bound: it waits
   * for the transactions before it. `timeout` bounds it (default `'10min'`, 0 for no bound);
   * `policy` says what happens then: `'fail'` (the default) stops the revision, which the next run
   * resumes; `'terminate-idle'` ends the sessions it waits for that sit idle in a transaction, and
   * tries once more.
   */
  onlineWait?: { timeout?: string | number; policy?: OnlineWaitPolicy };
  /**
   * `upgrade` refuses to apply a revision with a data-loss hazard its
   * `acknowledged` export does not name (false by default; see `migrate lint`).
   */
  requireAcknowledged?: boolean;
  /** The fleet `--tenants` runs over: a schema per tenant, or a database per tenant. */
  tenants?: TenantsConfig;
}

/** Reads the configured database while the tenant list is worked out. */
export interface TenantQuery {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

/**
 * Schema per tenant: the model and the revisions declare the tenant's objects
 * in the `template` schema; each tenant schema gets them under its own name,
 * with its own version table.
 */
export interface SchemaTenants {
  template: string;
  schemas: string[] | ((db: TenantQuery) => Promise<string[]>);
}

/** Database per tenant: tenant name -> database url. */
export interface DatabaseTenants {
  databases: Record<string, string> | (() => Promise<Record<string, string>>);
}

export type TenantsConfig = SchemaTenants | DatabaseTenants;

/**
 * A command run after a revision file is written (Alembic's `write_hooks`):
 * - a string runs through the shell, `{file}` replaced by the quoted path
 *   (appended when absent), e.g. `'prettier --write {file}'`;
 * - an array runs without a shell: `['prettier', '--write', '{file}']`;
 * - a function receives the path.
 */
export type PostWriteHook = string | string[] | ((file: string) => void | Promise<void>);

export interface AthanorConfig extends EnvironmentConfig {
  /** The model file, relative to the config file. Default `./models.ts`. */
  model?: string;
  /** The migrations folder, relative to the config file; revisions live in its `versions/`. Default `./migrations`. */
  migrations?: string;
  /** Named environments, chosen with `-x env=NAME`. */
  environments?: Record<string, EnvironmentConfig>;
  /**
   * How autogenerate writes changes to tables that already exist. `'online'`
   * (the default): indexes built and dropped `CONCURRENTLY`, foreign keys and
   * checks added `NOT VALID` then validated, unique and primary keys over an
   * index built concurrently, `SET NOT NULL` through a validated check, all in
   * an `op.autocommit` block at the end of the revision. `'simple'`: one plain
   * statement each, in the revision's transaction.
   */
  plan?: PlanMode;
  /**
   * Which privileges (`GRANT`) the model manages. `'none'` (the default):
   * none, nothing about privileges is read or compared. `'all'`: every
   * grantee's privileges on the objects of the compared schemas, but the
   * owners' own, and the default privileges (`ALTER DEFAULT PRIVILEGES`).
   * `{ roles: [...] }`: the privileges of those roles only (`'PUBLIC'` for
   * PUBLIC).
   */
  privileges?: PrivilegesSetting;
  /**
   * Whether the model manages owners (`ALTER ... OWNER TO`) of the objects
   * privileges can be on: off (`false`, the default), nothing about owners
   * is read or compared. On, an object with no `owner` in the model belongs
   * to the role the migrations run as.
   */
  owners?: boolean;
  /**
   * Roles `revision --autogenerate`, `upgrade` and `downgrade` create (`CREATE ROLE ... NOLOGIN`) where
   * the cluster lacks them, before anything else runs: the roles the model
   * grants to. Never altered or dropped; without it, a missing role stops
   * the run.
   */
  roles?: string[];
  /** Commands run on every revision file `revision` and `merge` write, in order. */
  hooks?: { postWrite?: PostWriteHook[] };
}

export type PlanMode = 'online' | 'simple';

export type OnlineWaitPolicy = 'fail' | 'terminate-idle';

export interface ConfigContext {
  /** The `-x key=value` arguments. */
  args: Record<string, string>;
  /** The process environment (after `.env` is read). */
  env: Record<string, string | undefined>;
}

export type ConfigInput = AthanorConfig | ((context: ConfigContext) => AthanorConfig | Promise<AthanorConfig>);

/** Declares the configuration in `migrate.config.ts`; returns it unchanged, typed. */
export function defineConfig<T extends ConfigInput>(config: T): T {
  return config;
}
