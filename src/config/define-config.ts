/** Settings one environment can override. */
export interface EnvironmentConfig {
  /** Database url: postgres://..., postgresql://..., pglite:./dir or pglite:memory:. */
  url?: string;
  /** Schemas autogenerate compares; by default the model's schemas and `public`. */
  schemas?: string[];
  /** Where applied revisions are recorded. */
  versionTable?: { schema?: string; name?: string };
}

export interface AthanorConfig extends EnvironmentConfig {
  /** The model file, relative to the config file. Default `./models.ts`. */
  model?: string;
  /** The migrations folder, relative to the config file; revisions live in its `versions/`. Default `./migrations`. */
  migrations?: string;
  /** Named environments, chosen with `-x env=NAME`. */
  environments?: Record<string, EnvironmentConfig>;
}

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
