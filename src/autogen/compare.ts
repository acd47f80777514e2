import type { Operation } from '../ops/operation.js';
import type { SchemaModel } from '../schema/model.js';
import { compareEnums, unsupportedEnumChanges } from './compare-enums.js';
import { compareSchemas } from './compare-schemas.js';
import { compareTables, unsupportedTableChanges } from './compare-tables.js';
import { orderOperations } from './order.js';

/**
 * The operations that turn `current` (what the database has) into `target`
 * (what the model declares), in an order Postgres accepts. Both models must
 * be canonical; names, types and expressions compare as exact strings.
 * Empty when the models are equal. Pure and deterministic: the order of the
 * models' lists (other than columns and enum values) does not matter.
 *
 * Changes it cannot express yet are left out; `unsupportedChanges` names them.
 */
export function compareModels(current: SchemaModel, target: SchemaModel): Operation[] {
  return orderOperations({
    schemas: compareSchemas(current.schemas, target.schemas),
    enums: compareEnums(current.enums, target.enums),
    tables: compareTables(current.tables, target.tables),
  });
}

/**
 * One message per difference `compareModels` leaves out (enum values removed
 * or reordered, identity changes), e.g.
 * `enum public.mood: values removed or reordered (write this change by hand)`.
 */
export function unsupportedChanges(current: SchemaModel, target: SchemaModel): string[] {
  return [
    ...unsupportedEnumChanges(current.enums, target.enums),
    ...unsupportedTableChanges(current.tables, target.tables),
  ];
}
