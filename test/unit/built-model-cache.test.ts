import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { largeModelText } from '../helpers/large-model.js';
import { loaderFolder } from '../helpers/loader-folder.js';
import { openBuiltModelCache, selfContained } from '../../src/commands/compare/built-model-cache.js';
import { loadDeclaredModel } from '../../src/commands/compare/declared-model.js';

const keptFile = (root: string): string => join(root, '.athanor', 'built-model.json');

describe('the kept build of a model file', () => {
  it('reads back the same model while the file is unchanged, and builds again after an edit', async () => {
    const root = loaderFolder({ 'models.ts': largeModelText(2000) });
    const path = join(root, 'models.ts');
    const built = await loadDeclaredModel(path, root);
    expect(existsSync(keptFile(root))).toBe(true);
    // Written a table at a time, the text is JSON.stringify's.
    const written = readFileSync(keptFile(root), 'utf8');
    expect(written.slice(written.indexOf('\n') + 1)).toBe(`${JSON.stringify(built)}\n`);
    const kept = openBuiltModelCache(root, path)?.model;
    expect(kept).toEqual(built);
    expect(await loadDeclaredModel(path, root)).toEqual(built);

    writeFileSync(path, largeModelText(2000).replace("'name of t_7'", "'changed'"));
    expect(openBuiltModelCache(root, path)?.model).toBeUndefined();
    const edited = await loadDeclaredModel(path, root);
    expect(edited.comments.find((c) => c.target.parent === 't_7')?.text).toBe('changed');
    expect(openBuiltModelCache(root, path)?.model).toEqual(edited);
  });

  it('keeps nothing of a small file, nor of one whose build may read the world outside it', async () => {
    const small = loaderFolder({ 'models.ts': largeModelText(3) });
    await loadDeclaredModel(join(small, 'models.ts'), small);
    expect(existsSync(keptFile(small))).toBe(false);

    const outside = loaderFolder({ 'models.ts': largeModelText(2000, 'export const stamp = process.env.HOME;') });
    await loadDeclaredModel(join(outside, 'models.ts'), outside);
    expect(existsSync(keptFile(outside))).toBe(false);
  });

  it('a file is self-contained when it imports athanor only and names no outside global', () => {
    expect(selfContained(largeModelText(2))).toBe(true);
    expect(selfContained(`${largeModelText(2)}import { x } from './other';`)).toBe(false);
    expect(selfContained(`${largeModelText(2)}export * from "athanor/extra";`)).toBe(false);
    expect(selfContained(`${largeModelText(2)}const when = Date.now();`)).toBe(false);
    expect(selfContained(`${largeModelText(2)}const r = Math.random();`)).toBe(false);
    expect(selfContained(`${largeModelText(2)}const m = await import('./m.js');`)).toBe(false);
    expect(selfContained(`${largeModelText(2)}const u = import.meta.url;`)).toBe(false);
    expect(selfContained(`${largeModelText(2)}const f = require('fs');`)).toBe(false);
  });

  it('a kept file written for another key is not read', async () => {
    const root = loaderFolder({ 'models.ts': largeModelText(2000) });
    const path = join(root, 'models.ts');
    await loadDeclaredModel(path, root);
    const text = readFileSync(keptFile(root), 'utf8');
    writeFileSync(keptFile(root), text.replace(/^\{"key":"[0-9a-f]+"\}/, '{"key":"other"}'));
    expect(openBuiltModelCache(root, path)?.model).toBeUndefined();
  });
});
