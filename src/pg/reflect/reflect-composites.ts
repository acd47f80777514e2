import type { CompositeAttributeModel, CompositeTypeModel } from '../../schema/model.js';
import { compareQualified } from '../../schema/object-keys.js';
import type { CompositeRow } from '../catalog/catalog-composites.js';

/** The reflected composite types, sorted by schema and name; an attribute's collation only when it is not its type's own. */
export function compositesFromRows(rows: readonly CompositeRow[]): CompositeTypeModel[] {
  return rows
    .map((row) => ({
      schema: row.schema,
      name: row.name,
      attributes: row.attributes.map((a): CompositeAttributeModel =>
        a.collation === null ? { name: a.name, type: a.type } : { name: a.name, type: a.type, collation: a.collation },
      ),
    }))
    .sort(compareQualified);
}
