import { createRequire } from 'node:module';
import { basename } from 'node:path';
import type { Options } from 'sucrase';
import { bindPackageImports } from './package-imports.js';
import { compilesAsModule } from './module-function.js';
import { plainModule } from './plain-module.js';
import { scanStatements, withoutComments } from './statement-cuts.js';
import { rewriteTokens } from './token-rewrite.js';

/**
 * The TypeScript transform of a user's file (config, model, revision): types
 * stripped and `import`/`export` turned into CommonJS, every line where it was
 * (so that line numbers in errors stay true), by sucrase. It does not check
 * types and does not rewrite the rest of the code, which is why it is fast and
 * lean on a model of several megabytes; a large file that is JavaScript but
 * for its module syntax (a pulled model) skips sucrase (`plainModule`) when
 * the result compiles (`compiles`, by default a compile of its own; the
 * loader's compiles through its code cache). `templateMin` and `piecewise`
 * are for tests (see `rewriteTokens` and `PIECEWISE`).
 */
export function transformUserCode(
  source: string,
  ts: boolean,
  templateMin?: number,
  file?: string,
  piecewise: { min: number; size: number } = PIECEWISE,
  compiles: (code: string) => boolean = compilesAsModule,
): string {
  try {
    let prepared: Prepared | null = prepare(source, ts, templateMin);
    const plain = plainCode(prepared, piecewise.min);
    if (plain !== null) {
      // The texts on the way (the rewritten and the bound file, 11 MB each at 10,000 tables) are not held
      // while the result compiles: the loader's child, which compiles such a model, peaked 13 MiB lower
      // (383 MiB). A file that does not compile so is prepared again for sucrase, the rare case.
      prepared = null;
      if (compiles(plain)) return plain;
      prepared = prepare(source, ts, templateMin);
    }
    const { rewritten, bound, whole } = prepared;
    const code =
      (bound !== null && whole.length >= piecewise.min && bound.header !== null
        ? transformPiecewise(whole, bound.cuts, bound.header, ts, piecewise.size)
        : null) ?? transform(whole, sucraseOptions(ts)).code;
    return withPrelude(code, rewritten.prelude);
  } catch (error) {
    throw syntaxError(error, file);
  }
}

/** A file rewritten (`rewriteTokens`), scanned, and with its package imports bound where the scan allows. */
interface Prepared {
  rewritten: ReturnType<typeof rewriteTokens>;
  scan: ReturnType<typeof scanStatements>;
  bound: ReturnType<typeof bindPackageImports> | null;
  /** The file as it goes on: bound, else rewritten. */
  whole: string;
}

function prepare(source: string, ts: boolean, templateMin: number | undefined): Prepared {
  const rewritten = rewriteTokens(source, ts, templateMin);
  const scan = scanStatements(rewritten.source);
  const bound = scan === null ? null : bindPackageImports(rewritten.source, scan.cuts);
  return { rewritten, scan, bound, whole: bound?.source ?? rewritten.source };
}

/** The prepared file without sucrase (`plainModule`), when it is `min` long or more and can be; else null. */
function plainCode({ rewritten, scan, bound, whole }: Prepared, min: number): string | null {
  if (bound === null || whole.length < min) return null;
  const plain = plainModule(bound, scan!, whole.length - rewritten.source.length);
  return plain === null ? null : withPrelude(plain, rewritten.prelude);
}

/** The transform's code with the rewrites' prelude on its first line, after the strict mode directive. */
function withPrelude(code: string, prelude: string): string {
  const strict = '"use strict";';
  return code.startsWith(strict) ? strict + prelude + code.slice(strict.length) : prelude + code;
}

type Sucrase = typeof import('sucrase');
let sucrase: Sucrase | undefined;

/**
 * Sucrase's transform, loaded on first use: most runs find every file they
 * load transformed already (the loader keeps transforms on disk), and
 * loading sucrase's modules cost each of them about 40 ms.
 */
function transform(code: string, options: Options): { code: string } {
  sucrase ??= createRequire(import.meta.url)('sucrase') as Sucrase;
  return sucrase.transform(code, options);
}

/**
 * From which size (`min`) a file is transformed without sucrase where it can
 * be (`plainModule`), else a piece at a time, and about how much source each
 * piece holds (`size`): sucrase's tokens of a whole 15 MB model took about
 * 1 GB, the pieces' about a quarter of it. The parameter of
 * `transformUserCode` is for tests.
 */
const PIECEWISE = { min: 4 << 20, size: 256 << 10 };

function sucraseOptions(ts: boolean): Options {
  return {
    transforms: ts ? ['typescript', 'imports'] : ['imports'],
    // `import()` becomes the loader's require in a promise: a native one has no loader in the evaluated script.
    preserveDynamicImport: false,
  };
}

/**
 * The transform of a large file, one piece of top-level statements at a
 * time, each piece after the file's leading imports (which end at
 * `header`, as `bindPackageImports` found them), so that its names are bound as in
 * the whole file; or null where the file does not cut that way (then it
 * is transformed whole). The imports' own output, a few declarations, goes
 * on the blank first line of each piece, so all code stays where it was. The
 * pieces keep modern syntax as Node runs it: a helper for a lowered
 * expression would be declared on a line the pieces share.
 */
function transformPiecewise(
  source: string,
  cuts: readonly number[],
  header: number,
  ts: boolean,
  size: number,
): string | null {
  // Without its comments, the imports' output is declarations only, which can share a line.
  const imports = withoutComments(source.slice(0, header));
  const headerLines = lineCount(imports) - 1;
  const options = { ...sucraseOptions(ts), disableESTransforms: true };
  const out: string[] = [];
  try {
    for (const [start, end] of pieces(source, cuts, header, size)) {
      if (start === 0) {
        out.push(transform(source.slice(0, end), options).code);
        continue;
      }
      const lines = transform(imports + source.slice(start, end), options).code.split('\n');
      out.push([lines.slice(0, headerLines + 1).join(' '), ...lines.slice(headerLines + 1)].join('\n'));
    }
  } catch {
    // A syntax error: the whole transform reports it at its place in the file.
    return null;
  }
  const code = out.join('');
  return lineCount(code) === lineCount(source) ? code : null;
}

/**
 * Pieces of about `size` from the cuts, the first one holding the imports;
 * each other one starts with a blank line, which takes the imports' output
 * without moving any of the user's code on its line.
 */
function pieces(source: string, cuts: readonly number[], header: number, size: number): [number, number][] {
  const result: [number, number][] = [];
  let start = 0;
  for (const cut of cuts) {
    if (cut <= header || cut - start < size) continue;
    if (source[cut] !== '\n' && !source.startsWith('\r\n', cut)) continue;
    result.push([start, cut]);
    start = cut;
  }
  if (start < source.length) result.push([start, source.length]);
  return result;
}

function lineCount(text: string): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
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
