import type { ForeignColumnModel, ForeignDataWrapperModel, ForeignTableModel } from '../model.js';
import type { NameMapper } from './name-mapper.js';

/**
 * The name walk of `map-model-names.ts` and the operations' name mappers over
 * foreign data: a wrapper's handler and validator (text), a foreign table's
 * schema and its columns' types, collations and defaults. Servers and
 * wrappers belong to the database and keep their names; options are values.
 */
export function mapWrapper(wrapper: ForeignDataWrapperModel, map: NameMapper): ForeignDataWrapperModel {
  return {
    ...structuredClone(wrapper),
    ...(wrapper.handler !== undefined ? { handler: map.text(wrapper.handler) } : {}),
    ...(wrapper.validator !== undefined ? { validator: map.text(wrapper.validator) } : {}),
  };
}

export function mapForeignTable(table: ForeignTableModel, map: NameMapper): ForeignTableModel {
  return {
    ...structuredClone(table),
    schema: map.schema(table.schema),
    columns: table.columns.map((c) => mapForeignColumn(c, map)),
  };
}

function mapForeignColumn(column: ForeignColumnModel, map: NameMapper): ForeignColumnModel {
  return {
    ...structuredClone(column),
    type: map.text(column.type),
    ...(column.default !== undefined ? { default: map.text(column.default) } : {}),
    ...(column.collation !== undefined ? { collation: map.text(column.collation) } : {}),
  };
}
