import type { RangeOperationKind } from '../ops/objects/range-operations.js';
import type { Operation, OperationOf } from '../ops/operation.js';
import type { RangeTypeModel } from '../schema/model.js';
import type { NameMapper } from './name-mapper.js';

/**
 * The name walk of `map-model-names.ts` and `map-operation-names.ts` over
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

export function mapRangeOperation(op: OperationOf<RangeOperationKind>, map: NameMapper): Operation {
  if (op.kind === 'createRangeType') return { ...op, range: mapRange(op.range, map) };
  return { ...op, schema: map.schema(op.schema), ...(op.removed ? { removed: mapRange(op.removed, map) } : {}) };
}
