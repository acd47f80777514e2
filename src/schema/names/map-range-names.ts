import type { RangeTypeModel } from '../model.js';
import type { NameMapper } from './name-mapper.js';

/**
 * The name walk of `map-model-names.ts` and the operations' name mappers over
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
