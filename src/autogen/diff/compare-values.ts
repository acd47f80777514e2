import { compareText } from '../../util/strings.js';
import type {
  CheckModel,
  ColumnModel,
  ConstraintModel,
  EnumModel,
  ExclusionModel,
  ForeignKeyModel,
  IndexColumnModel,
  IndexColumnOptions,
  IndexModel,
  PrimaryKeyModel,
  TableModel,
  UniqueModel,
} from '../../schema/model.js';
import { assertNever } from '../../util/assert-never.js';

/**
 * Small value helpers for the comparator: structural equality, a stable
 * string order, and copies of model pieces with their keys in one fixed order
 * (so that rendered revision files read the same whichever side built them).
 */

/** Structural equality of plain JSON values; key order and `undefined` keys do not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  return same(a, b, false);
}

/**
 * Structural equality in which the order of a record's defined keys matters
 * too: where a key order means something (a text search dictionary's options),
 * only this says that nothing differs.
 */
export function sameValueInOrder(a: unknown, b: unknown): boolean {
  return same(a, b, true);
}

/** The walk of both: records' `undefined` keys left out, their key order compared when `inOrder`. */
function same(a: unknown, b: unknown, inOrder: boolean): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!same(a[i], b[i], inOrder)) return false;
    return true;
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  return inOrder ? sameRecordInOrder(a, b) : sameRecord(a, b);
}

// Own keys are walked with `for...in` (model records are plain data), which lists none of them.
function sameRecord(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  let defined = 0;
  for (const key in a) {
    if (!Object.hasOwn(a, key)) continue;
    const value = a[key];
    if (value === undefined) continue;
    defined += 1;
    const other = b[key];
    if (other === undefined || !same(value, other, false)) return false;
  }
  return defined === definedKeyCount(b);
}

function sameRecordInOrder(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  const others = Object.keys(b);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < keys.length && a[keys[i]!] === undefined) i += 1;
    while (j < others.length && b[others[j]!] === undefined) j += 1;
    if (i === keys.length || j === others.length) return i === keys.length && j === others.length;
    const key = keys[i]!;
    if (key !== others[j] || !same(a[key], b[key], true)) return false;
    i += 1;
    j += 1;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function definedKeyCount(value: Record<string, unknown>): number {
  let count = 0;
  for (const key in value) if (Object.hasOwn(value, key) && value[key] !== undefined) count += 1;
  return count;
}

export { compareText };

/** Lexicographic order of tuples of strings, e.g. (schema, table, name). */
export function compareTuples(a: readonly string[], b: readonly string[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const order = compareText(a[i] as string, b[i] as string);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

export function sortByName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareText(a.name, b.name));
}

export function sortByQualifiedName<T extends { schema: string; name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareTuples([a.schema, a.name], [b.schema, b.name]));
}

/** Same members, any order. */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sortedB = [...b].sort(compareText);
  return [...a].sort(compareText).every((item, i) => item === sortedB[i]);
}

/** A deep copy of `value` whose listed keys come first, in the order given. */
function withKeyOrder<T extends object>(value: T, keys: readonly (keyof T)[]): T {
  const copy = structuredClone(value);
  const out: Partial<T> = {};
  for (const key of keys) {
    if (key in copy) out[key] = copy[key];
  }
  return Object.assign(out, copy);
}

export function orderedColumn(column: ColumnModel): ColumnModel {
  const ordered = withKeyOrder(column, ['name', 'type', 'collation', 'nullable', 'default', 'identity', 'generated']);
  return column.identity === null ? ordered : { ...ordered, identity: withKeyOrder(column.identity, IDENTITY_ORDER) };
}

const IDENTITY_ORDER = ['always', 'start', 'increment', 'min', 'max', 'cache', 'cycle', 'sequenceName'] as const;

function orderedPrimaryKey(key: PrimaryKeyModel): PrimaryKeyModel {
  return withKeyOrder(key, ['name', 'columns', 'include', 'deferrable', 'initiallyDeferred']);
}

const FOREIGN_KEY_ORDER = [
  'name',
  'columns',
  'refSchema',
  'refTable',
  'refColumns',
  'onDelete',
  'onUpdate',
  'match',
  'deferrable',
  'initiallyDeferred',
  'notValid',
] as const;

function orderedForeignKey(key: ForeignKeyModel): ForeignKeyModel {
  return withKeyOrder(key, FOREIGN_KEY_ORDER);
}

function orderedUnique(key: UniqueModel): UniqueModel {
  return withKeyOrder(key, ['name', 'columns', 'include', 'nullsNotDistinct', 'deferrable', 'initiallyDeferred']);
}

function orderedCheck(check: CheckModel): CheckModel {
  return withKeyOrder(check, ['name', 'expression', 'notValid', 'noInherit']);
}

function orderedExclusion(exclusion: ExclusionModel): ExclusionModel {
  return withKeyOrder(exclusion, ['name', 'definition']);
}

export function orderedIndex(index: IndexModel): IndexModel {
  const ordered = withKeyOrder(index, ['name', 'unique', 'method', 'columns', 'include', 'nullsNotDistinct', 'where']);
  return { ...ordered, columns: index.columns.map(orderedIndexColumn) };
}

function orderedIndexColumn(column: IndexColumnModel): IndexColumnModel {
  const options: IndexColumnOptions = {
    ...(column.collation !== undefined ? { collation: column.collation } : {}),
    ...(column.opclass !== undefined ? { opclass: column.opclass } : {}),
    ...(column.order !== undefined ? { order: column.order } : {}),
    ...(column.nulls !== undefined ? { nulls: column.nulls } : {}),
    ...(column.statistics !== undefined ? { statistics: column.statistics } : {}),
  };
  return 'column' in column ? { column: column.column, ...options } : { expression: column.expression, ...options };
}

export function orderedEnum(model: EnumModel): EnumModel {
  return withKeyOrder(model, ['schema', 'name', 'values']);
}

export function orderedConstraint(constraint: ConstraintModel): ConstraintModel {
  switch (constraint.type) {
    case 'primaryKey':
      return { type: 'primaryKey', ...orderedPrimaryKey(constraint) };
    case 'foreignKey':
      return { type: 'foreignKey', ...orderedForeignKey(constraint) };
    case 'unique':
      return { type: 'unique', ...orderedUnique(constraint) };
    case 'check':
      return { type: 'check', ...orderedCheck(constraint) };
    case 'exclusion':
      return { type: 'exclusion', ...orderedExclusion(constraint) };
    default:
      return assertNever(constraint, 'constraint type');
  }
}

/** A copy with columns in declared order and every other list sorted by name. */
export function orderedTable(table: TableModel): TableModel {
  const ordered = withKeyOrder(table, [
    'schema',
    'name',
    'columns',
    'primaryKey',
    'foreignKeys',
    'uniques',
    'checks',
    'indexes',
  ]);
  return {
    ...ordered,
    columns: table.columns.map(orderedColumn),
    primaryKey: table.primaryKey === null ? null : orderedPrimaryKey(table.primaryKey),
    foreignKeys: sortByName(table.foreignKeys).map(orderedForeignKey),
    uniques: sortByName(table.uniques).map(orderedUnique),
    checks: sortByName(table.checks).map(orderedCheck),
    indexes: sortByName(table.indexes).map(orderedIndex),
    ...(table.exclusions !== undefined ? { exclusions: sortByName(table.exclusions).map(orderedExclusion) } : {}),
  };
}
