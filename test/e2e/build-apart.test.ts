import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDeclaredModel } from '../../src/commands/compare/declared-model.js';
import { largeModelText } from '../helpers/large-model.js';
import { loaderFolder } from '../helpers/loader-folder.js';

const DECLARED_MODEL = pathToFileURL(
  resolve(import.meta.dirname, '../../dist/commands/compare/declared-model.js'),
).href;

/**
 * `loadDeclaredModel` of the built package in a process of its own, with a
 * temporary folder of its own for the loader's caches; each node process
 * started records its arguments in `started`. Prints the model's tables and
 * the error's message if the load failed.
 */
function loadInProcess(
  project: string,
  tmp: string,
): {
  tables?: number;
  error?: string;
  children: string[];
  tunables?: string[];
  options?: string[][];
} {
  const started = join(tmp, 'started');
  const recorder = join(tmp, 'record.cjs');
  writeFileSync(
    recorder,
    [
      "const { appendFileSync } = require('node:fs');",
      "const name = require('node:path').basename(process.argv[1] ?? '-');",
      `appendFileSync(${JSON.stringify(started)}, [name, process.env.GLIBC_TUNABLES ?? '', JSON.stringify(process.execArgv)].join('\\t') + '\\n');`,
    ].join('\n'),
  );
  const script = [
    `const { loadDeclaredModel } = await import(${JSON.stringify(DECLARED_MODEL)});`,
    'try {',
    '  const model = await loadDeclaredModel(process.argv[1], process.argv[2]);',
    '  console.log(JSON.stringify({ tables: model.tables.length }));',
    '} catch (error) {',
    '  console.log(JSON.stringify({ error: error.message }));',
    '}',
  ].join('\n');
  rmSync(started, { force: true });
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, join(project, 'models.ts'), project], {
    encoding: 'utf8',
    env: {
      ...process.env,
      TMPDIR: tmp,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${recorder}`.trim(),
    },
  });
  expect(run.status, run.stderr).toBe(0);
  const lines = existsSync(started) ? readFileSync(started, 'utf8').trim().split('\n').slice(1) : [];
  const children = lines.map((line) => line.split('\t')[0]!);
  const result = { ...(JSON.parse(run.stdout) as { tables?: number; error?: string }), children };
  if (lines.length === 0) return result;
  const fields = lines.map((line) => line.split('\t'));
  return { ...result, tunables: fields.map((f) => f[1]!), options: fields.map((f) => JSON.parse(f[2]!) as string[]) };
}

/** The files under `folder`, by path from it. */
function filesUnder(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder, { recursive: true, encoding: 'utf8' }) : [];
}

const keptFile = (root: string): string => join(root, '.athanor', 'built-model.json');

describe('the model of a large self-contained file, built apart', () => {
  it('is built and kept by a child process, and read back by the command', async () => {
    const project = loaderFolder({ 'models.ts': largeModelText(2000) }, 'athanor-build-apart-');
    const tmp = loaderFolder({}, 'athanor-build-apart-tmp-');
    const first = loadInProcess(project, tmp);
    expect(first.tables).toBe(2000);
    // The child that builds (the file is under the size the loader compiles in a child of its own).
    expect(first.children).toEqual(['build-apart.js']);
    // What it kept is what this process builds from the same text.
    const kept = readFileSync(keptFile(project), 'utf8');
    const built = await loadDeclaredModel(join(project, 'models.ts'));
    expect(kept.slice(kept.indexOf('\n') + 1)).toBe(`${JSON.stringify(built)}\n`);
    // Kept: no child the next time.
    expect(loadInProcess(project, tmp)).toEqual({ tables: 2000, children: [] });
  });

  it('is compiled by the child itself, from the text, with no code cache made and no child of its own', async () => {
    // Over the size from which the loader compiles through a code cache (1 MiB).
    const text = largeModelText(7000);
    expect(text.length).toBeGreaterThan(1 << 20);
    const project = loaderFolder({ 'models.ts': text }, 'athanor-build-apart-');
    const tmp = loaderFolder({}, 'athanor-build-apart-tmp-');
    const result = loadInProcess(project, tmp);
    expect(result.tables).toBe(7000);
    expect(result.children).toEqual(['build-apart.js']);
    // glibc's allocator gives the parser's freed memory back before the build (declared-model.ts).
    expect(result.tunables?.[0]?.split(':')).toContain('glibc.malloc.trim_threshold=0');
    // Its garbage collected as it is made, by one thread (declared-model.ts).
    expect(result.options?.[0]).toContain('--single-threaded-gc');
    expect(filesUnder(tmp).filter((file) => file.endsWith('.v8cache'))).toEqual([]);
    const kept = readFileSync(keptFile(project), 'utf8');
    const built = await loadDeclaredModel(join(project, 'models.ts'));
    expect(kept.slice(kept.indexOf('\n') + 1)).toBe(`${JSON.stringify(built)}\n`);
  });

  it('leaves a model that fails to the command, which builds nothing kept and says what is wrong', () => {
    const broken = largeModelText(2000, "export const broken = metadata.table('t_0', {});\n");
    const project = loaderFolder({ 'models.ts': broken }, 'athanor-build-apart-');
    const tmp = loaderFolder({}, 'athanor-build-apart-tmp-');
    const result = loadInProcess(project, tmp);
    expect(result.error).toBe(
      'table public.t_0: is declared twice; give each metadata.table() a distinct name or schema',
    );
    expect(result.children[0]).toBe('build-apart.js');
    expect(existsSync(keptFile(project))).toBe(false);
  });
});
