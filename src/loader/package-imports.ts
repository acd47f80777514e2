import { withoutComments } from './statement-cuts.js';
import { lineBreaks } from './template-sites.js';

/**
 * The package a user's files import the DSL from, whose named imports at the
 * head of a file are bound once as plain variables (see `bindPackageImports`).
 */
const PACKAGE = 'athanor';

const IMPORT = new RegExp(`^(\\s*)import\\s*\\{([^}]*)\\}\\s*from\\s*(['"])${PACKAGE}\\3\\s*;\\s*$`);
const NAME = /^[A-Za-z_$][\w$]*$/;

/**
 * The source with each named import of the package among its leading
 * statements (`import { text, sql as q } from 'athanor';`) written as
 * `var { text, sql: q } = require('athanor');`, the statement cuts moved
 * with the text, and where the file's leading imports end (null when it
 * does not start with one). The transform to CommonJS turns every use of an imported
 * name into a property read and a call through `.call`
 * (`_athanor.text.call(void 0, )`); a pulled model of 10,000 tables makes
 * hundreds of thousands of such calls, and as plain names its compiled code, its code cache
 * and the memory of a run are about a quarter smaller. The package's module
 * is loaded before the file runs and never changes, so reading its exports
 * once is what the imports would give. Type-only names are left out; a
 * statement of any other shape (a default or namespace import, another
 * package, a name the pattern does not take) stays as it is. Every line
 * keeps its place.
 */
export function bindPackageImports(
  source: string,
  cuts: readonly number[],
): { source: string; cuts: number[]; header: number | null } {
  const parts: string[] = [];
  const moved: number[] = [];
  let from = 0;
  let shift = 0;
  let changed = false;
  for (const cut of cuts) {
    const original = source.slice(from, cut);
    const statement = withoutComments(original);
    if (!/^\s*import\s/.test(statement)) break;
    const binding = packageBinding(statement, original);
    changed ||= binding !== null;
    parts.push(binding ?? original);
    shift += binding === null ? 0 : binding.length - (cut - from);
    moved.push(cut + shift);
    from = cut;
  }
  const header = moved.length === 0 ? null : moved[moved.length - 1]!;
  if (!changed) return { source, cuts: [...cuts], header };
  const rest = cuts.slice(moved.length).map((cut) => cut + shift);
  return { source: parts.join('') + source.slice(from), cuts: [...moved, ...rest], header };
}

/**
 * The `var` statement for one import statement (`statement` is `original`
 * with its comments blanked), after the comments and space that lead it and
 * with as many line breaks; null when it is not of the shape.
 */
function packageBinding(statement: string, original: string): string | null {
  const match = IMPORT.exec(statement);
  if (match === null) return null;
  const names: string[] = [];
  for (const specifier of match[2]!.split(',')) {
    const words = specifier.trim().split(/\s+/);
    if (words.length === 1 && words[0] === '') continue;
    if (words[0] === 'type' && words.length > 1) continue;
    if (words.length === 1 && NAME.test(words[0]!)) names.push(words[0]!);
    else if (words.length === 3 && words[1] === 'as' && NAME.test(words[0]!) && NAME.test(words[2]!))
      names.push(`${words[0]}: ${words[2]}`);
    else return null;
  }
  // Only type-only names: the transform drops the statement, and no module is required for it.
  if (names.length === 0) return null;
  const lead = match[1]!.length;
  return `${original.slice(0, lead)}var { ${names.join(', ')} } = require('${PACKAGE}');${lineBreaks(statement.slice(lead))}`;
}
