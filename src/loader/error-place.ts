import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This package's folder: frames in it are the loader's or the DSL's, not the user's. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `    at fn (/path/file.ts:7:9)` or `    at /path/file.ts:7:9`, a `file://` url as well. */
const FRAME = /^\s*at (?:.*?\()?((?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])[^():]*?):(\d+):(\d+)\)?$/;

/**
 * Where a user's file threw while it was loaded (a mistyped name, an error of
 * its own): the first frame of the stack in a file outside `node_modules` and
 * this package, as `line 7 of models.ts`, the file named from the folder of
 * the file that was loaded (`path`). The line is the file's (the transform
 * keeps lines), the column is not (it moves what `export` declares), so it is
 * left out. Null when the stack has none.
 */
export function userErrorPlace(error: unknown, path: string): string | null {
  if (!(error instanceof Error) || error.name === 'SyntaxError' || typeof error.stack !== 'string') return null;
  for (const line of error.stack.split('\n')) {
    const frame = FRAME.exec(line);
    if (frame === null) continue;
    const file = frame[1]!.startsWith('file://') ? fileURLToPath(frame[1]!) : frame[1]!;
    if (file.startsWith(PACKAGE_ROOT) || file.split(sep).includes('node_modules')) continue;
    return `line ${frame[2]} of ${relative(dirname(path), file)}`;
  }
  return null;
}

/** A value the module exports, called, as the transform writes it: `exports.mood.call`. */
const TRANSFORMED_CALLEE = /^exports\.([\w$]+)\.call(?= is not a function)/;

/**
 * The message of what a user's file threw, with a value called that is no
 * function named as the file spells it (`mood is not a function`), not as
 * the transform rewrote it (`exports.mood.call is not a function`).
 */
export function userErrorMessage(error: unknown, message: string): string {
  return error instanceof TypeError ? message.replace(TRANSFORMED_CALLEE, '$1') : message;
}
