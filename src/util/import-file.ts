import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { AthanorError, errorMessage } from './errors.js';

/** This package's own entry, so user files that import 'athanor' share our module instances. */
function packageEntry(): string {
  const js = fileURLToPath(new URL('../index.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('../index.ts', import.meta.url));
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
    fsCache: false,
    interopDefault: false,
  });
  try {
    return (await jiti.import(path)) as T;
  } catch (error) {
    throw new AthanorError('load-failed', `cannot load ${what} ${path}: ${errorMessage(error)}`, { cause: error });
  }
}
