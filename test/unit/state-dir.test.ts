import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProjectCache } from '../../src/commands/compare/canonical-cache-file.js';
import { ensureStateDir } from '../../src/commands/shared/state-dir.js';

const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A new folder that is a git work tree. */
function repository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-state-'));
  made.push(dir);
  execFileSync('git', ['init', '-q', dir]);
  return dir;
}

const untracked = (dir: string): string =>
  execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' });

describe('the state folder .athanor', () => {
  it('is created with a .gitignore that keeps all of it out of version control', () => {
    const root = repository();
    const dir = ensureStateDir(root);
    mkdirSync(join(dir, 'dev'));
    writeFileSync(join(dir, 'dev', 'PG_VERSION'), '17\n');
    writeFileSync(join(root, 'models.ts'), '');
    expect(untracked(root)).toBe('?? models.ts\n');
  });

  it('keeps a .gitignore the project wrote there itself', () => {
    const root = repository();
    mkdirSync(join(root, '.athanor'));
    writeFileSync(join(root, '.athanor', '.gitignore'), 'dev/\n');
    ensureStateDir(root);
    expect(readFileSync(join(root, '.athanor', '.gitignore'), 'utf8')).toBe('dev/\n');
  });

  it('is made when the canonical cache is first written, and the cache file is ignored', () => {
    const root = repository();
    const cache = openProjectCache(root);
    cache.set('k', { schema: 'public', name: 't' } as never);
    cache.save();
    expect(JSON.parse(readFileSync(join(root, '.athanor', 'canonical-cache.json'), 'utf8')).entries.k.name).toBe('t');
    expect(untracked(root)).toBe('');
  });
});
