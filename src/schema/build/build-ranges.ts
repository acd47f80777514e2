import { collationSql } from '../collation.js';
import type { RangeType } from '../dsl/objects/range.js';
import { invalidModel } from '../dsl/invalid-model.js';
import type { RangeTypeModel } from '../model.js';
import { normalizeTypeName } from '../types.js';

/**
 * A declared range type as the model holds it before the server has read it:
 * the subtype normalized as a column type, the collation as a `COLLATE`
 * clause names it, the rest as written (canonicalization reads them back).
 */
export function rangeModel(def: RangeType): RangeTypeModel {
  const where = `range type ${def.schema}.${def.name}`;
  const { subtype, subtypeOpclass, collation, canonical, subtypeDiff, multirange } = def.options;
  if (typeof subtype !== 'string' || subtype.trim() === '')
    throw invalidModel(where, "needs a subtype: metadata.rangeType(name, { subtype: 'integer' })");
  const text = (name: string, value: string | undefined): Partial<RangeTypeModel> => {
    if (value === undefined) return {};
    if (typeof value !== 'string' || value.trim() === '') throw invalidModel(where, `${name} must be a non-empty name`);
    return { [name]: value.trim() };
  };
  return {
    schema: def.schema,
    name: def.name,
    subtype: normalizeTypeName(subtype),
    ...text('subtypeOpclass', subtypeOpclass),
    ...(collation === undefined ? {} : { collation: collationSql(collation) }),
    ...text('canonical', canonical),
    ...text('subtypeDiff', subtypeDiff),
    ...text('multirange', multirange),
  };
}
