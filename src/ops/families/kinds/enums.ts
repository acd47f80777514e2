import type { EnumModel } from '../../../schema/model.js';

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

export interface AddEnumValue {
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
  /**
   * Generated for a value the same revision uses where the enum cannot be
   * replaced: autogenerate writes it in a revision of its own, before the
   * rest, since Postgres lets a value be used only once its addition has
   * committed. Revision files leave it out.
   */
  readonly committedFirst?: true;
  /**
   * Why the enum cannot be replaced without the value, when generated where
   * it cannot (a partition key uses it, a domain is based on it): the
   * downgrade written in the reverse's place says so. Revision files leave it out.
   */
  readonly notReplaceable?: string;
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
