import type { EnumColumnUse, Operation, OperationOf } from './operation.js';

/**
 * The enum operations that go beyond what Postgres does in place: the note a
 * `replaceEnum` carries into revision files, and the reverses of value
 * changes.
 */

/** The values `from` has and `to` lacks. */
export function removedValues(from: readonly string[], to: readonly string[]): string[] {
  const kept = new Set(to);
  return from.filter((value) => !kept.has(value));
}

/** The comment a revision file shows above a `replaceEnum`. */
export function replaceEnumNote(op: Pick<OperationOf<'replaceEnum'>, 'schema' | 'name' | 'from' | 'to'>): string {
  const removed = removedValues(op.from, op.to);
  const what = removed.length > 0 ? `removes ${removed.map((v) => `'${v}'`).join(', ')}` : 'reorders its values';
  return (
    `Postgres cannot remove or reorder enum values, and this change ${what}: ` +
    `${op.schema}.${op.name} is renamed to ${op.name}_old, created again, every column using it is ` +
    'converted through text, and the old type is dropped.\n' +
    'Rows holding a removed value make this step fail; update or delete them first.'
  );
}

/** The same replacement, back: values and defaults swapped. */
export function reverseReplaceEnum(op: OperationOf<'replaceEnum'>): OperationOf<'replaceEnum'> {
  const columns = op.columns.map((use) => swapDefault(use));
  const back = { kind: 'replaceEnum' as const, schema: op.schema, name: op.name, from: [...op.to], to: [...op.from], columns };
  return op.note === undefined ? back : { ...back, note: replaceEnumNote(back) };
}

function swapDefault(use: EnumColumnUse): EnumColumnUse {
  if (use.default === undefined) return { ...use };
  return { ...use, default: { from: use.default.to, to: use.default.from } };
}

/** The values once `op` has added its value to `values`. */
export function valuesAfterAddition(values: readonly string[], op: OperationOf<'addEnumValue'>): string[] {
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
