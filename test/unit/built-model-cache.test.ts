import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loaderFolder } from '../helpers/loader-folder.js';
import { openBuiltModelCache, selfContained } from '../../src/commands/compare/built-model-cache.js';
import { loadDeclaredModel } from '../../src/commands/compare/declared-model.js';

/** A model file of `tables` tables, large enough to be kept, as `pull` writes one. */
function modelText(tables: number, extra = ''): string {
  const parts = [
    "import { defineMetadata, integer, text, sql, timestamptz } from 'athanor';",
    'export const metadata = defineMetadata();',
  ];
  for (let i = 0; i < tables; i++)
    parts.push(
      `export const t${i} = metadata.table('t_${i}', { id: integer().primaryKey(), name: text().notNull().comment('name of t_${i}'), at: timestamptz().default(sql\`now()\`) });`,
    );
  return `${parts.join('\n')}\n${extra}`;
}

const keptFile = (root: string): string => join(root, '.athanor', 'built-model.json');

describe('the kept build of a model file', () => {
  it('reads back the same model while the file is unchanged, and builds again after an edit', async () => {
    const root = loaderFolder({ 'models.ts': modelText(2000) });
    const path = join(root, 'models.ts');
    const built = await loadDeclaredModel(path, root);
    expect(existsSync(keptFile(root))).toBe(true);
    // Written a table at a time, the text is JSON.stringify's.
    const written = readFileSync(keptFile(root), 'utf8');
    expect(written.slice(written.indexOf('\n') + 1)).toBe(`${JSON.stringify(built)}\n`);
    const kept = openBuiltModelCache(root, path)?.model;
    expect(kept).toEqual(built);
    expect(await loadDeclaredModel(path, root)).toEqual(built);

    writeFileSync(path, modelText(2000).replace("'name of t_7'", "'changed'"));
    expect(openBuiltModelCache(root, path)?.model).toBeUndefined();
    const edited = await loadDeclaredModel(path, root);
    expect(edited.comments.find((c) => c.target.parent === 't_7')?.text).toBe('changed');
    expect(openBuiltModelCache(root, path)?.model).toEqual(edited);
  });

  it('keeps nothing of a small file, nor of one whose build may read the world outside it', async () => {
    const small = loaderFolder({ 'models.ts': modelText(3) });
    await loadDeclaredModel(join(small, 'models.ts'), small);
    expect(existsSync(keptFile(small))).toBe(false);

    const outside = loaderFolder({ 'models.ts': modelText(2000, 'export const stamp = process.env.HOME;') });
    await loadDeclaredModel(join(outside, 'models.ts'), outside);
    expect(existsSync(keptFile(outside))).toBe(false);
  });

  it('a file is self-contained when it imports athanor only and names no outside global', () => {
    expect(selfContained(modelText(2))).toBe(true);
    expect(selfContained(`${modelText(2)}import { x } from './other';`)).toBe(false);
    expect(selfContained(`${modelText(2)}export * from "athanor/extra";`)).toBe(false);
    expect(selfContained(`${modelText(2)}const when = Date.now();`)).toBe(false);
    expect(selfContained(`${modelText(2)}const r = Math.random();`)).toBe(false);
    expect(selfContained(`${modelText(2)}const m = await import('./m.js');`)).toBe(false);
    expect(selfContained(`${modelText(2)}const u = import.meta.url;`)).toBe(false);
    expect(selfContained(`${modelText(2)}const f = require('fs');`)).toBe(false);
  });

  it('a kept file written for another key is not read', async () => {
    const root = loaderFolder({ 'models.ts': modelText(2000) });
    const path = join(root, 'models.ts');
    await loadDeclaredModel(path, root);
    const text = readFileSync(keptFile(root), 'utf8');
    writeFileSync(keptFile(root), text.replace(/^\{"key":"[0-9a-f]+"\}/, '{"key":"other"}'));
    expect(openBuiltModelCache(root, path)?.model).toBeUndefined();
  });
});
