import { readFileSync } from 'node:fs';
import { Module } from 'node:module';
import { dirname } from 'node:path';
import { createJiti } from 'jiti';
import { compileCached } from './code-cache.js';
import { tuneHeapForLargeFiles } from './heap-tuning.js';

type Jiti = ReturnType<typeof createJiti>;

/** What a loader of user files is made of: jiti and the options it was made with. */
export interface Loader {
  jiti: Jiti;
  options: Parameters<typeof createJiti>[1] & { fsCache: string };
}

/** The files whose text jiti always transforms (TypeScript), by extension. */
const TYPESCRIPT = /\.[cm]?tsx?$/;

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
  const evaluate = TYPESCRIPT.test(filename) ? compileModule(loader, filename) : undefined;
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
 * megabytes for a large model) are not held while the module runs.
 */
function compileModule({ jiti, options }: Loader, filename: string): ModuleFunction | undefined {
  // Before the transform too: a transform of megabytes grew V8's heap to about 400 MB of its garbage.
  tuneHeapForLargeFiles();
  const source = readFileSync(filename, 'utf8');
  const code = withoutCacheStamp(jiti.transform({ source, filename, ts: true, async: true, jsx: false }));
  if (!requiresOnlyPackages(code)) return undefined;
  const body = `return (async function (exports, require, module, __filename, __dirname, jitiImport, jitiESMResolve) { ${code}\n});`;
  try {
    return compileCached(body, filename, options.fsCache)() as ModuleFunction;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
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
