import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { onTestFinished } from 'vitest';
import { transformCacheDir } from '../../src/loader/import-file.js';

/**
 * A folder with the given files for the loader to import; removed after the
 * test, with what the loader kept of them (named after the folder and the file).
 */
export function loaderFolder(files: Record<string, string>, prefix = 'athanor-import-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => {
    rmSync(dir, { recursive: true, force: true });
    const cache = transformCacheDir();
    for (const file of existsSync(cache) ? readdirSync(cache) : [])
      if (file.startsWith(`${basename(dir)}-`)) rmSync(join(cache, file), { force: true });
  });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
