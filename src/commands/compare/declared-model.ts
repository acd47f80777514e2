import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compiledWithoutCache } from '../../loader/code-cache.js';
import { childrenMayRun, runChild } from '../../loader/compile-apart.js';
import { collectAfterLargeFile, tuneHeapForLargeFiles } from '../../loader/heap-tuning.js';
import { importUserFile } from '../../loader/import-file.js';
import { buildSchemaModel, buildSchemaModelInSlices, isMetadata } from '../../schema/index.js';
import type { SchemaModel } from '../../schema/model.js';
import { AthanorError } from '../../util/errors.js';
import { openBuiltModelCache } from './built-model-cache.js';

/**
 * Imports the model file and builds its declared (not yet canonical) model.
 * Given the project's `root`, a large self-contained model file's build is
 * kept in the project's state folder and read back while the file and
 * Athanor's build are unchanged (`built-model-cache.ts`). When it is not kept
 * yet (the file is new or edited), a child process builds and keeps it while
 * this one goes on with what it was doing (reading the database), and this
 * process reads it back; where the child cannot run or fails, this process
 * builds the model itself, and reports what is wrong with the file.
 */
export async function loadDeclaredModel(path: string, root?: string): Promise<SchemaModel> {
  if (!existsSync(path)) {
    throw new AthanorError(
      'no-model',
      `no model file at ${path}; create it, run \`migrate pull\`, or set \`model\` in migrate.config.ts`,
    );
  }
  const cache = root === undefined ? undefined : openBuiltModelCache(root, path);
  // A kept model is as large as a built one: the heap is tuned for it as it is for the build (heap-tuning.ts).
  if (cache !== undefined) tuneHeapForLargeFiles();
  const kept =
    cache?.model ?? (cache !== undefined && (await keptByChild(path, root!)) ? cache.readAgain() : undefined);
  if (kept !== undefined) {
    // The kept model's text (some 30 MB at 10,000 tables) is dead once parsed: collected now, the heap's next
    // growth is based on the model that lives on, and the reading's rows that come next do not add up with it.
    collectAfterLargeFile();
    return kept;
  }
  const model = await buildModelFile(path, true);
  cache?.save(model);
  return model;
}

/**
 * Imports the model file and builds its model: in slices, between which the
 * process may go on with other work, or in one stretch.
 */
async function buildModelFile(path: string, inSlices: boolean): Promise<SchemaModel> {
  const module = await importUserFile<Record<string, unknown>>(path, 'model');
  const found = [...new Set(Object.values(module).filter(isMetadata))];
  if (found.length !== 1) {
    throw new AthanorError(
      'bad-model',
      found.length === 0
        ? `${path} must export the object that defineMetadata() returns`
        : `${path} exports ${found.length} metadata objects; export exactly one`,
    );
  }
  // Built in slices, the model is built while the rows of the database's reading come in. After a compile
  // from the text (a new or edited model of a megabyte or more), whose memory the process keeps, the two
  // would add up: the model is then built in one stretch, and the rows read after.
  const model =
    inSlices && !compiledWithoutCache() ? await buildSchemaModelInSlices(found[0]!) : buildSchemaModel(found[0]!);
  // The module's DSL objects and the build's garbage are dead now: collected here, where the comparison follows
  // (a child that keeps the model writes it and ends).
  if (inSlices) collectAfterLargeFile();
  return model;
}

/** The child's program (`build-apart.ts`), beside this module. */
const CHILD = fileURLToPath(new URL('./build-apart.js', import.meta.url));

/** How long the child may take before it is stopped and the caller builds: a 10 MB model takes 4 to 6 s. */
const CHILD_TIMEOUT_MS = 120_000;

/**
 * Whether a child process built and kept the model of the file at `path`
 * (`node build-apart.js <path> <root>`). Apart, the import and build (some
 * 3 s of this process's time at 10,000 tables, the transform and compile
 * included) run beside the database's reading on another core, and the
 * garbage they make, which the collector would copy beside the reading's
 * rows, is not this process's. Only a self-contained file's model is kept
 * (`built-model-cache.ts`): its build depends on its text alone, so building
 * it in another process changes nothing. Not under a debugger (the child
 * would wait for one) nor from the TypeScript sources (a test run).
 */
async function keptByChild(path: string, root: string): Promise<boolean> {
  if (!import.meta.url.endsWith('.js') || !childrenMayRun()) return false;
  return (await runChild([...CHILD_FLAGS, CHILD, path, root], CHILD_TIMEOUT_MS, childEnvironment())) === 0;
}

/**
 * The child's V8 options: its collector in one thread. The build's garbage
 * is collected as it is made rather than by helper threads that, on cores
 * the database's reading keeps busy, fell behind it: the child then peaked
 * at 394 to 428 MiB in some runs instead of 370. It takes no longer, its
 * parent waiting on the reading as long.
 */
const CHILD_FLAGS = ['--single-threaded-gc'];

/**
 * The child's environment: this process's, with glibc's allocator told to
 * give freed memory back to the system at once (`trim_threshold=0`, which
 * also keeps large blocks in memory maps of their own). The child compiles
 * the file from its text, and the parser's memory (some 220 MB at 10,000
 * tables, outside V8's heap) is freed before the model is built; kept by
 * the allocator, it stayed in the process under the build's own, and the
 * child peaked at 470 to 500 MiB instead of 380. Other C libraries ignore
 * the variable; tunables the user set come after, and win.
 */
function childEnvironment(): NodeJS.ProcessEnv {
  const own = process.env.GLIBC_TUNABLES;
  const tunables = ['glibc.malloc.trim_threshold=0', ...(own === undefined || own === '' ? [] : [own])].join(':');
  return { ...process.env, GLIBC_TUNABLES: tunables };
}

/** The child's part: the model of `path` built in one stretch and kept in the project at `root`, unless kept already. */
export async function keepBuiltModel(path: string, root: string): Promise<void> {
  const cache = openBuiltModelCache(root, path);
  if (cache === undefined || cache.model !== undefined) return;
  cache.save(await buildModelFile(path, false));
}
