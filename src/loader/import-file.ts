import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { importCompiled, loaderOptions, prepareCaches, type Loader } from './compiled-import.js';
import { AthanorError, errorMessage } from '../util/errors.js';
import { userErrorMessage, userErrorPlace } from './error-place.js';
import { importPacked, type PackedFile } from './packed-import.js';

/**
 * This package's own entry, so that user files importing 'athanor' get this
 * installation. Compiled JavaScript is preferred (it loads natively, without a
 * transform); the TypeScript source is the fallback when running unbuilt.
 */
function packageEntry(): string {
  const candidates = ['../index.js', '../../dist/index.js', '../index.ts'].map((p) =>
    fileURLToPath(new URL(p, import.meta.url)),
  );
  return candidates.find((path) => existsSync(path)) ?? candidates[candidates.length - 1]!;
}

/** The modules whose code decides what the transform of a user file gives. */
const TRANSFORM_MODULES = [
  'transform-file',
  'token-rewrite',
  'template-scan',
  'template-sites',
  'statement-cuts',
  'char-codes',
  'package-imports',
  'plain-module',
];

/**
 * Where transformed user files are kept: a folder of the system's temporary
 * folder named for the transform itself (this loader's own code and the
 * sucrase release), so that an upgrade that changes the transform never reads
 * what an older one wrote. Inside it, jiti names each file after its path and
 * checks the hash of its text, so an edited file is transformed again.
 */
export function transformCacheDir(): string {
  const hash = createHash('sha256');
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  for (const name of TRANSFORM_MODULES)
    hash.update(readFileSync(fileURLToPath(new URL(`./${name}${extension}`, import.meta.url))));
  hash.update(readFileSync(createRequire(import.meta.url).resolve('sucrase/package.json')));
  return join(cacheRoot(), hash.digest('hex').slice(0, 16));
}

/** The folder of the loader's caches: one per user, since what is read from it runs as code. */
function cacheRoot(): string {
  return join(tmpdir(), `athanor-loader-${process.getuid?.() ?? userInfo().username}`);
}

/**
 * Whether `folder` is a directory (not a link) that only the current user can
 * write: made with mode 0700 when missing. A folder of the system's temporary
 * folder may have been made by another user first, who could then plant
 * code for this one to run.
 */
export function isPrivateFolder(folder: string): boolean {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const stat = lstatSync(folder);
    if (!stat.isDirectory()) return false;
    if (process.platform === 'win32') return true;
    return stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** The transform cache when its folder is private; otherwise a new private folder for this process alone. */
function usableCacheDir(): string {
  return sharedCacheDir() ?? mkdtempSync(join(tmpdir(), 'athanor-loader-'));
}

/** The transform cache, when its folder is private (see `isPrivateFolder`). */
function sharedCacheDir(): string | null {
  const dir = transformCacheDir();
  return isPrivateFolder(cacheRoot()) && isPrivateFolder(dir) ? dir : null;
}

let loader: Promise<Loader> | undefined;

/**
 * The size from which a user file is compiled through V8's code cache (see
 * `importCompiled`): below it, compiling from the text costs little, and a
 * cache file per revision would cost more.
 */
const CODE_CACHE_MIN = 1 << 20;

/**
 * The loader of user files: jiti (module resolution, relative imports between
 * user files, CommonJS evaluation) with sucrase as its transform instead of
 * Babel, its results kept on disk (reading back a large model's costs less
 * than transforming it again, in time and far more in memory), and 'athanor'
 * as this installation's entry, imported natively once.
 */
async function createLoader(): Promise<Loader> {
  const options = loaderOptions(usableCacheDir());
  const athanor: unknown = await createJiti(import.meta.url, options).import(packageEntry());
  const withEntry = { ...options, virtualModules: { athanor } };
  return { jiti: createJiti(import.meta.url, withEntry), options: withEntry };
}

/**
 * Imports a TypeScript (or JavaScript) file of the user's: config, model or
 * revision. Fresh on every call, so an edited file is seen again. A file of
 * `codeCacheMin` bytes or more is compiled through V8's code cache (the
 * parameter is for tests).
 */
export async function importUserFile<T = Record<string, unknown>>(
  path: string,
  what: string,
  codeCacheMin = CODE_CACHE_MIN,
): Promise<T> {
  try {
    loader ??= createLoader();
    const ready = await loader;
    const stat = statSync(path, { throwIfNoEntry: false });
    const large = stat?.isFile() === true && stat.size >= codeCacheMin;
    return (await (large ? importCompiled(ready, path) : ready.jiti.import(path))) as T;
  } catch (error) {
    throw loadFailed(what, path, error);
  }
}

/** The error of a user file that failed to load: its message, with the place in the user's files it was thrown from. */
function loadFailed(what: string, path: string, error: unknown): AthanorError {
  const place = userErrorPlace(error, path);
  return new AthanorError(
    'load-failed',
    `cannot load ${what} ${path}: ${place === null ? '' : `${place}: `}${userErrorMessage(error, errorMessage(error))}`,
    { cause: error },
  );
}

/**
 * Imports many small files of the user's at once, their transforms read from
 * one pack (see packed-import.ts): each promise is a file's module, or fails
 * as `importUserFile` would for it.
 */
export async function importUserFiles<T = Record<string, unknown>>(
  files: readonly PackedFile[],
  what: string,
): Promise<Map<string, Promise<T>>> {
  loader ??= createLoader();
  const imported = await importPacked(await loader, files);
  const results = new Map<string, Promise<T>>();
  for (const [path, module] of imported) {
    const failed = (error: unknown): never => {
      throw loadFailed(what, path, error);
    };
    const result = (module as Promise<T>).catch(failed);
    // Each is the caller's to await; one it never gets to (after another failed) is no unhandled rejection.
    result.catch(() => undefined);
    results.set(path, result);
  }
  return results;
}

/**
 * Makes what the next import of a file written just now will need (its
 * transform and code cache, in a child process), so that the command that
 * loads it next does not transform and compile it: `pull`, after writing
 * the model. Only for a file of `codeCacheMin` bytes or more (the option is
 * for tests) and a cache folder that lasts, and then `started` is called
 * first; a failure is left to that import, which does the work itself.
 */
export async function prepareUserFile(
  path: string,
  { started, codeCacheMin = CODE_CACHE_MIN }: { started?: () => void; codeCacheMin?: number } = {},
): Promise<void> {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    const folder = stat?.isFile() === true && stat.size >= codeCacheMin ? sharedCacheDir() : null;
    if (folder === null) return;
    started?.();
    await prepareCaches(folder, resolve(path));
  } catch {
    // Only a head start for the next command.
  }
}
