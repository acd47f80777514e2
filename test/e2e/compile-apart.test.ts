import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const DIST = resolve(import.meta.dirname, '../../dist/loader');

/**
 * Imports `file` as the built package does for a large user file (the size
 * limit set to 0 so a small file is one), in a process of its own with its
 * own temporary folder, so the loader's caches are this test's alone. Prints
 * the exports' `n`, whether the process compiled the file from its text, and
 * the error's message if the import failed.
 */
function importInProcess(
  file: string,
  tmp: string,
  env: NodeJS.ProcessEnv = {},
  prelude = '',
): { n?: number; fromText?: boolean; error?: string } {
  const url = (name: string): string => pathToFileURL(join(DIST, name)).href;
  const script = [
    // Counts the runs of this script: a child started with this process's options would run it again.
    "(await import('node:fs')).appendFileSync(process.env.ATHANOR_TEST_RUNS, 'run\\n');",
    `const { importUserFile } = await import(${JSON.stringify(url('import-file.js'))});`,
    `const { compiledWithoutCache } = await import(${JSON.stringify(url('code-cache.js'))});`,
    prelude,
    'try {',
    "  const m = await importUserFile(process.argv[1], 'model', 0);",
    '  console.log(JSON.stringify({ n: m.n, fromText: compiledWithoutCache() }));',
    '} catch (error) {',
    '  console.log(JSON.stringify({ error: error.message }));',
    '}',
  ].join('\n');
  const runs = join(tmp, 'runs');
  const before = existsSync(runs) ? readFileSync(runs, 'utf8') : '';
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, file], {
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: tmp, ATHANOR_TEST_RUNS: runs, ...env },
  });
  expect(run.status, run.stderr).toBe(0);
  expect(readFileSync(runs, 'utf8')).toBe(`${before}run\n`);
  return JSON.parse(run.stdout) as { n?: number; fromText?: boolean; error?: string };
}

/** `prepareUserFile` (size limit 0), as `pull` calls it after writing the model, in a process of its own. */
function prepareInProcess(file: string, tmp: string): void {
  const script = `await (await import(${JSON.stringify(pathToFileURL(join(DIST, 'import-file.js')).href)})).prepareUserFile(process.argv[1], { codeCacheMin: 0 });`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, file], {
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: tmp },
  });
  expect(run.status, run.stderr).toBe(0);
}

/** The loader's cache files of the project in `tmp` (one folder per transform release, one per user). */
function cacheFiles(tmp: string): string[] {
  return readdirSync(tmp, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('models'));
}

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function folder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

describe('a large user file compiled apart', () => {
  it('is transformed and compiled by a child process, and this process reads the caches it made', () => {
    const project = folder('athanor-apart-');
    const tmp = folder('athanor-apart-tmp-');
    const file = join(project, 'models.ts');
    writeFileSync(file, 'interface Row { n: number }\nconst row: Row = { n: 1 };\nexport const n: number = row.n;\n');
    expect(importInProcess(file, tmp)).toEqual({ n: 1, fromText: false });
    const files = cacheFiles(tmp);
    expect(files.some((f) => f.endsWith('.v8cache'))).toBe(true);
    expect(files.some((f) => f.endsWith('.v8cache.source'))).toBe(true);
    // An edit: the caches are for the old text, so a child makes them again.
    writeFileSync(file, 'export const n: number = 2;\n');
    expect(importInProcess(file, tmp)).toEqual({ n: 2, fromText: false });
    expect(importInProcess(file, tmp)).toEqual({ n: 2, fromText: false });
  });

  it('is made ready for the next import by prepareUserFile, which pull calls after writing the model', () => {
    const project = folder('athanor-apart-');
    const tmp = folder('athanor-apart-tmp-');
    const file = join(project, 'models.ts');
    writeFileSync(file, 'export const n: number = 3;\n');
    prepareInProcess(file, tmp);
    expect(cacheFiles(tmp).filter((f) => f.endsWith('.v8cache') || f.endsWith('.v8cache.source'))).toHaveLength(2);
    expect(importInProcess(file, tmp)).toEqual({ n: 3, fromText: false });
    // Nothing to do for a file whose caches are made, nor for a file that does not compile.
    prepareInProcess(file, tmp);
    writeFileSync(file, 'export const n = ;\n');
    prepareInProcess(file, tmp);
  });

  it('reads the code cache pull made in the process that builds a model apart, whose heap grows further', () => {
    const project = folder('athanor-apart-');
    const tmp = folder('athanor-apart-tmp-');
    const file = join(project, 'models.ts');
    writeFileSync(file, 'export const n: number = 4;\n');
    prepareInProcess(file, tmp);
    const codeCache = (): string[] => cacheFiles(tmp).filter((f) => f.endsWith('.v8cache'));
    expect(codeCache()).toHaveLength(1);
    const made = readFileSync(join(tmp, codeCache()[0]!));
    // As build-apart.js starts: V8 refuses a cache made under other flags, and a refused cache is removed.
    const buildApart = [
      `const { compileInThisProcess } = await import(${JSON.stringify(pathToFileURL(join(DIST, 'code-cache.js')).href)});`,
      `const { growHeapForBuild } = await import(${JSON.stringify(pathToFileURL(join(DIST, 'heap-tuning.js')).href)});`,
      'compileInThisProcess();',
      'growHeapForBuild();',
    ].join('\n');
    expect(importInProcess(file, tmp, {}, buildApart)).toEqual({ n: 4, fromText: false });
    expect(codeCache()).toHaveLength(1);
    expect(readFileSync(join(tmp, codeCache()[0]!)).equals(made)).toBe(true);
  });

  it('takes one child for a large file that is JavaScript but for its module syntax, two for TypeScript', () => {
    const project = folder('athanor-apart-');
    const tmp = folder('athanor-apart-tmp-');
    const file = join(project, 'models.ts');
    // Each node process started records its arguments: the children's say which step they are.
    const started = join(tmp, 'started');
    const recorder = join(tmp, 'record.cjs');
    writeFileSync(
      recorder,
      `require('node:fs').appendFileSync(${JSON.stringify(started)}, process.argv.slice(2).join(' ') + '\\n');\n`,
    );
    const env = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${recorder}`.trim() };
    const children = (): string[] =>
      readFileSync(started, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith(file))
        .map((line) => line.slice(file.length + 1).split(' ')[1] ?? 'compile');
    // Past the size from which the transform takes a plain file as it is (4 MB).
    const text = `'${'a'.repeat(400)}'`;
    const statements = Array.from({ length: 10_000 }, (_, i) => `export const t${i} = [${i}, ${text}];\n`).join('');
    writeFileSync(file, `${statements}export const n = t9999[0] + 1;\n`);
    expect(importInProcess(file, tmp, env)).toEqual({ n: 10_000, fromText: false });
    expect(children()).toEqual(['transform']);
    writeFileSync(file, `${statements}export const n: number = t9999[0] + 2;\n`);
    rmSync(started);
    expect(importInProcess(file, tmp, env)).toEqual({ n: 10_001, fromText: false });
    expect(children()).toEqual(['transform', 'compile']);
  });

  it('leaves a file the child cannot compile to this process, which says what is wrong with it', () => {
    const project = folder('athanor-apart-');
    const tmp = folder('athanor-apart-tmp-');
    const file = join(project, 'models.ts');
    writeFileSync(file, "import { sql } from 'athanor';\nexport const a = sql`x`;\nexport const b = ;\n");
    expect(importInProcess(file, tmp)).toEqual({
      error: `cannot load model ${file}: line 3, column 18 of models.ts: Unexpected token`,
    });
  });
});
