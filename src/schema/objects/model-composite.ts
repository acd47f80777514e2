/**
 * The model of a composite type (`CREATE TYPE name AS (attribute type, ...)`).
 * `model.ts` re-exports it.
 */

/** One attribute of a composite type, in its place in the type. */
export interface CompositeAttributeModel {
  readonly name: string;
  /** Canonical like a column type (`format_type()` with an empty search path). */
  readonly type: string;
  /** A collation other than the type's own, as a `COLLATE` clause names it (`"C"`); absent otherwise. */
  readonly collation?: string;
}

export interface CompositeTypeModel {
  readonly schema: string;
  readonly name: string;
  /** In their order in the type, which is the order of a row value's fields. */
  readonly attributes: readonly CompositeAttributeModel[];
}
