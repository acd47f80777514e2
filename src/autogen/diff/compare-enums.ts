import { replaceEnumNote } from '../../ops/families/enum-replace.js';
import type { OperationOf } from '../../ops/operation.js';
import type { EnumModel } from '../../schema/model.js';
import { enumColumnUses, type EnumTables } from './enums/enum-columns.js';
import { newValuesUsed, replaceBlockers } from './enums/enum-value-uses.js';
import { orderedEnum, sortByQualifiedName } from './compare-values.js';
import { qualifiedKey } from '../../schema/model.js';
import { replacedNameClash, takenTypeNames } from './enums/replaced-enum-name-clash.js';

export { typeUsesEnum } from './enums/enum-text.js';

export type AddEnumValueOperation = OperationOf<'addEnumValue'>;
export type ReplaceEnumOperation = OperationOf<'replaceEnum'>;

export interface EnumsComparison {
  /** Enums only the target has (the scheduler orders them). */
  create: EnumModel[];
  /** Enums only the current side has (the scheduler orders them). */
  drop: EnumModel[];
  /** New values of enums both sides have, in the order they must be added. */
  addValues: AddEnumValueOperation[];
  /** Enums whose values are removed or reordered, replaced as a whole; sorted by enum. */
  replace?: ReplaceEnumOperation[];
  /** Changes left out (or whose reverse is), one message each with why; sorted by enum. */
  unsupported?: string[];
}

/**
 * Compares the enums of both sides. Values only added become `addEnumValue`;
 * anything else (a value removed, values reordered) replaces the enum, converting the
 * columns `tables` shows using it. Added values that the target uses in the
 * same revision replace the enum too, since Postgres refuses to use a value
 * added in the same transaction. Without `tables`, no column is converted
 * and additions do not carry what their reverse needs. A replacement that
 * something would block (see `replaceBlockers`), or whose temporary name a
 * type or relation has, is left out and reported in `unsupported`; additions
 * so blocked do not carry their reverse, which is reported too. A value
 * renamed is a rename decided before the comparison (`autogen/renames/`,
 * kind `enumValue`): here a value gone beside a new one is a removal and an
 * addition, which rows holding the removed value make fail.
 */
export function compareEnums(
  current: readonly EnumModel[],
  target: readonly EnumModel[],
  tables?: EnumTables,
): Required<EnumsComparison> {
  const currentByKey = byKey(current);
  const targetByKey = byKey(target);
  const create = target.filter((model) => !currentByKey.has(keyOf(model)));
  const drop = current.filter((model) => !targetByKey.has(keyOf(model)));
  const comparison: Required<EnumsComparison> = {
    create: [],
    drop: [],
    addValues: [],
    replace: [],
    unsupported: [],
  };
  const taken = takenTypeNames(current, target, tables);
  for (const model of sortByQualifiedName(target)) {
    const before = currentByKey.get(keyOf(model));
    if (before !== undefined) addValueChanges(comparison, before, model, tables ?? { current: [], target: [] }, taken);
  }
  comparison.create = create.map(orderedEnum);
  comparison.drop = drop.map(orderedEnum);
  return comparison;
}

/** How an enum on both sides changes, with the reason when it is replaced or blocked. */
type ValueChange =
  | { kind: 'none' }
  | { kind: 'add'; ops: AddEnumValueOperation[] }
  /** `additions`: when the values are only added, but used in the same revision. */
  | { kind: 'replace'; used: string[]; additions?: AddEnumValueOperation[] };

function valueChange(current: EnumModel, target: EnumModel, tables: EnumTables): ValueChange {
  const additions = enumValueAdditions(current, target);
  if (additions !== null) {
    if (additions.length === 0) return { kind: 'none' };
    const models = tables.models;
    const used =
      models === undefined
        ? []
        : newValuesUsed(
            target,
            additions.map((op) => op.value),
            models.target,
          );
    return used.length > 0 ? { kind: 'replace', used, additions } : { kind: 'add', ops: additions };
  }
  return { kind: 'replace', used: [] };
}

function addValueChanges(
  out: Required<EnumsComparison>,
  current: EnumModel,
  target: EnumModel,
  tables: EnumTables,
  taken: ReadonlySet<string>,
): void {
  const change = valueChange(current, target, tables);
  if (change.kind === 'none') return;
  const causes = [
    ...replaceBlockers(current, enumColumnUses(current, tables, false), tables),
    ...replacedNameClash(current, taken),
  ];
  const blocked = causes.length > 0;
  if (blocked) out.unsupported.push(blockedMessage(target, change, causes));
  const notReplaceable = causes.join('; ');
  if (change.kind === 'add') {
    const columns = enumColumnUses(current, tables, false);
    let values = [...current.values];
    for (const op of change.ops) {
      out.addValues.push(blocked ? { ...op, notReplaceable } : { ...op, previous: { values, columns } });
      values = target.values.filter((value) => value === op.value || values.includes(value));
    }
    return;
  }
  if (blocked) {
    // Added and used, and no replacement: each value committed in a revision of its own before the rest.
    for (const op of change.additions ?? []) out.addValues.push({ ...op, committedFirst: true, notReplaceable });
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
  out.replace.push({ ...replace, note: replaceEnumNote(replace, change.used.length > 0) });
}

/**
 * The `addEnumValue` operations that turn `current`'s values into `target`'s,
 * or null when that takes more than adding values (a value was removed,
 * renamed or moved). Each new value goes after the value before it; a new
 * first value goes before the first existing value.
 */
function enumValueAdditions(current: EnumModel, target: EnumModel): AddEnumValueOperation[] | null {
  if (!isSubsequence(current.values, target.values)) return null;
  const existing = new Set(current.values);
  const ops: AddEnumValueOperation[] = [];
  target.values.forEach((value, i) => {
    if (existing.has(value)) return;
    const previous = target.values[i - 1];
    const first = current.values[0];
    const position = previous !== undefined ? { after: previous } : first !== undefined ? { before: first } : {};
    ops.push({ kind: 'addEnumValue', schema: target.schema, name: target.name, value, ...position });
  });
  return ops;
}

/**
 * Why a change is left out: a replacement that a domain, a generated column
 * or another column's default would block, or whose temporary name a type or
 * relation has; or, for added values, the downgrade's replacement so blocked.
 */
function blockedMessage(
  model: EnumModel,
  change: Extract<ValueChange, { kind: 'add' | 'replace' }>,
  causes: readonly string[],
): string {
  const name = `${model.schema}.${model.name}`;
  const because = `since ${causes.join('; ')}`;
  if (change.kind === 'add')
    return `the downgrade cannot remove the values added to enum ${name} by replacing it, ${because}; write it by hand`;
  if (change.additions !== undefined)
    return (
      `enum ${name} cannot be replaced (${replaceReason(change.used)}), ${because}: the values are added in a ` +
      'revision of their own before the rest, whose downgrade cannot remove them; write it by hand'
    );
  return `enum ${name} must be replaced (${replaceReason(change.used)}), which is left out ${because}; change it by hand`;
}

function replaceReason(used: readonly string[]): string {
  return used.length > 0
    ? `${used.map((v) => `'${v}'`).join(', ')} added and used in the same revision`
    : 'values removed or reordered';
}

function isSubsequence(part: readonly string[], whole: readonly string[]): boolean {
  let i = 0;
  for (const value of whole) {
    if (i < part.length && part[i] === value) i += 1;
  }
  return i === part.length && new Set(part).size === part.length;
}

function keyOf(model: EnumModel): string {
  return qualifiedKey(model.schema, model.name);
}

function byKey(models: readonly EnumModel[]): Map<string, EnumModel> {
  return new Map(models.map((model) => [keyOf(model), model]));
}
