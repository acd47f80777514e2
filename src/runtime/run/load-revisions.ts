import { basename } from 'node:path';
import { AthanorError, errorMessage } from '../../util/errors.js';
import { userErrorPlace } from '../../loader/error-place.js';
import { importUserFile, importUserFiles } from '../../loader/import-file.js';
import { revisionChecksum } from '../files/checksum.js';
import type { Operations } from '../operations.js';
import type { Step } from '../graph/plan.js';
import type { RevisionHeader } from '../files/revision-file.js';

/** A revision's `upgrade` or `downgrade`. */
export type RevisionFunction = (op: Operations) => unknown;

interface RevisionModule {
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
  await importMany(steps, modules);
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

/** From how many revision files a run imports them together, from one pack of their transforms (see packed-import.ts). */
const PACKED_FROM = 20;

/** Starts the imports of the steps' files not imported yet, together when they are many. */
async function importMany(steps: Step[], modules: RevisionModules): Promise<void> {
  const headers = new Map<string, RevisionHeader>();
  for (const { revision } of steps) if (!modules.has(revision.path)) headers.set(revision.path, revision);
  if (headers.size < PACKED_FROM) return;
  const files = [...headers.values()].map((header) => ({ path: header.path, key: revisionChecksum(header) ?? '' }));
  const imported = await importUserFiles<RevisionModule>(files, 'revision');
  for (const [path, module] of imported) {
    const loading = module.catch((error: unknown) => loadFailure(path, error));
    // Awaited in step order below: a file that fails after an earlier one failed is not an unhandled rejection.
    loading.catch(() => undefined);
    modules.set(path, loading);
  }
}

async function loadRevision(header: RevisionHeader): Promise<RevisionModule> {
  try {
    return await importUserFile<RevisionModule>(header.path, 'revision');
  } catch (error) {
    return loadFailure(header.path, error);
  }
}

function loadFailure(path: string, error: unknown): never {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const place = userErrorPlace(cause, path);
  throw new AthanorError(
    'revision-load',
    `revision file ${basename(path)} does not compile or fails to load: ${place === null ? '' : `${place}: `}${errorMessage(cause)}; fix it and run the command again`,
    { cause },
  );
}
