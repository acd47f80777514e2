import type { CompositeOperationKind } from '../ops/objects/composite-operations.js';
import type { Operation, OperationOf } from '../ops/operation.js';
import type { CompositeAttributeModel, CompositeTypeModel } from '../schema/model.js';
import { assertNever } from '../util/assert-never.js';
import type { NameMapper } from './name-mapper.js';

/**
 * The name walk of `map-model-names.ts` and `map-operation-names.ts` over
 * composite types: the schema, and each attribute's type and collation.
 */
export function mapComposite(composite: CompositeTypeModel, map: NameMapper): CompositeTypeModel {
  return {
    ...composite,
    schema: map.schema(composite.schema),
    attributes: composite.attributes.map((a) => mapAttribute(a, map)),
  };
}

function mapAttribute<T extends { type: string; collation?: string }>(attribute: T, map: NameMapper): T {
  const mapped: T = { ...attribute, type: map.text(attribute.type) };
  if (attribute.collation !== undefined) mapped.collation = map.text(attribute.collation);
  return mapped;
}

export function mapCompositeOperation(op: OperationOf<CompositeOperationKind>, map: NameMapper): Operation {
  switch (op.kind) {
    case 'createCompositeType':
      return { ...op, composite: mapComposite(op.composite, map) };
    case 'dropCompositeType':
      return {
        ...op,
        schema: map.schema(op.schema),
        ...(op.removed ? { removed: mapComposite(op.removed, map) } : {}),
      };
    case 'addCompositeAttribute':
      return {
        ...op,
        schema: map.schema(op.schema),
        attribute: mapAttribute<CompositeAttributeModel>(op.attribute, map),
      };
    case 'dropCompositeAttribute':
      return {
        ...op,
        schema: map.schema(op.schema),
        ...(op.removed ? { removed: mapAttribute<CompositeAttributeModel>(op.removed, map) } : {}),
      };
    case 'alterCompositeAttribute':
      return {
        ...op,
        schema: map.schema(op.schema),
        to: mapAttribute(op.to, map),
        ...(op.from ? { from: mapAttribute(op.from, map) } : {}),
      };
    default:
      return assertNever(op, 'operation kind');
  }
}
