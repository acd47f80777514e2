import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The folder, under the project root, where commands keep local state: the embedded database, the canonical cache. */
export const STATE_DIR = '.athanor';

const IGNORE_ALL = '# Written by migrate: local state (the embedded database, caches), not for version control.\n*\n';

/**
 * Creates the project's state folder (`root/.athanor`) when missing, with a
 * `.gitignore` that keeps everything in it out of version control, so that
 * no project has to remember to ignore it. A `.gitignore` already there is
 * left as it is. Returns the folder.
 */
export function ensureStateDir(root: string): string {
  const dir = join(root, STATE_DIR);
  mkdirSync(dir, { recursive: true });
  const ignore = join(dir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, IGNORE_ALL);
  return dir;
}
