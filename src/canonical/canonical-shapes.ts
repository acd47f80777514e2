import { declaredTable, type TableModel } from '../schema/model.js';
import { sameJson } from '../util/plain-data.js';
import { compareText } from '../util/strings.js';

export { sameJson, stableJson } from '../util/plain-data.js';

/**
 * What compare first compares objects and texts by: two tables' shapes
 * (named lists in name order), JSON equality without printing (`util/plain-data.ts`),
 * and the names a text may hold.
 */

/**
 * Whether two tables are the same for compare first: their named lists
 * (constraints, indexes, policies, a partition's own settings) in name order,
 * since their order is the reflector's and means nothing; columns and every
 * inner list keep theirs. The columns a partition key uses are left out:
 * only the server reads them, from the key both sides compare.
 */
export function sameTable(a: TableModel, b: TableModel): boolean {
  return sameJson(tableShape(a), tableShape(b));
}

/** The table with its named lists in name order. */
function tableShape(table: TableModel): TableModel {
  return {
    ...declaredTable(table),
    foreignKeys: byName(table.foreignKeys),
    uniques: byName(table.uniques),
    checks: byName(table.checks),
    indexes: byName(table.indexes),
    ...(table.exclusions !== undefined ? { exclusions: byName(table.exclusions) } : {}),
    ...(table.policies !== undefined ? { policies: byName(table.policies) } : {}),
    ...(table.columnOverrides !== undefined ? { columnOverrides: byName(table.columnOverrides) } : {}),
    ...(table.indexNames !== undefined
      ? { indexNames: [...table.indexNames].sort((a, b) => compareText(a.parentIndex, b.parentIndex)) }
      : {}),
    ...(table.indexStorage !== undefined
      ? { indexStorage: [...table.indexStorage].sort((a, b) => compareText(a.parentIndex, b.parentIndex)) }
      : {}),
  };
}

export function byName<T extends { name: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => compareText(a.name, b.name));
}

const IDENTIFIER = /"((?:[^"]|"")*)"|[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/g;
const BARE_WORD = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/g;

/**
 * Every name `text` may hold: quoted identifiers unquoted, bare words as
 * written and folded to lower case, inside string literals too
 * (`nextval('public.s'::regclass)`). More than the real names, never fewer.
 */
export function namesIn(text: string): Set<string> {
  const names = new Set<string>();
  someName(text, (name) => void names.add(name));
  return names;
}

/** Whether `text` names any of `names`. */
export function namesAny(text: string, names: ReadonlySet<string>): boolean {
  return names.size > 0 && someName(text, (name) => names.has(name));
}

/**
 * Calls `test` with each name `text` may hold (as `namesIn` lists them, a
 * bare word twice when folding changes it) until it returns true, and says
 * whether it did: for a text looked through once, without a set of its names.
 * A double quote inside a string literal or a comment opens no identifier, but
 * pairs with the next one, maybe objects later: the bare words between two
 * quotes are read as well.
 */
export function someName(text: string, test: (name: string) => boolean | void): boolean {
  const bare = (word: string): boolean => {
    if (test(word) === true) return true;
    const folded = word.toLowerCase();
    return folded !== word && test(folded) === true;
  };
  for (const match of text.matchAll(IDENTIFIER)) {
    const quoted = match[1];
    if (quoted === undefined) {
      if (bare(match[0])) return true;
      continue;
    }
    if (test(quoted.includes('""') ? quoted.replace(/""/g, '"') : quoted) === true) return true;
    for (const word of quoted.matchAll(BARE_WORD)) if (bare(word[0])) return true;
  }
  return false;
}

/** Every string a model object holds (names, types, SQL), one a line. */
export function stringsOf(value: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return out.join('\n');
}
