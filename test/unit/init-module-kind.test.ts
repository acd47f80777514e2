import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it, onTestFinished } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';
import { strictDiagnostics } from '../helpers/typecheck.js';

/** The options of a strict project as `tsc --init` writes them, beside `strict`. */
const STRICTER: ts.CompilerOptions = {
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
};

function folder(packageJson: object | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-init-kind-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  if (packageJson !== null) writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson));
  return dir;
}

async function migrate(cwd: string, ...argv: string[]): Promise<string> {
  const lines: string[] = [];
  const out: Output = { stdout: (s) => lines.push(s), stderr: (s) => lines.push(`error: ${s}`), exitCode: 0 };
  const code = await run(argv, out, cwd);
  expect({ code, lines }).toMatchObject({ code: 0 });
  return lines.join('\n');
}

/** The files `init` and a first revision wrote, with the errors of a strict type check of them. */
async function initAndRevise(dir: string): Promise<{ files: string[]; errors: string[] }> {
  await migrate(dir, 'init', dir);
  await migrate(dir, 'revision', '-m', 'first');
  const versions = join(dir, 'migrations', 'versions');
  const files = [
    ...readdirSync(dir).filter((f) => /\.m?ts$/.test(f)),
    ...readdirSync(versions)
      .filter((f) => /\.m?ts$/.test(f))
      .map((f) => `migrations/versions/${f.replace(/^[0-9a-f]{12}/, 'ID')}`),
  ].sort();
  const paths = [
    ...readdirSync(dir)
      .filter((f) => /\.m?ts$/.test(f))
      .map((f) => join(dir, f)),
    ...readdirSync(versions)
      .filter((f) => /\.m?ts$/.test(f))
      .map((f) => join(versions, f)),
  ];
  const errors = strictDiagnostics(paths, [dir], STRICTER).map(
    (d) => `${d.file?.fileName.slice(dir.length + 1)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
  );
  return { files, errors };
}

describe('init fits the project it finds', () => {
  it('writes .mts files where package.json does not say "type": "module" (npm init), and revisions follow', async () => {
    const dir = folder({ name: 'app', version: '1.0.0' });
    const { files, errors } = await initAndRevise(dir);
    expect(files).toEqual(['migrate.config.mts', 'migrations/versions/ID_first.mts', 'models.mts']);
    expect(readFileSync(join(dir, 'migrate.config.mts'), 'utf8')).toContain("model: './models.mts',");
    expect(errors).toEqual([]);
    // The config and the revision load: the revision's SQL, offline.
    expect(await migrate(dir, 'upgrade', 'head', '--sql')).toMatch(
      /-- Running upgrade [0-9a-f]{12}: first \([0-9a-f]{12}_first\.mts\)/,
    );
  }, 60_000);

  it('writes .ts files in an ES module project', async () => {
    const dir = folder({ name: 'app', type: 'module' });
    const { files, errors } = await initAndRevise(dir);
    expect(files).toEqual(['migrate.config.ts', 'migrations/versions/ID_first.ts', 'models.ts']);
    expect(errors).toEqual([]);
  }, 60_000);

  it('writes .ts files where no package.json is found', async () => {
    const dir = folder(null);
    await migrate(dir, 'init', dir);
    expect(readdirSync(dir).sort()).toEqual(['migrate.config.ts', 'migrations', 'models.ts']);
  });

  it('refuses a second init over a .mts config', async () => {
    const dir = folder({ name: 'app' });
    await migrate(dir, 'init', dir);
    const lines: string[] = [];
    const out: Output = { stdout: (s) => lines.push(s), stderr: (s) => lines.push(s), exitCode: 0 };
    expect(await run(['init', dir], out, dir)).toBe(2);
    expect(lines.join('\n')).toContain(`${join(dir, 'migrate.config.mts')} already exists`);
  });
});
