import { withoutComments, type StatementScan } from './statement-cuts.js';

/**
 * The CommonJS form of a large file that is JavaScript but for its module
 * syntax, as a pulled model is: after the package's imports, which
 * `bindPackageImports` made plain bindings already, nothing but statements and
 * `export const NAME = ...;` declarations. Each such declaration loses its
 * `export` and is followed, on its line, by `exports.NAME = NAME;`, as
 * sucrase writes it (which also writes every later use of an exported name
 * as `exports.NAME`: the same value for a `const`); every line stays where it
 * was. Sucrase's transform of a model of 10,000 tables took 2.2 s; this
 * takes a scan, and the check below is the compile the loader needs next.
 *
 * Null, and the file is sucrase's, at any doubt: a TypeScript sign the scan
 * found (`StatementScan.typeSyntax`), an import left, another form of
 * export (a list, a default, a function, a declaration of several names),
 * or an `import` or `export` word anywhere else. The caller then checks
 * that V8 compiles the result as the body of the module function:
 * TypeScript's annotations, assertions, enums, interfaces and the like are
 * syntax errors there, and such a file is sucrase's too.
 *
 * `bound` is the file after `bindPackageImports`; `scan` is of the text
 * before it, whose positions past the imports are `shift` behind.
 */
export function plainModule(
  bound: { source: string; cuts: readonly number[]; header: number | null },
  scan: StatementScan,
  shift: number,
): string | null {
  if (scan.typeSyntax) return null;
  const { source } = bound;
  const header = bound.header ?? 0;
  const past = (positions: readonly number[]): number[] => positions.map((p) => p + shift).filter((p) => p >= header);
  const words = new Positions(past(scan.moduleWords));
  const commas = new Positions(past(scan.commas));
  const out: string[] = [PROLOGUE];
  let from = 0;
  for (const [k, to] of [...bound.cuts, source.length].entries()) {
    if (to <= from) continue;
    const text = source.slice(from, to);
    const own = { words: words.before(to), commas: commas.before(to) };
    // The `;` that ends the statement (none for a last statement that does not end with one).
    const end = k < scan.ends.length ? scan.ends[k]! + (to > header ? shift : 0) - from : -1;
    const statement =
      to <= header ? leadingImport(text) : exportedConst(text, from, end, own.words, own.commas.length > 0);
    if (statement === null) return null;
    out.push(statement);
    from = to;
  }
  return out.join('');
}

/** The text of an import statement of the file's head: null when it is still one (another package's, a default). */
function leadingImport(text: string): string | null {
  return /^\s*import\b/.test(withoutComments(text)) ? null : text;
}

/** Ascending positions in a file, taken statement by statement. */
class Positions {
  private next = 0;
  constructor(private readonly positions: readonly number[]) {}

  /** The positions before `end` not taken yet, taken now. */
  before(end: number): number[] {
    const start = this.next;
    while (this.next < this.positions.length && this.positions[this.next]! < end) this.next += 1;
    return this.positions.slice(start, this.next);
  }
}

/**
 * A statement past the imports (`text`, from `from` in the file, ended by
 * the `;` at `end` in it, with the `import` and `export` words at `own` and
 * whether it has a comma outside brackets), with its `export` turned into
 * an assignment when it is `export const NAME = ...;`; the statement as it
 * is when it holds no `import` or `export` word; else null.
 */
function exportedConst(text: string, from: number, end: number, own: readonly number[], comma: boolean): string | null {
  if (own.length === 0) return text;
  if (own.length > 1 || comma || end < 0) return null;
  const at = own[0]! - from;
  // Only space and comments before the word, and the declaration right after it.
  if (withoutComments(text.slice(0, at)).trim() !== '') return null;
  const match = /^export\s+const\s+([A-Za-z_$][\w$]*)\s*=/.exec(text.slice(at));
  if (match === null) return null;
  const name = match[1]!;
  return `${text.slice(0, at)}${text.slice(at + 'export'.length, end + 1)} exports.${name} = ${name};${text.slice(end + 1)}`;
}

/** What sucrase puts first on the first line of a module. */
const PROLOGUE = '"use strict";Object.defineProperty(exports, "__esModule", {value: true});';
