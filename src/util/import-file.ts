import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { AthanorError, errorMessage } from './errors.js';
import { transformUserCode } from './transform-file.js';

/**
 * This package's own entry, so that user files importing 'athanor' get this
 * installation. Compiled JavaScript is preferred (it loads natively, without a
 * transform); the TypeScript source is the fallback when running unbuilt.
 */
function packageEntry(): string {
  const candidates = ['../index.js', '../../dist/index.js', '../index.ts'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((path) => existsSync(path)) ?? candidates[candidates.length - 1]!;
}

type Jiti = ReturnType<typeof createJiti>;
let loader: Promise<Jiti> | undefined;

/**
 * The loader of user files: jiti (module resolution, relative imports between
 * user files, CommonJS evaluation) with sucrase as its transform instead of
 * Babel, no cache on disk (the transform costs less than reading one back),
 * and 'athanor' as this installation's entry, imported natively once.
 */
async function createLoader(): Promise<Jiti> {
  const options = {
    moduleCache: false,
    fsCache: false,
    tryNative: false,
    interopDefault: false,
    transform: ({ source, ts, filename }: { source: string; ts?: boolean; filename?: string }) => ({ code: transformUserCode(source, ts === true, undefined, filename) }),
  };
  const athanor: unknown = await createJiti(import.meta.url, options).import(packageEntry());
  return createJiti(import.meta.url, { ...options, virtualModules: { athanor } });
}

/**
 * Imports a TypeScript (or JavaScript) file of the user's: config, model or
 * revision. Fresh on every call, so an edited file is seen again.
 */
export async function importUserFile<T = Record<string, unknown>>(path: string, what: string): Promise<T> {
  try {
    loader ??= createLoader();
    return (await (await loader).import(path)) as T;
  } catch (error) {
    throw new AthanorError('load-failed', `cannot load ${what} ${path}: ${errorMessage(error)}`, { cause: error });
  }
}
