import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { AthanorError, errorMessage } from './errors.js';

/**
 * This package's own entry, so that user files importing 'athanor' get this
 * installation. Compiled JavaScript is preferred (it loads natively, without a
 * transform); the TypeScript source is the fallback when running unbuilt.
 */
function packageEntry(): string {
  const candidates = ['../index.js', '../../dist/index.js', '../index.ts'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((path) => existsSync(path)) ?? candidates[candidates.length - 1]!;
}

let jiti: ReturnType<typeof createJiti> | undefined;

/**
 * Imports a TypeScript (or JavaScript) file of the user's: config, model or
 * revision. Fresh on every call, so an edited file is seen again.
 */
export async function importUserFile<T = Record<string, unknown>>(path: string, what: string): Promise<T> {
  jiti ??= createJiti(import.meta.url, {
    alias: { athanor: packageEntry() },
    moduleCache: false,
    tryNative: false,
    interopDefault: false,
  });
  try {
    return (await jiti.import(path)) as T;
  } catch (error) {
    throw new AthanorError('load-failed', `cannot load ${what} ${path}: ${errorMessage(error)}`, { cause: error });
  }
}
