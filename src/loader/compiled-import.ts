import { readFileSync } from 'node:fs';
import { Module } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { codeCachesMade, compileCached, compiledWithoutCache, forgetCompiled } from './code-cache.js';
import { moduleFunctionBody } from './module-function.js';
import { cachesMadeFor, compileInChild, recordCachesMade, sourceStamp, TRANSFORM_STEP } from './compile-apart.js';
import { tuneHeapForLargeFiles } from './heap-tuning.js';
import { transformUserCode } from './transform-file.js';

type Jiti = ReturnType<typeof createJiti>;

/** What a loader of user files is made of: jiti and the options it was made with. */
export interface Loader {
  jiti: Jiti;
  options: Parameters<typeof createJiti>[1] & { fsCache: string };
}

/** jiti's options for user files, their transforms kept in `fsCache`. */
export function loaderOptions(fsCache: string): Loader['options'] {
  return {
    moduleCache: false,
    fsCache,
    tryNative: false,
    interopDefault: false,
    transform: ({ source, ts, filename }: { source: string; ts?: boolean; filename?: string }) => ({
      code: transformUserCode(
        source,
        ts === true,
        undefined,
        filename,
        undefined,
        filename === undefined ? undefined : (code) => compilesCached(code, filename, fsCache),
      ),
    }),
  };
}

/**
 * Whether `code`, the transform of `filename`, compiles as its module
 * function: compiled through the code cache in `folder`, which then holds
 * it for the import that follows (`compileModule` reads it back).
 */
function compilesCached(code: string, filename: string, folder: string): boolean {
  try {
    compileCached(moduleFunctionBody(code), filename, folder);
    return true;
  } catch (error) {
    if (error instanceof SyntaxError) return false;
    throw error;
  }
}

/** This module's own file: run as a program, it makes the caches of a file for its parent (see compile-apart.ts). */
const SELF = fileURLToPath(import.meta.url);

/** The files whose text jiti always transforms (TypeScript), by extension. */
export const TYPESCRIPT = /\.[cm]?tsx?$/;

/**
 * Whether the transformed code requires only packages (a `require` of
 * anything else, a relative path or an expression, may load a file that
 * imports this one back, which only jiti's own evaluation resolves to the
 * module being loaded). Read without regular expressions: V8 keeps the last
 * one's subject alive, and this text is megabytes.
 */
export function requiresOnlyPackages(code: string): boolean {
  for (let at = code.indexOf('require'); at >= 0; at = code.indexOf('require', at + 1)) {
    if (at > 0 && (isIdentifierChar(code.charCodeAt(at - 1)) || code[at - 1] === '.')) continue;
    let i = skipSpace(code, at + 'require'.length);
    if (code[i] !== '(') continue;
    i = skipSpace(code, i + 1);
    const quote = code[i];
    if (quote !== "'" && quote !== '"') return false;
    const end = code.indexOf(quote, i + 1);
    if (end < 0 || code[skipSpace(code, end + 1)] !== ')') return false;
    const id = code.slice(i + 1, end);
    if (id.includes('\\') || id.includes('\n') || id.startsWith('.') || id.startsWith('/') || id.startsWith('file:'))
      return false;
  }
  return true;
}

function skipSpace(code: string, at: number): number {
  while (at < code.length && ' \t\r\n'.includes(code[at]!)) at++;
  return at;
}

/** Letters, digits, `_` and `$`, and anything outside ASCII (which may be part of a name). */
function isIdentifierChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
}

/**
 * Imports a TypeScript file as jiti does (its transform, kept in jiti's
 * cache; the same CommonJS wrapper and arguments, an async function so that
 * top-level `await` works; jiti resolving and loading what the file
 * requires), but compiles it through V8's code cache, kept beside the
 * transform. Files jiti would not transform, and files that may import
 * another of the user's files, are left to jiti. A file the code cache would
 * not compile (V8 finds a syntax error the transform let through) is left to
 * jiti too, for the error it gives.
 */
export async function importCompiled(loader: Loader, path: string): Promise<unknown> {
  const { jiti, options } = loader;
  const filename = jiti.resolve(path);
  const evaluate = TYPESCRIPT.test(filename) ? await prepareModule(loader, filename) : undefined;
  if (evaluate === undefined) return jiti.import(path);
  const require = createJiti(filename, options);
  const module = new Module(filename);
  module.filename = filename;
  module.paths = nodeModulePaths(dirname(filename));
  module.require = require as unknown as NodeJS.Require;
  await evaluate(module.exports, require, module, filename, dirname(filename), require.import, require.esmResolve);
  module.loaded = true;
  return module.exports;
}

type ModuleFunction = (...args: unknown[]) => Promise<unknown>;

/**
 * The file's module function, or undefined when the file is jiti's to load.
 * A function of its own, so that the file's text and its transform (tens of
 * megabytes for a large model) are not held while the module runs. When the
 * caches are not for the file's text, a child process makes them first (the
 * built package only: the child runs JavaScript), and the stamp of the text
 * is recorded once they are made, here if the child did not.
 */
async function prepareModule(loader: Loader, filename: string): Promise<ModuleFunction | undefined> {
  const folder = loader.options.fsCache;
  const text = { source: readFileSync(filename, 'utf8') };
  const ready = await cachesReady(folder, filename, text.source);
  const evaluate = compileModule(loader, filename, text);
  if (ready !== null && !ready.made) recordCachesMade(filename, folder, ready.stamp);
  return evaluate;
}

/**
 * The stamp of `source` and whether the caches in `folder` are made for it,
 * after a child process made them if they were not; null where no child can
 * run (the TypeScript sources, under a test runner) or the process makes no
 * code cache (`compileInThisProcess`).
 */
async function cachesReady(
  folder: string,
  filename: string,
  source: string,
): Promise<{ stamp: string; made: boolean } | null> {
  if (!SELF.endsWith('.js') || !codeCachesMade()) return null;
  const stamp = sourceStamp(filename, source);
  if (cachesMadeFor(filename, folder, stamp)) return { stamp, made: true };
  await compileInChild(SELF, filename, folder, stamp);
  return { stamp, made: cachesMadeFor(filename, folder, stamp) };
}

/**
 * Makes the caches of a TypeScript file in `folder` in a child process,
 * unless they are for its text already, for a command that loads it later
 * (see compile-apart.ts). Whatever the child's outcome: that command does
 * what is left.
 */
export async function prepareCaches(folder: string, filename: string): Promise<void> {
  if (TYPESCRIPT.test(filename)) await cachesReady(folder, filename, readFileSync(filename, 'utf8'));
}

/** The child's part: the caches of `filename` made in `folder`, and the stamp of its text recorded. */
function makeCaches(filename: string, folder: string): void {
  const options = loaderOptions(folder);
  const text = { source: readFileSync(filename, 'utf8') };
  const stamp = sourceStamp(filename, text.source);
  compileModule({ jiti: createJiti(SELF, options), options }, filename, text);
  recordCachesMade(filename, folder, stamp);
}

/**
 * The first child's part: the transform of `filename` made and kept in
 * `folder`, for the second to compile; or both, when the transform compiled
 * the file through the code cache (`plainModule`'s check), and then the
 * stamp of its text is recorded and no second child is needed.
 */
function makeTransform(filename: string, folder: string): void {
  // The transform kept is not for this text (the child runs because the caches are not): jiti is not to read
  // it first, as the transform's text would then be held beside the compile (13 MB at 10,000 tables).
  const options = { ...loaderOptions(folder), rebuildFsCache: true };
  const source = readFileSync(filename, 'utf8');
  moduleBody({ jiti: createJiti(SELF, options), options }, filename, { source });
  if (compiledWithoutCache()) recordCachesMade(filename, folder, sourceStamp(filename, source));
}

if (process.argv[1] === SELF && process.argv.length === 4) makeCaches(process.argv[2]!, process.argv[3]!);
if (process.argv[1] === SELF && process.argv.length === 5 && process.argv[4] === TRANSFORM_STEP)
  makeTransform(process.argv[2]!, process.argv[3]!);

/**
 * The module function of `text.source` (the text of `filename`), compiled
 * through the code cache, or undefined when the file is jiti's to load; the
 * transform and the code cache are kept on the way. The text is taken out of
 * `text` for the transform, so that neither it nor the transform's output
 * (15 MB each for a model of 10,000 tables) is held while the function
 * body is compiled: a compile from the text, the largest moment of the
 * process, then has only the body beside it.
 */
function compileModule(loader: Loader, filename: string, text: { source: string }): ModuleFunction | undefined {
  const body = moduleBody(loader, filename, text);
  if (body === undefined) {
    forgetCompiled();
    return undefined;
  }
  const { options } = loader;
  try {
    return compileCached(body, filename, options.fsCache)() as ModuleFunction;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** The function body of the module of `text.source`, or undefined when the file is jiti's to load; `text` is emptied. */
function moduleBody({ jiti }: Loader, filename: string, text: { source: string }): string | undefined {
  // Before the transform too: a transform of megabytes grew V8's heap to about 400 MB of its garbage.
  tuneHeapForLargeFiles();
  const source = text.source;
  text.source = '';
  const code = withoutCacheStamp(jiti.transform({ source, filename, ts: true, async: true, jsx: false }));
  if (!requiresOnlyPackages(code)) return undefined;
  return moduleFunctionBody(code);
}

/**
 * `code` without the comment jiti puts after a transform it keeps on disk
 * (` /* v<release>-<hash of the source> *\/` and a new line), which it returns
 * with a kept transform but not with a fresh one: the code cache is keyed on
 * the code, and the run after a fresh transform would otherwise miss it,
 * compile the whole text again and write the cache anew. Read without regular
 * expressions, as `requiresOnlyPackages` is.
 */
export function withoutCacheStamp(code: string): string {
  const end = ' */\n';
  if (!code.endsWith(end)) return code;
  const start = code.lastIndexOf(' /* v', code.length - end.length);
  if (start < 0) return code;
  for (let at = start + ' /* v'.length; at < code.length - end.length; at++) {
    if (!isIdentifierChar(code.charCodeAt(at)) && code[at] !== '.' && code[at] !== '-') return code;
  }
  return code.slice(0, start);
}

/** The `node_modules` folders a module in `folder` looks in, as Node lists them. */
function nodeModulePaths(folder: string): string[] {
  const paths = (Module as unknown as { _nodeModulePaths?: (folder: string) => string[] })._nodeModulePaths;
  return paths === undefined ? [] : paths(folder);
}
