import type { Operation } from '../../ops/operation.js';
import { qualifiedKey, type SchemaModel } from '../../schema/model.js';
import { tableIndex } from '../../schema/model-index.js';
import { placeText } from '../../util/strings.js';

/**
 * A step's place inside the object it changes, where the object's order is
 * part of it, as text that sorts as the place does; empty for any other
 * operation. A table's columns and a composite type's attributes are added
 * in the order the target declares them (each goes last), altered in that
 * order, and dropped last first, so that the downgrade adds them back in the
 * order the database had them. A partition's columns are its parent's.
 */
export type Place = (op: Operation) => string;

/** No places: the steps inside one object keep the order they come in. */
export const NO_PLACES: Place = () => '';

/** The models whose orders the places are read from. */
export type PlacedModel = Pick<SchemaModel, 'tables' | 'composites'>;

/** The places of the steps that change `current` into `target`. */
export function places(current: PlacedModel, target: PlacedModel): Place {
  const before = { columns: columnPositions(current), attributes: attributePositions(current) };
  const after = { columns: columnPositions(target), attributes: attributePositions(target) };
  const kept = (at: number | undefined): string => (at === undefined ? '' : placeText(at));
  const dropped = (at: number | undefined): string => (at === undefined ? '' : placeText(LAST - at));
  return (op) => {
    switch (op.kind) {
      case 'addColumn':
      case 'alterColumn': {
        const column = op.kind === 'addColumn' ? op.column.name : op.column;
        return kept(after.columns(op.schema, op.table, column) ?? before.columns(op.schema, op.table, column));
      }
      case 'dropColumn':
        return dropped(before.columns(op.schema, op.table, op.column));
      case 'addCompositeAttribute':
        return kept(after.attributes(op.schema, op.name, op.attribute.name));
      case 'alterCompositeAttribute':
        return kept(after.attributes(op.schema, op.name, op.attribute));
      case 'dropCompositeAttribute':
        return dropped(before.attributes(op.schema, op.name, op.attribute));
      default:
        return '';
    }
  };
}

/** The last place `placeText` writes in eight digits: a dropped step's place counts down from it. */
const LAST = 99_999_999;

type Positions = (schema: string, object: string, part: string) => number | undefined;

/** Each column's position in its table; the tables are indexed on first use. */
function columnPositions(model: PlacedModel): Positions {
  return lazily(() => {
    const index = tableIndex(model.tables);
    return model.tables.map((t) => [t.schema, t.name, index.effectiveColumns(t).map((c) => c.name)] as const);
  });
}

/** Each attribute's position in its composite type; the types are indexed on first use. */
function attributePositions(model: PlacedModel): Positions {
  return lazily(() => model.composites.map((c) => [c.schema, c.name, c.attributes.map((a) => a.name)] as const));
}

function lazily(objects: () => readonly (readonly [string, string, readonly string[]])[]): Positions {
  let byObject: Map<string, Map<string, number>> | undefined;
  return (schema, object, part) => {
    byObject ??= new Map(
      objects().map(([s, name, parts]) => [qualifiedKey(s, name), new Map(parts.map((p, i) => [p, i]))]),
    );
    return byObject.get(qualifiedKey(schema, object))?.get(part);
  };
}
