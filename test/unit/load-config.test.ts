import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { AthanorError } from '../../src/util/errors.js';

/** A folder holding `migrate.config.ts` with `source` as its body; removed after the test. */
function configDir(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-config-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'migrate.config.ts'), source);
  return dir;
}

const ENVIRONMENTS = `export default {
  url: process.env.DATABASE_URL,
  lockTimeout: '5s',
  versionTable: { name: 'versions' },
  environments: {
    prod: { url: process.env.PROD_DATABASE_URL, lockTimeout: process.env.PROD_LOCK_TIMEOUT, versionTable: { name: undefined } },
    staging: { schemas: ['app'] },
  },
};
`;

async function load(dir: string, env: Record<string, string | undefined>, args: Record<string, string> = {}) {
  // The config reads process.env itself; `env` is what it sees there for this call.
  const saved = { ...process.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    return await loadConfig({ cwd: dir, args, env: {} });
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

async function failure(promise: Promise<unknown>): Promise<AthanorError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AthanorError);
  return error as AthanorError;
}

describe('loadConfig: environments', () => {
  it('fails when the chosen environment sets its url to undefined, whatever the top level says', async () => {
    const dir = configDir(ENVIRONMENTS);
    for (const base of [undefined, 'postgres://dev@localhost/dev']) {
      const error = await failure(load(dir, { DATABASE_URL: base, PROD_DATABASE_URL: undefined }, { env: 'prod' }));
      expect(error.code).toBe('environment-url');
      expect(error.message).toMatch(
        /^environment "prod" in .*migrate\.config\.ts sets url to undefined; set the variable it reads/,
      );
      expect(error.message).not.toContain('\n');
    }
    const empty = await failure(load(dir, { DATABASE_URL: undefined, PROD_DATABASE_URL: '' }, { env: 'prod' }));
    expect(empty.code).toBe('environment-url');
    expect(empty.message).toContain("sets url to ''; set the variable it reads");
  });

  it('uses the environment url when it is set; undefined keys of the block do not override', async () => {
    const config = await load(
      configDir(ENVIRONMENTS),
      { PROD_DATABASE_URL: 'postgres://p@prod/app', PROD_LOCK_TIMEOUT: undefined },
      { env: 'prod' },
    );
    expect(config).toMatchObject({
      url: 'postgres://p@prod/app',
      urlIsDefault: false,
      environment: 'prod',
      lockTimeout: '5s',
    });
    expect(config.versionTable).toEqual({ schema: 'public', name: 'versions' });
  });

  it('an environment without a url key takes the top-level url, and fails when there is none', async () => {
    const dir = configDir(ENVIRONMENTS);
    const config = await load(dir, { DATABASE_URL: 'postgres://dev@localhost/dev' }, { env: 'staging' });
    expect(config).toMatchObject({ url: 'postgres://dev@localhost/dev', schemas: ['app'], environment: 'staging' });
    const error = await failure(load(dir, { DATABASE_URL: undefined }, { env: 'staging' }));
    expect(error.code).toBe('environment-url');
    expect(error.message).toMatch(/^environment "staging" in .* has no url, and neither has the top level;/);
  });

  it('falls back to PGlite only when no environment is chosen and the top-level url is unset', async () => {
    const config = await load(configDir(ENVIRONMENTS), { DATABASE_URL: undefined });
    expect(config.urlIsDefault).toBe(true);
    expect(config.url).toMatch(/^pglite:.*\.athanor[\\/]dev$/);
    expect(config.environment).toBeNull();
  });
});

describe('loadConfig: a config function that throws', () => {
  it('names the config file', async () => {
    const dir = configDir("export default () => { throw new Error('fn boom'); };\n");
    const error = await failure(loadConfig({ cwd: dir, env: {} }));
    expect(error.code).toBe('load-failed');
    expect(error.message).toBe(`config ${join(dir, 'migrate.config.ts')} threw: fn boom; fix the function it exports`);
  });

  it('names the config file when the function rejects', async () => {
    const dir = configDir("export default async () => { throw new TypeError('async boom'); };\n");
    const error = await failure(loadConfig({ cwd: dir, env: {} }));
    expect(error.message).toBe(
      `config ${join(dir, 'migrate.config.ts')} threw: async boom; fix the function it exports`,
    );
  });

  it("keeps the config's own AthanorError as it is", async () => {
    const dir = configDir(
      "import { AthanorError } from 'athanor';\nexport default () => { throw new AthanorError('environment-url', 'PROD_DATABASE_URL is not set'); };\n",
    );
    // The config imports the built package, whose AthanorError is another class than this one.
    await expect(loadConfig({ cwd: dir, env: {} })).rejects.toMatchObject({
      name: 'AthanorError',
      code: 'environment-url',
      message: 'PROD_DATABASE_URL is not set',
    });
  });
});

describe('tenants', () => {
  it('keeps a fleet of either layout, and an environment may set its own', async () => {
    const dir = configDir(`export default {
  tenants: { template: 'tenant', schemas: ['a', 'b'] },
  environments: { regions: { url: 'postgres://x@h/db', tenants: { databases: { eu: 'postgres://x@eu/db' } } } },
};
`);
    expect((await loadConfig({ cwd: dir, env: {} })).tenants).toEqual({ template: 'tenant', schemas: ['a', 'b'] });
    expect((await loadConfig({ cwd: dir, env: {}, args: { env: 'regions' } })).tenants).toEqual({
      databases: { eu: 'postgres://x@eu/db' },
    });
  });

  it('refuses a setting with neither layout, both, or no template name', async () => {
    for (const tenants of [
      "{ schemas: ['a'] }",
      "{ template: 't', schemas: ['a'], databases: {} }",
      "{ template: '', schemas: ['a'] }",
    ]) {
      const error = await loadConfig({ cwd: configDir(`export default { tenants: ${tenants} };\n`), env: {} }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AthanorError);
      expect((error as AthanorError).code).toBe('bad-tenants');
    }
  });

  it("takes plan 'online' by default, 'simple' when set, and refuses anything else", async () => {
    expect((await loadConfig({ cwd: configDir('export default {};\n'), env: {} })).plan).toBe('online');
    expect((await loadConfig({ cwd: configDir("export default { plan: 'simple' };\n"), env: {} })).plan).toBe('simple');
    const error = await loadConfig({ cwd: configDir("export default { plan: 'fast' };\n"), env: {} }).catch(
      (e: unknown) => e,
    );
    expect((error as AthanorError).message).toMatch(
      /^plan in .*migrate\.config\.ts must be 'online' or 'simple', not "fast"$/,
    );
  });
  it("takes privileges 'none' by default, 'all' or roles when set (PUBLIC in any case), and refuses anything else", async () => {
    const privileges = async (text: string): Promise<unknown> =>
      (await loadConfig({ cwd: configDir(`export default { ${text} };\n`), env: {} })).privileges;
    expect(await privileges('')).toBe('none');
    expect(await privileges("privileges: 'all'")).toBe('all');
    expect(await privileges("privileges: { roles: ['anon', 'public'] }")).toEqual({ roles: ['anon', 'PUBLIC'] });
    const error = await privileges("privileges: 'some'").catch((e: unknown) => e);
    expect((error as AthanorError).code).toBe('bad-config');
    expect((error as AthanorError).message).toMatch(
      /^privileges in .*migrate\.config\.ts must be 'none', 'all' or \{ roles: \['role', \.\.\.\] \}, not "some"$/,
    );
    await expect(privileges('privileges: { roles: [] }')).rejects.toThrow(/must be 'none'/);
  });
});

describe('loadConfig: a config given as a value, and a url given by the caller', () => {
  it('reads an inline config, its paths from cwd, without a config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'athanor-config-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const config = await loadConfig({
      cwd: dir,
      inline: ({ args }) => ({ url: args.db, migrations: './db' }),
      args: { db: 'postgres://a@h/app' },
      env: {},
    });
    expect(config).toMatchObject({ url: 'postgres://a@h/app', configPath: 'the inline config', root: dir });
    expect(config.versionsDir).toBe(join(dir, 'db', 'versions'));
  });

  it("lets the url win over the config's and the environment's, and an environment without one pass", async () => {
    const dir = configDir(ENVIRONMENTS);
    const url = 'postgres://given@localhost/app';
    for (const env of ['prod', 'staging']) {
      const saved = process.env.DATABASE_URL;
      delete process.env.DATABASE_URL;
      try {
        const config = await loadConfig({ cwd: dir, args: { env }, env: {}, url });
        expect(config).toMatchObject({ url, urlIsDefault: false, environment: env });
      } finally {
        if (saved !== undefined) process.env.DATABASE_URL = saved;
      }
    }
  });
});
