import type { OperationOf } from '../ops/operation.js';
import type { EnumModel } from '../schema/model.js';
import { objectKey, orderedEnum, sortByQualifiedName } from './compare-values.js';

export type AddEnumValueOperation = OperationOf<'addEnumValue'>;

export interface EnumsComparison {
  /** Enums only the target has, sorted by (schema, name). */
  create: EnumModel[];
  /** Enums only the current side has, sorted by (schema, name). */
  drop: EnumModel[];
  /** New values of enums both sides have, in the order they must be added. */
  addValues: AddEnumValueOperation[];
}

export function compareEnums(current: readonly EnumModel[], target: readonly EnumModel[]): EnumsComparison {
  const currentByKey = byKey(current);
  const targetByKey = byKey(target);
  const create = target.filter((model) => !currentByKey.has(keyOf(model)));
  const drop = current.filter((model) => !targetByKey.has(keyOf(model)));
  const addValues: AddEnumValueOperation[] = [];
  for (const model of sortByQualifiedName(target)) {
    const before = currentByKey.get(keyOf(model));
    if (before !== undefined) addValues.push(...(enumValueAdditions(before, model) ?? []));
  }
  return {
    create: sortByQualifiedName(create).map(orderedEnum),
    drop: sortByQualifiedName(drop).map(orderedEnum),
    addValues,
  };
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

/** Messages for enum changes the comparator cannot express, sorted by enum. */
export function unsupportedEnumChanges(current: readonly EnumModel[], target: readonly EnumModel[]): string[] {
  const currentByKey = byKey(current);
  const messages: string[] = [];
  for (const model of sortByQualifiedName(target)) {
    const before = currentByKey.get(keyOf(model));
    if (before !== undefined && enumValueAdditions(before, model) === null) {
      messages.push(`enum ${model.schema}.${model.name}: values removed or reordered (write this change by hand)`);
    }
  }
  return messages;
}

/**
 * Whether a column type (canonical `format_type` spelling) is the enum or an
 * array of it. Accepts each name part bare or double-quoted.
 */
export function typeUsesEnum(type: string, model: Pick<EnumModel, 'schema' | 'name'>): boolean {
  const base = type.replace(/(\[\])+$/, '');
  for (const schema of spellings(model.schema)) {
    for (const name of spellings(model.name)) {
      if (base === `${schema}.${name}`) return true;
    }
  }
  return false;
}

function spellings(identifier: string): string[] {
  return [identifier, `"${identifier.replace(/"/g, '""')}"`];
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
