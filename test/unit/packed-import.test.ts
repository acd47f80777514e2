import { readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loaderFolder } from '../helpers/loader-folder.js';
import { AthanorError } from '../../src/util/errors.js';
import { importUserFiles, transformCacheDir } from '../../src/loader/import-file.js';

const folder = (files: Record<string, string>): string => loaderFolder(files, 'athanor-packed-');

const numbered = (n: number) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `f${i}.ts`,
      `export const n: number = ${i};\nexport const twice = (x: number) => x * 2;\n`,
    ]),
  );

async function load(dir: string, keys: Record<string, string>): Promise<Map<string, Promise<Record<string, unknown>>>> {
  const files = Object.entries(keys).map(([name, key]) => ({ path: join(dir, name), key }));
  return importUserFiles<Record<string, unknown>>(files, 'revision');
}

function packs(dir: string): string[] {
  return readdirSync(transformCacheDir()).filter((file) => file.startsWith(`${basename(dir)}-pack-`));
}

describe('importUserFiles', () => {
  it('imports each file as a module of its own and keeps their transforms in one pack', async () => {
    const dir = folder(numbered(5));
    const modules = await load(dir, { 'f0.ts': 'a', 'f1.ts': 'b', 'f2.ts': 'c', 'f3.ts': 'd', 'f4.ts': 'e' });
    for (let i = 0; i < 5; i++) {
      const module = await modules.get(join(dir, `f${i}.ts`))!;
      expect(module.n).toBe(i);
      expect((module.twice as (x: number) => number)(3)).toBe(6);
    }
    expect(packs(dir)).toHaveLength(1);
  });

  it('reads no file whose key matches the pack, and transforms again one whose key changed', async () => {
    const dir = folder(numbered(2));
    await Promise.all((await load(dir, { 'f0.ts': 'a', 'f1.ts': 'b' })).values());
    // The text changes but f0's key does not: the pack's transform is used, the file is not read.
    writeFileSync(join(dir, 'f0.ts'), 'export const n: number = 100;\n');
    writeFileSync(join(dir, 'f1.ts'), 'export const n: number = 101;\n');
    const again = await load(dir, { 'f0.ts': 'a', 'f1.ts': 'b2' });
    expect((await again.get(join(dir, 'f0.ts'))!).n).toBe(0);
    expect((await again.get(join(dir, 'f1.ts'))!).n).toBe(101);
  });

  it('names the file and line of a syntax error, and of an error thrown while it loads', async () => {
    const dir = folder({
      'ok.ts': 'export const n = 1;\n',
      'broken.ts': 'export const n = ;\n',
      'throws.ts': "export const n = 1;\n\nthrow new Error('not today');\n",
    });
    const modules = await load(dir, { 'ok.ts': 'a', 'broken.ts': 'b', 'throws.ts': 'c' });
    expect((await modules.get(join(dir, 'ok.ts'))!).n).toBe(1);
    const broken = await modules.get(join(dir, 'broken.ts'))!.catch((error: unknown) => error);
    expect(broken).toBeInstanceOf(AthanorError);
    expect((broken as Error).message).toMatch(/^cannot load revision .*broken\.ts: line 1, column \d+ of broken\.ts: /);
    const thrown = await modules.get(join(dir, 'throws.ts'))!.catch((error: unknown) => error);
    expect((thrown as Error).message).toBe(
      `cannot load revision ${join(dir, 'throws.ts')}: line 3 of throws.ts: not today`,
    );
    expect(((thrown as Error).cause as Error).stack).toContain(`${join(dir, 'throws.ts')}:3`);
  });

  it("runs top-level await, and leaves a file that imports one of the user's to jiti", async () => {
    const dir = folder({
      'waits.ts': 'export const n: number = await Promise.resolve(7);\n',
      'helper.ts': 'export const base = 40;\n',
      'imports.ts': "import { base } from './helper';\nexport const n = base + 2;\n",
    });
    const modules = await load(dir, { 'waits.ts': 'a', 'imports.ts': 'b' });
    expect((await modules.get(join(dir, 'waits.ts'))!).n).toBe(7);
    expect((await modules.get(join(dir, 'imports.ts'))!).n).toBe(42);
  });

  it('imports the athanor package from a packed file', async () => {
    const dir = folder({ 'uses.ts': "import { sql } from 'athanor';\nexport const kind = typeof sql;\n" });
    const modules = await load(dir, { 'uses.ts': 'a' });
    expect((await modules.get(join(dir, 'uses.ts'))!).kind).toBe('function');
  });
});
