import type { Operation, OperationOf } from '../operation.js';
import { replacedEnumName } from './replaced-enum-name.js';
import { sameJson } from '../../util/plain-data.js';

/**
 * The enum operations that go beyond what Postgres does in place: the note a
 * `replaceEnum` carries into revision files, and the reverses of value
 * changes.
 */

/** A column of an enum type (or an array of it), converted by `replaceEnum`. */
export interface EnumColumnUse {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  /** The column's type as the model spells it: `public.mood` or `public.mood[]`. */
  readonly type: string;
  /** The column's default before and after, when it has one on either side. */
  readonly default?: { readonly from: string | null; readonly to: string | null };
  /**
   * Set for a partition's own default of a column converted on a table above
   * it (1 for a partition of that table, 2 below, ...): the partition's column
   * is converted with its parent's, so only its default is dropped before
   * every conversion and set again after them, shallower partitions first.
   */
  readonly partitionDepth?: number;
}

/** The values `from` has and `to` lacks. */
export function removedValues(from: readonly string[], to: readonly string[]): string[] {
  const kept = new Set(to);
  return from.filter((value) => !kept.has(value));
}

/**
 * The comment a revision file shows above a `replaceEnum`; `used` when it
 * adds values that the same revision uses.
 */
export function replaceEnumNote(
  op: Pick<OperationOf<'replaceEnum'>, 'schema' | 'name' | 'from' | 'to'>,
  used = false,
): string {
  const removed = removedValues(op.from, op.to);
  const added = removedValues(op.to, op.from)
    .map((v) => `'${v}'`)
    .join(', ');
  const steps =
    `${op.schema}.${op.name} is renamed to ${replacedEnumName(op.name)}, created again, every column using it is ` +
    'converted through text, and the old type is dropped.';
  const onlyAdds = removed.length === 0 && added !== '' && isSubsequence(op.from, op.to);
  if (onlyAdds && used) {
    return (
      `This change adds ${added}, used in the same revision, and Postgres refuses a value added by ` +
      `ALTER TYPE ... ADD VALUE until its transaction commits, while a type created in it may use its values: ${steps}`
    );
  }
  if (onlyAdds) return `This change puts back ${added}, undoing a replacement: ${steps}`;
  const what = removed.length > 0 ? `removes ${removed.map((v) => `'${v}'`).join(', ')}` : 'reorders its values';
  return (
    `Postgres cannot remove or reorder enum values, and this change ${what}: ${steps}\n` +
    'Rows holding a removed value make this step fail; update or delete them first.'
  );
}

function isSubsequence(part: readonly string[], whole: readonly string[]): boolean {
  let i = 0;
  for (const value of whole) if (i < part.length && part[i] === value) i += 1;
  return i === part.length;
}

/**
 * The same replacement, back: values and defaults swapped. The note is
 * written for the new direction, keeping the lines the comparator added
 * (what is dropped before it and created again after it).
 */
export function reverseReplaceEnum(op: OperationOf<'replaceEnum'>): OperationOf<'replaceEnum'> {
  const columns = op.columns.map((use) => swapDefault(use));
  const back = {
    kind: 'replaceEnum' as const,
    schema: op.schema,
    name: op.name,
    from: [...op.to],
    to: [...op.from],
    columns,
  };
  if (op.note === undefined) return back;
  const own = new Set([...replaceEnumNote(op).split('\n'), ...replaceEnumNote(op, true).split('\n')]);
  const extra = op.note.split('\n').filter((line) => !own.has(line));
  return { ...back, note: [replaceEnumNote(back), ...extra].join('\n') };
}

function swapDefault(use: EnumColumnUse): EnumColumnUse {
  if (use.default === undefined) return { ...use };
  return { ...use, default: { from: use.default.to, to: use.default.from } };
}

/**
 * One replacement doing what `first` then `second` do (`second` starts from
 * `first`'s values, over the same columns, and neither carries lines of its
 * own in its note: nothing dropped before it or created after it); null
 * otherwise. A downgrade of several values added becomes one conversion of
 * the columns, not one per value.
 */
export function chainedReplacement(
  first: OperationOf<'replaceEnum'>,
  second: OperationOf<'replaceEnum'>,
): OperationOf<'replaceEnum'> | null {
  const plainNote = (op: OperationOf<'replaceEnum'>) => op.note === undefined || op.note === replaceEnumNote(op);
  if (
    first.schema !== second.schema ||
    first.name !== second.name ||
    !sameJson(first.to, second.from) ||
    !sameJson(first.columns, second.columns) ||
    !plainNote(first) ||
    !plainNote(second)
  )
    return null;
  const chained = { ...first, to: [...second.to] };
  return first.note === undefined && second.note === undefined
    ? chained
    : { ...chained, note: replaceEnumNote(chained) };
}

/** The values once `op` has added its value to `values`. */
function valuesAfterAddition(values: readonly string[], op: OperationOf<'addEnumValue'>): string[] {
  const out = [...values];
  const anchor = op.before ?? op.after;
  const at = anchor === undefined ? -1 : out.indexOf(anchor);
  if (at < 0) out.push(op.value);
  else out.splice(op.before !== undefined ? at : at + 1, 0, op.value);
  return out;
}

/**
 * A generated `addEnumValue` knows the values before it and the columns using
 * the enum: its reverse replaces the enum without the value. Null otherwise.
 */
export function reverseAddEnumValue(op: OperationOf<'addEnumValue'>): Operation | null {
  if (op.previous === undefined) return null;
  const back = {
    kind: 'replaceEnum' as const,
    schema: op.schema,
    name: op.name,
    from: valuesAfterAddition(op.previous.values, op),
    to: [...op.previous.values],
    columns: op.previous.columns.map((use) => ({ ...use })),
  };
  return { ...back, note: replaceEnumNote(back) };
}
