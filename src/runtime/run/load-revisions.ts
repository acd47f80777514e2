import { basename } from 'node:path';
import { AthanorError, errorMessage } from '../../util/errors.js';
import { importUserFile } from '../../util/import-file.js';
import type { Operations } from '../operations.js';
import type { Step } from '../graph/plan.js';
import type { RevisionHeader } from '../files/revision-file.js';

/** A revision's `upgrade` or `downgrade`. */
export type RevisionFunction = (op: Operations) => unknown;

export interface RevisionModule {
  upgrade?: unknown;
  downgrade?: unknown;
}

/** Revision modules by path, shared by the runs of one fleet command so each file is imported once. */
export type RevisionModules = Map<string, Promise<RevisionModule>>;

/**
 * Imports every revision the steps run and checks that each exports the
 * function its step calls, before anything runs: a file that does not load
 * stops the run with nothing changed, not after the revisions before it
 * committed. Returns each step's function.
 */
export async function loadRevisions(
  steps: Step[],
  modules: RevisionModules = new Map(),
): Promise<Map<Step, RevisionFunction>> {
  const functions = new Map<Step, RevisionFunction>();
  for (const step of steps) {
    const { path } = step.revision;
    const loading = modules.get(path) ?? loadRevision(step.revision);
    modules.set(path, loading);
    const module = await loading;
    const verb = step.direction === 'up' ? 'upgrade' : 'downgrade';
    const fn = module[verb];
    if (typeof fn !== 'function') {
      throw new AthanorError('bad-revision-file', `revision file ${basename(path)} does not export ${verb}()`);
    }
    functions.set(step, fn as RevisionFunction);
  }
  return functions;
}

async function loadRevision(header: RevisionHeader): Promise<RevisionModule> {
  try {
    return await importUserFile<RevisionModule>(header.path, 'revision');
  } catch (error) {
    const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
    throw new AthanorError(
      'revision-load',
      `revision file ${basename(header.path)} does not compile or fails to load: ${errorMessage(cause)}; fix it and run the command again`,
      { cause },
    );
  }
}
