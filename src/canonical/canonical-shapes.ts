import { declaredTable, type TableModel } from '../schema/model.js';
import { compareText } from '../util/strings.js';

/**
 * What compare first compares objects and texts by: two tables' shapes
 * (named lists in name order), JSON equality without printing, and the names
 * a text may hold.
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
  };
}

export function byName<T extends { name: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => compareText(a.name, b.name));
}

/** JSON with object keys in sorted order and undefined fields left out, so equal models print equal. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/**
 * Whether `a` and `b` print the same `stableJson`, found without printing
 * either: a model that matches the database compares every object, and the
 * printing's sorted copies were a good part of a no-op `check`.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    // JSON prints an undefined item as null.
    return a.every((item: unknown, i) => sameJson(item ?? null, (b[i] as unknown) ?? null));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key of Object.keys(x)) {
    if (x[key] === undefined) continue;
    if (!sameJson(x[key], y[key])) return false;
    count += 1;
  }
  for (const key of Object.keys(y)) if (y[key] !== undefined) count -= 1;
  return count === 0;
}

const IDENTIFIER = /"((?:[^"]|"")*)"|[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/g;

/**
 * Every name `text` may hold: quoted identifiers unquoted, bare words as
 * written and folded to lower case, inside string literals too
 * (`nextval('public.s'::regclass)`). More than the real names, never fewer.
 */
export function namesIn(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(IDENTIFIER)) {
    if (match[1] !== undefined) names.add(match[1].replace(/""/g, '"'));
    else {
      names.add(match[0]);
      names.add(match[0].toLowerCase());
    }
  }
  return names;
}

/** Whether `text` names any of `names`. */
export function namesAny(text: string, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  for (const name of namesIn(text)) if (names.has(name)) return true;
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
