import type { EnumModel } from '../../schema/model.js';
import { removedValues, reverseAddEnumValue, reverseReplaceEnum } from './enum-replace.js';
import { HARMLESS, irreversible, removedOf, type FamilySpecs } from './spec.js';

/** Enums and their values. */
export type EnumOperation = Readonly<
  | { kind: 'createEnum'; enum: EnumModel }
  | { kind: 'dropEnum'; schema: string; name: string; removed?: EnumModel }
  | AddEnumValue
  | { kind: 'renameEnumValue'; schema: string; name: string; from: string; to: string }
  | {
      /**
       * Replaces an enum whose values are removed or reordered, which Postgres
       * cannot do in place: the type is renamed to `<name>__athanor_old` (`replacedEnumName`), created again
       * with the new values, every column using it is converted through text,
       * and the old type is dropped. Rows holding a removed value make it fail.
       */
      kind: 'replaceEnum';
      schema: string;
      name: string;
      /** The values before, in order. */
      from: readonly string[];
      /** The values after, in order. */
      to: readonly string[];
      /** The columns converted, in (schema, table, column) order. */
      columns: readonly EnumColumnUse[];
      /** Printed as a comment in revision files. */
      note?: string;
    }
>;

interface AddEnumValue {
  readonly kind: 'addEnumValue';
  readonly schema: string;
  readonly name: string;
  readonly value: string;
  /** Position of the new value; at the end when neither is given. */
  readonly before?: string;
  readonly after?: string;
  /**
   * The values before the addition and the columns using the enum, when
   * generated: the reverse is then a `replaceEnum` without the value.
   * Revision files leave it out of the upgrade.
   */
  readonly previous?: { readonly values: readonly string[]; readonly columns: readonly EnumColumnUse[] };
}

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

export const ENUM_SPECS: FamilySpecs<EnumOperation['kind']> = {
  createEnum: {
    ...HARMLESS,
    describe: (op) => `create enum ${op.enum.schema}.${op.enum.name}`,
    reverse: (op) => ({ kind: 'dropEnum', schema: op.enum.schema, name: op.enum.name, removed: op.enum }),
  },
  dropEnum: {
    unrendered: ['removed'],
    ...HARMLESS,
    describe: (op) => `drop enum ${op.schema}.${op.name}`,
    reverse: (op) => ({ kind: 'createEnum', enum: removedOf(`drop enum ${op.schema}.${op.name}`, op.removed) }),
    destructive: () => true,
    lossCode: 'drop-type',
  },
  addEnumValue: {
    ...HARMLESS,
    unrendered: ['previous'],
    describe: describeAddEnumValue,
    // Generated additions carry `previous` and reverse into a replacement; a hand-written one does not.
    reverse: (op) => {
      const back = reverseAddEnumValue(op);
      if (back === null) throw irreversible(describeAddEnumValue(op), 'Postgres cannot drop a value from an enum');
      return back;
    },
  },
  renameEnumValue: {
    ...HARMLESS,
    describe: (op) => `rename value '${op.from}' of enum ${op.schema}.${op.name} to '${op.to}'`,
    reverse: (op) => ({ kind: 'renameEnumValue', schema: op.schema, name: op.name, from: op.to, to: op.from }),
  },
  replaceEnum: {
    ...HARMLESS,
    describe: (op) => {
      const removed = removedValues(op.from, op.to);
      const what =
        removed.length > 0 ? `without ${removed.map((v) => `'${v}'`).join(', ')}` : 'with its values reordered';
      return `replace enum ${op.schema}.${op.name} ${what} (${op.columns.length} column(s) converted)`;
    },
    reverse: reverseReplaceEnum,
    // A replaced enum that loses values fails on rows holding them rather than losing them, but the values are gone from the type.
    destructive: (op) => removedValues(op.from, op.to).length > 0,
    loss: () => 'rows holding a removed value make it fail',
    lossCode: 'remove-enum-value',
  },
};

function describeAddEnumValue(op: AddEnumValue): string {
  let text = `add value '${op.value}' to enum ${op.schema}.${op.name}`;
  if (op.before !== undefined) text += ` before '${op.before}'`;
  if (op.after !== undefined) text += ` after '${op.after}'`;
  return text;
}
