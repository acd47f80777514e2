import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ResolvedConfig } from '../../config/load-config.js';
import { typeScriptExtension } from '../../config/module-extension.js';
import { REVISION_ID } from '../../runtime/files/revision-file.js';
import type { RevisionGraph } from '../../runtime/graph/revision-graph.js';
import { AthanorError } from '../../util/errors.js';
import { slugify } from '../../util/strings.js';
import { runPostWriteHooks } from '../shared/hooks.js';

/** A new revision file's id and path, both checked free. */
export interface NewRevision {
  id: string;
  path: string;
}

/**
 * The id (`--rev-id`, else a random one) and path of a new revision file, for
 * every command that writes one. Refused: an id that is not 1 to 32 letters,
 * digits or underscores, one a revision holds (a replaced one too: a database
 * whose version row names it still reads its file) or a branch label, and a
 * path where a file already is. The file is `.mts` where a `.ts` one would
 * not be an ES module (`typeScriptExtension`).
 */
export function newRevision(
  config: ResolvedConfig,
  graph: RevisionGraph,
  revId: string | undefined,
  message: string,
): NewRevision {
  const id = revId ?? randomBytes(6).toString('hex');
  if (!REVISION_ID.test(id))
    throw new AthanorError('bad-rev-id', `revision id "${id}" must be 1 to 32 letters, digits or underscores`);
  if (graph.isTaken(id)) throw new AthanorError('duplicate-revision', `revision id ${id} is taken; choose another`);
  const slug = slugify(message);
  const path = join(config.versionsDir, `${id}${slug ? `_${slug}` : ''}${typeScriptExtension(config.versionsDir)}`);
  if (existsSync(path)) throw fileExists(path);
  return { id, path };
}

/** Writes the new revision's file (never over one that appeared meanwhile) and runs the post-write hooks on it. */
export async function writeNewRevision(config: ResolvedConfig, target: NewRevision, source: string): Promise<string[]> {
  mkdirSync(dirname(target.path), { recursive: true });
  try {
    writeFileSync(target.path, source, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw fileExists(target.path);
    throw error;
  }
  return runPostWriteHooks(config, target.path);
}

function fileExists(path: string): AthanorError {
  return new AthanorError('file-exists', `${path} already exists`);
}
