import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The extension of the TypeScript files Athanor writes: `.ts` in an ES module project, `.mts` elsewhere. */
export type TypeScriptExtension = '.ts' | '.mts';

/**
 * The extension of a TypeScript file written in `dir` so that it is an ES
 * module, as its `import` and `export` lines need, for Node and `tsc` alike:
 * `.mts` when the nearest package.json above `dir` does not say
 * `"type": "module"` (npm's default makes a `.ts` file there CommonJS), `.ts`
 * when it does or when there is no package.json at all.
 */
export function typeScriptExtension(dir: string): TypeScriptExtension {
  for (let at = resolve(dir); ; at = dirname(at)) {
    const path = join(at, 'package.json');
    if (existsSync(path)) return packageType(path) === 'module' ? '.ts' : '.mts';
    if (dirname(at) === at) return '.ts';
  }
}

/** The `type` of a package.json, or null when it is missing or the file is not JSON. */
function packageType(path: string): unknown {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { type?: unknown } | null)?.type ?? null;
  } catch {
    return null;
  }
}
