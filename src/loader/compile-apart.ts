import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { url as inspectorUrl } from 'node:inspector';
import { cacheFile } from './code-cache.js';

/**
 * Compiling a large user file in a child process. The first run after a
 * large model is written or edited transforms it and compiles it from its
 * text, and the memory that takes stays with the process after it is freed
 * (the C allocator keeps it): at 10,000 tables, a `revision --autogenerate`
 * after an edit peaked at 485 MiB where the same run with the caches filled
 * took 420 to 430. So that run has a child process transform and compile the
 * file, which fills the loader's caches (the transform and V8's code cache),
 * and then loads the file from them as any later run does; the child's
 * memory goes back to the system when it exits. Two children in turn, in
 * fact: one transforms, the next compiles (`compileInChild`). Neither runs
 * the user's code. If they fail in any way, the process does the work
 * itself, as before, and reports what is wrong with the file.
 */

/** What the caches of a file are for: its text, its path, and the Node release, whose V8 reads the code cache. */
export function sourceStamp(filename: string, source: string): string {
  return createHash('sha256')
    .update(`${process.version}\0${process.versions.v8}\0${process.arch}\0${filename}\0`)
    .update(source)
    .digest('hex');
}

/** Where the stamp of the text the caches of `filename` were last made for is kept, beside its code cache. */
function stampFile(filename: string, folder: string): string {
  return `${cacheFile(filename, folder)}.source`;
}

/** Whether the caches in `folder` were last made for the text `stamp` stands for. */
export function cachesMadeFor(filename: string, folder: string, stamp: string): boolean {
  try {
    return readFileSync(stampFile(filename, folder), 'utf8') === stamp;
  } catch {
    return false;
  }
}

/** Records that the caches in `folder` are made for the text `stamp` stands for. Best effort, as the caches are. */
export function recordCachesMade(filename: string, folder: string, stamp: string): void {
  try {
    writeFileSync(stampFile(filename, folder), stamp);
  } catch {
    // Only the next run's choice depends on it: it compiles in a child again.
  }
}

/** How long a child may take before it is stopped and the caller does the work: a 10 MB model takes 3 to 4 s. */
const CHILD_TIMEOUT_MS = 120_000;

/**
 * Runs `node <entry> <filename> <folder> transform`, then `node <entry>
 * <filename> <folder>`, and waits for them to end, whatever their outcome:
 * the first transforms the file (jiti keeps the transform), the second
 * compiles the kept transform. Apart, the compile (at 10,000 tables some
 * 300 MiB of the parser's own) does not come on top of what the transform
 * left in its process: one child doing both peaked at 422 MiB, the compile
 * alone at 354 to 358. A file transformed without sucrase (`plainModule`,
 * a pulled model) leaves little garbage, and its transform compiles it
 * through the code cache already: the first child makes both caches, and
 * the second is not run (`stamp` stands for the text they are made for).
 * The children get the environment (`NODE_OPTIONS` with it) but not this
 * process's command-line options, which may be a script (`-e`) or
 * a mode (`--watch`, `--test`) rather than settings; where they held a V8
 * flag, V8 rejects the child's code cache and the caller compiles, as
 * without a child. Not while a debugger may be attached to this process
 * (the child would wait for one): the caller then does the work.
 */
export async function compileInChild(entry: string, filename: string, folder: string, stamp: string): Promise<void> {
  if (!childrenMayRun()) return;
  await runChild([entry, filename, folder, TRANSFORM_STEP]);
  // A transform without sucrase (a pulled model) is compiled by its check: the first child made both caches.
  if (cachesMadeFor(filename, folder, stamp)) return;
  await runChild([entry, filename, folder]);
}

/** The argument that asks the child for the transform only. */
export const TRANSFORM_STEP = 'transform';

/** Whether a child may do this process's work: not while a debugger may be attached (the child would wait for one). */
export function childrenMayRun(): boolean {
  return inspectorUrl() === undefined && !/--(inspect|debug)/.test(process.env.NODE_OPTIONS ?? '');
}

/**
 * Runs `node ...args` (its output ignored, stopped after `timeout` ms, with
 * `env` as its environment) and waits for it to end, whatever its outcome:
 * its exit code, null when it did not start or was stopped.
 */
export function runChild(args: string[], timeout = CHILD_TIMEOUT_MS, env = process.env): Promise<number | null> {
  return new Promise((resolve) => {
    try {
      const child = spawn(process.execPath, args, { stdio: 'ignore', timeout, env });
      child.on('error', () => resolve(null));
      child.on('exit', (code) => resolve(code));
    } catch {
      resolve(null);
    }
  });
}
