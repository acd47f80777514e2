import { collationSql } from '../collation.js';
import type { CompositeType } from '../dsl/objects/composite.js';
import { columnTypeName } from '../dsl/columns/column-model.js';
import { invalidModel } from '../dsl/invalid-model.js';
import type { ColumnSpec } from '../dsl/columns/column.js';
import type { CompositeAttributeModel, CompositeTypeModel } from '../model.js';
import { qualifiedKey } from '../model.js';
import { compareQualified } from '../object-keys.js';
import { normalizeTypeName } from '../types.js';

/**
 * The declared composite types as the model holds them, sorted by schema and
 * name; a type declared twice, or an attribute that says more than its type
 * and collation, is refused.
 */
export function compositeModels(composites: readonly CompositeType[]): CompositeTypeModel[] {
  const seen = new Set<string>();
  const models = composites.map((def) => {
    const key = qualifiedKey(def.schema, def.name);
    if (seen.has(key))
      throw invalidModel(
        `composite type ${def.schema}.${def.name}`,
        'is declared twice; declare each composite type once',
      );
    seen.add(key);
    return compositeModel(def);
  });
  return models.sort(compareQualified);
}

/** The parts of a column builder an attribute cannot have: a composite type has types and collations only. */
const COLUMN_ONLY: readonly [keyof ColumnSpec, string][] = [
  ['notNull', 'NOT NULL'],
  ['primaryKey', 'a primary key'],
  ['unique', 'a unique key'],
  ['default', 'a default'],
  ['references', 'a foreign key'],
  ['identity', 'an identity'],
  ['generated', 'a generated expression'],
  ['comment', 'a comment'],
  ['statistics', 'a statistics target'],
  ['options', 'attribute options'],
  ['storage', 'a storage setting'],
  ['compression', 'a compression method'],
  ['renamedFrom', 'a rename hint'],
];

function compositeModel(def: CompositeType): CompositeTypeModel {
  const where = `composite type ${def.schema}.${def.name}`;
  const attributes = Object.entries(def.attributes).map(([name, attribute]): CompositeAttributeModel => {
    if (typeof attribute === 'string') return { name, type: normalizeTypeName(attribute) };
    const { spec } = attribute;
    for (const [key, what] of COLUMN_ONLY) {
      const value = spec[key];
      if (value !== undefined && value !== null && value !== false) {
        throw invalidModel(`${where}, attribute ${name}`, `an attribute has a type and a collation only, not ${what}`);
      }
    }
    const model: CompositeAttributeModel = {
      name,
      type: columnTypeName(spec),
      ...(spec.collation !== undefined && spec.collation !== null ? { collation: collationSql(spec.collation) } : {}),
    };
    return model;
  });
  return { schema: def.schema, name: def.name, attributes };
}
