import type { ForeignOperationKind } from '../ops/objects/foreign-operations.js';
import type { Operation, OperationOf } from '../ops/operation.js';
import type { ForeignColumnModel, ForeignDataWrapperModel, ForeignTableModel } from '../schema/model.js';
import { assertNever } from '../util/assert-never.js';
import type { NameMapper } from './name-mapper.js';

/**
 * The name walk of `map-model-names.ts` and `map-operation-names.ts` over
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

export function mapForeignOperation(op: OperationOf<ForeignOperationKind>, map: NameMapper): Operation {
  switch (op.kind) {
    case 'createForeignDataWrapper':
      return { ...op, wrapper: mapWrapper(op.wrapper, map) };
    case 'dropForeignDataWrapper':
      return { ...op, ...(op.removed ? { removed: mapWrapper(op.removed, map) } : {}) };
    case 'alterForeignDataWrapper':
      return { ...op, from: mapWrapper(op.from, map), to: mapWrapper(op.to, map) };
    case 'createForeignServer':
    case 'dropForeignServer':
    case 'alterForeignServer':
      return structuredClone(op);
    case 'createForeignTable':
      return { ...op, table: mapForeignTable(op.table, map) };
    case 'dropForeignTable':
      return {
        ...op,
        schema: map.schema(op.schema),
        ...(op.removed ? { removed: mapForeignTable(op.removed, map) } : {}),
      };
    case 'alterForeignTable':
      return {
        ...op,
        schema: map.schema(op.schema),
        from: mapForeignTable(op.from, map),
        to: mapForeignTable(op.to, map),
      };
    default:
      return assertNever(op, 'operation kind');
  }
}
