import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { skipWhen } from '../helpers/skips.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const inGit =
  spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() === 'true';

// Prettier reads a merge's conflict markers in Markdown as text, and the type check never sees docs.
skipWhen(!inGit, 'needs the git repository to list the tracked files').it(
  'no tracked file holds a merge conflict marker',
  () => {
    const found = spawnSync('git', ['grep', '-n', '-I', '-E', '^(<<<<<<<|>>>>>>>) |^=======$', '--', '.'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(found.stdout, 'conflict markers left by a merge').toBe('');
  },
);
