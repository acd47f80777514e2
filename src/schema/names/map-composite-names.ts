import type { CompositeTypeModel } from '../model.js';
import type { NameMapper } from './name-mapper.js';

/**
 * The name walk of `map-model-names.ts` and the operations' name mappers over
 * composite types: the schema, and each attribute's type and collation.
 */
export function mapComposite(composite: CompositeTypeModel, map: NameMapper): CompositeTypeModel {
  return {
    ...composite,
    schema: map.schema(composite.schema),
    attributes: composite.attributes.map((a) => mapAttribute(a, map)),
  };
}

/** An attribute (or its change) with its type and collation mapped. */
export function mapAttribute<T extends { type: string; collation?: string }>(attribute: T, map: NameMapper): T {
  const mapped: T = { ...attribute, type: map.text(attribute.type) };
  if (attribute.collation !== undefined) mapped.collation = map.text(attribute.collation);
  return mapped;
}
