/**
 * The model of a composite type (`CREATE TYPE name AS (attribute type, ...)`).
 * `model.ts` re-exports it.
 */

/** One attribute of a composite type, in its place in the type. */
export interface CompositeAttributeModel {
  name: string;
  /** Canonical like a column type (`format_type()` with an empty search path). */
  type: string;
  /** A collation other than the type's own, as a `COLLATE` clause names it (`"C"`); absent otherwise. */
  collation?: string;
}

export interface CompositeTypeModel {
  schema: string;
  name: string;
  /** In their order in the type, which is the order of a row value's fields. */
  attributes: CompositeAttributeModel[];
}
