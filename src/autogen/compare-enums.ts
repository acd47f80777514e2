import { replaceEnumNote } from '../ops/enum-replace.js';
import type { OperationOf } from '../ops/operation.js';
import type { EnumModel } from '../schema/model.js';
import { enumColumnUses, type EnumTables } from './compare-enum-columns.js';
import { objectKey, orderedEnum, sortByQualifiedName } from './compare-values.js';

export { typeUsesEnum } from './compare-enum-columns.js';

export type AddEnumValueOperation = OperationOf<'addEnumValue'>;
export type RenameEnumValueOperation = OperationOf<'renameEnumValue'>;
export type ReplaceEnumOperation = OperationOf<'replaceEnum'>;

export interface EnumsComparison {
  /** Enums only the target has, sorted by (schema, name). */
  create: EnumModel[];
  /** Enums only the current side has, sorted by (schema, name). */
  drop: EnumModel[];
  /** New values of enums both sides have, in the order they must be added. */
  addValues: AddEnumValueOperation[];
  /** Values renamed in place (one position holds a new value), sorted by enum. */
  renameValues?: RenameEnumValueOperation[];
  /** Enums whose values are removed or reordered, replaced as a whole; sorted by enum. */
  replace?: ReplaceEnumOperation[];
}

/**
 * Compares the enums of both sides. Values only added become `addEnumValue`;
 * one value in one position changed becomes `renameEnumValue`; anything else
 * (a value removed, values reordered) replaces the enum, converting the
 * columns `tables` shows using it. Without `tables`, no column is converted
 * and additions do not carry what their reverse needs.
 */
export function compareEnums(current: readonly EnumModel[], target: readonly EnumModel[], tables?: EnumTables): EnumsComparison {
  const currentByKey = byKey(current);
  const targetByKey = byKey(target);
  const create = target.filter((model) => !currentByKey.has(keyOf(model)));
  const drop = current.filter((model) => !targetByKey.has(keyOf(model)));
  const comparison: Required<EnumsComparison> = { create: [], drop: [], addValues: [], renameValues: [], replace: [] };
  for (const model of sortByQualifiedName(target)) {
    const before = currentByKey.get(keyOf(model));
    if (before !== undefined) addValueChanges(comparison, before, model, tables ?? { current: [], target: [] });
  }
  comparison.create = sortByQualifiedName(create).map(orderedEnum);
  comparison.drop = sortByQualifiedName(drop).map(orderedEnum);
  return comparison;
}

function addValueChanges(out: Required<EnumsComparison>, current: EnumModel, target: EnumModel, tables: EnumTables): void {
  const additions = enumValueAdditions(current, target);
  if (additions !== null) {
    if (additions.length === 0) return;
    const columns = enumColumnUses(current, tables, false);
    let values = [...current.values];
    for (const op of additions) {
      op.previous = { values, columns };
      values = target.values.filter((value) => value === op.value || values.includes(value));
    }
    out.addValues.push(...additions);
    return;
  }
  const rename = enumValueRename(current, target);
  if (rename !== null) {
    out.renameValues.push(rename);
    return;
  }
  const replace = {
    kind: 'replaceEnum' as const,
    schema: target.schema,
    name: target.name,
    from: [...current.values],
    to: [...target.values],
    columns: enumColumnUses(current, tables, true),
  };
  out.replace.push({ ...replace, note: replaceEnumNote(replace) });
}

/**
 * The `addEnumValue` operations that turn `current`'s values into `target`'s,
 * or null when that takes more than adding values (a value was removed,
 * renamed or moved). Each new value goes after the value before it; a new
 * first value goes before the first existing value.
 */
export function enumValueAdditions(current: EnumModel, target: EnumModel): AddEnumValueOperation[] | null {
  if (!isSubsequence(current.values, target.values)) return null;
  const existing = new Set(current.values);
  const ops: AddEnumValueOperation[] = [];
  target.values.forEach((value, i) => {
    if (existing.has(value)) return;
    const op: AddEnumValueOperation = { kind: 'addEnumValue', schema: target.schema, name: target.name, value };
    const previous = target.values[i - 1];
    if (previous !== undefined) op.after = previous;
    else if (current.values[0] !== undefined) op.before = current.values[0];
    ops.push(op);
  });
  return ops;
}

/**
 * A rename: the same number of values, exactly one position differs, and
 * the new value is not elsewhere in the old list (nor the old one in the new).
 */
export function enumValueRename(current: EnumModel, target: EnumModel): RenameEnumValueOperation | null {
  if (current.values.length !== target.values.length) return null;
  const positions = current.values.flatMap((value, i) => (value === target.values[i] ? [] : [i]));
  if (positions.length !== 1) return null;
  const from = current.values[positions[0]!]!;
  const to = target.values[positions[0]!]!;
  if (current.values.includes(to) || target.values.includes(from)) return null;
  return { kind: 'renameEnumValue', schema: target.schema, name: target.name, from, to };
}

/** Enum changes the comparator cannot express: none since enums are replaced when values go. */
export function unsupportedEnumChanges(_current: readonly EnumModel[], _target: readonly EnumModel[]): string[] {
  return [];
}

function isSubsequence(part: readonly string[], whole: readonly string[]): boolean {
  let i = 0;
  for (const value of whole) {
    if (i < part.length && part[i] === value) i += 1;
  }
  return i === part.length && new Set(part).size === part.length;
}

function keyOf(model: EnumModel): string {
  return objectKey(model.schema, model.name);
}

function byKey(models: readonly EnumModel[]): Map<string, EnumModel> {
  return new Map(models.map((model) => [keyOf(model), model]));
}
