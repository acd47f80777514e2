import { basename } from 'node:path';
import { transform } from 'sucrase';
import { rewriteTokens } from './token-rewrite.js';

/**
 * The TypeScript transform of a user's file (config, model, revision): types
 * stripped and `import`/`export` turned into CommonJS, every line where it was
 * (so that line numbers in errors stay true), by sucrase. It does not check
 * types and does not rewrite the rest of the code, which is why it is fast and
 * lean on a model of several megabytes. `templateMin` is for tests (see
 * `rewriteTokens`).
 */
export function transformUserCode(source: string, ts: boolean, templateMin?: number, file?: string): string {
  let code: string;
  let prelude: string;
  try {
    const rewritten = rewriteTokens(source, ts, templateMin);
    prelude = rewritten.prelude;
    code = transform(rewritten.source, {
      transforms: ts ? ['typescript', 'imports'] : ['imports'],
      // `import()` becomes the loader's require in a promise: a native one has no loader in the evaluated script.
      preserveDynamicImport: false,
    }).code;
  } catch (error) {
    throw syntaxError(error, file);
  }
  const strict = '"use strict";';
  return code.startsWith(strict) ? strict + prelude + code.slice(strict.length) : prelude + code;
}

/**
 * The parser's message with its place: `line 3, column 9 of models.ts:
 * Unexpected token` (sucrase says `Unexpected token (3:9)`; both count from
 * 1). The file's name is there because a revision file may be loaded by
 * another one, and the outer message names only the file asked for.
 */
function syntaxError(error: unknown, file?: string): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const loc = (error as { loc?: { line?: unknown; column?: unknown } }).loc;
  if (typeof loc?.line !== 'number' || typeof loc.column !== 'number') return error;
  const reason = error.message.replace(/^Error transforming [^:]*: /, '').replace(/\s*\(\d+:\d+\)$/, '');
  const where = `line ${loc.line}, column ${loc.column}${file === undefined ? '' : ` of ${basename(file)}`}`;
  return new Error(`${where}: ${reason}`, { cause: error });
}
