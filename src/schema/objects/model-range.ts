import type { NameMapper } from '../names/name-mapper.js';
import { PG14, type VersionNeed } from '../version-features.js';

/**
 * The model of a range type (`CREATE TYPE name AS RANGE (SUBTYPE = ...)`).
 * `model.ts` re-exports it.
 */
export interface RangeTypeModel {
  readonly schema: string;
  readonly name: string;
  /** The subtype, canonical like a column type (`format_type()` with an empty search path). */
  readonly subtype: string;
  /** `SUBTYPE_OPCLASS`, qualified (`public.my_ops`); absent for the subtype's default btree class. */
  readonly subtypeOpclass?: string;
  /** `COLLATION`, as a `COLLATE` clause names it (`"C"`); absent for the subtype's own. */
  readonly collation?: string;
  /** `CANONICAL`: the function's qualified name (`public.f`); absent when there is none. */
  readonly canonical?: string;
  /** `SUBTYPE_DIFF`: the function's qualified name (`public.f`, `pg_catalog.float8mi`); absent when there is none. */
  readonly subtypeDiff?: string;
  /**
   * `MULTIRANGE_TYPE_NAME` (PostgreSQL 14 and later), in the range's schema;
   * absent when Postgres' own name is kept (the range's name with `range`
   * made `multirange`, or `_multirange` added).
   */
  readonly multirange?: string;
}

/** What a range type needs of the server's version (`MODEL_KINDS`): a multirange's name came with PostgreSQL 14. */
export function rangeNeeds(range: RangeTypeModel): VersionNeed[] {
  if (range.multirange === undefined) return [];
  return [{ what: `range type ${range.schema}.${range.name} names its multirange type`, since: PG14 }];
}

/** The multirange type's name in the range's schema: the declared one, or the one Postgres makes up. */
export function multirangeTypeName(range: RangeTypeModel): string {
  if (range.multirange !== undefined) return range.multirange;
  const at = range.name.indexOf('range');
  return at < 0 ? `${range.name}_multirange` : `${range.name.slice(0, at)}multirange${range.name.slice(at + 5)}`;
}

/**
 * The name walk of the model (`MODEL_KINDS`) and the operations' name mappers over
 * range types: the schema, and the subtype, operator class, collation and
 * functions, which may name the schema (the multirange's name is the range's
 * schema's).
 */
export function mapRange(range: RangeTypeModel, map: NameMapper): RangeTypeModel {
  const text = (value: string | undefined): string | undefined => (value === undefined ? undefined : map.text(value));
  const mapped: RangeTypeModel = { ...range, schema: map.schema(range.schema), subtype: map.text(range.subtype) };
  const fields = ['subtypeOpclass', 'collation', 'canonical', 'subtypeDiff'] as const;
  return Object.assign(mapped, ...fields.flatMap((f) => (range[f] === undefined ? [] : [{ [f]: text(range[f]) }])));
}
