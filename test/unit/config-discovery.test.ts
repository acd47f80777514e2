import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';
import { loadConfig } from '../../src/config/load-config.js';
import { AthanorError } from '../../src/util/errors.js';

/** A project folder with a config naming its model and migrations relatively, and a folder deep inside it. */
function project(): { root: string; deep: string } {
  const root = mkdtempSync(join(tmpdir(), 'athanor-find-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(
    join(root, 'migrate.config.ts'),
    "export default { url: 'pglite:memory:', model: './db/models.ts', migrations: './db/migrations' };\n",
  );
  mkdirSync(join(root, 'db', 'migrations', 'versions'), { recursive: true });
  const deep = join(root, 'src', 'feature');
  mkdirSync(deep, { recursive: true });
  return { root, deep };
}

function otherConfig(dir: string, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, "export default { url: 'pglite:memory:', model: './other-models.ts' };\n");
  return path;
}

describe('finding the config', () => {
  it('looks upward from the working folder, as git does, and reads paths from the config folder', async () => {
    const { root, deep } = project();
    const config = await loadConfig({ cwd: deep, env: {} });
    expect(config.configPath).toBe(join(root, 'migrate.config.ts'));
    expect(config.root).toBe(root);
    expect(config.modelPath).toBe(join(root, 'db', 'models.ts'));
    expect(config.versionsDir).toBe(join(root, 'db', 'migrations', 'versions'));
  });

  it('takes MIGRATE_CONFIG over the search, and -c over both', async () => {
    const { root, deep } = project();
    const fromEnv = otherConfig(root, 'env.config.ts');
    const fromFlag = otherConfig(deep, 'flag.config.ts');
    const env = { MIGRATE_CONFIG: '../../env.config.ts' };
    expect((await loadConfig({ cwd: deep, env })).configPath).toBe(fromEnv);
    expect((await loadConfig({ cwd: deep, env })).modelPath).toBe(join(root, 'other-models.ts'));
    expect((await loadConfig({ cwd: deep, env, configPath: 'flag.config.ts' })).configPath).toBe(fromFlag);
  });

  it('says where it looked when there is none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'athanor-none-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const error = await loadConfig({ cwd: dir, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AthanorError);
    expect((error as AthanorError).code).toBe('no-config');
    expect((error as AthanorError).message).toBe(
      `no migrate.config.ts or migrate.config.mts in ${dir} or any folder above it; run \`migrate init\` to create one, or name one with -c FILE or MIGRATE_CONFIG`,
    );
    const missing = await loadConfig({ cwd: dir, env: { MIGRATE_CONFIG: 'nope.ts' } }).catch((e: unknown) => e);
    expect((missing as AthanorError).message).toBe(`no config file at ${join(dir, 'nope.ts')} (MIGRATE_CONFIG)`);
  });

  it('is found by the command line from a subfolder', async () => {
    const { deep } = project();
    const lines: string[] = [];
    const out: Output = { stdout: (s) => lines.push(s), stderr: (s) => lines.push(s), exitCode: 0 };
    expect(await run(['heads'], out, deep)).toBe(0);
    expect(lines.join('\n')).not.toContain('error');
  });
});
