import type { Operation } from '../ops/operation.js';
import type { SchemaModel } from '../schema/model.js';
import { compareEnums, unsupportedEnumChanges } from './compare-enums.js';
import { compareSchemas } from './compare-schemas.js';
import { compareTables, unsupportedTableChanges } from './compare-tables.js';
import { orderOperations } from './order.js';
import { withCommentSteps } from './compare-comments.js';
import { compareObjects, unsupportedObjectChanges } from './compare-objects.js';
import { withOriginalRemoved, withoutReplacedDefaults, withRenamedValues } from './compare-enum-columns.js';
import { tablesForComparison } from './compare-partitions.js';
import { compareTableFeatures, unsupportedPartitionChanges } from './compare-table-features.js';

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
  const enums = compareEnums(current.enums, target.enums, { current: current.tables, target: target.tables });
  // Renamed enum values follow in every default and expression by themselves.
  const currentTables = withRenamedValues(current.tables, enums.renameValues ?? []);
  const compared = tablesForComparison(currentTables, target.tables);
  const tables = compareTables(compared.current, compared.target);
  const features = compareTableFeatures(currentTables, target.tables);
  const ordered = orderOperations({
    schemas: compareSchemas(current.schemas, target.schemas),
    enums,
    tables: { ...tables, changes: withoutReplacedDefaults(tables.changes, enums.replace ?? []) },
    objects: compareObjects(current, target, tables),
  });
  const operations = withOriginalRemoved([...features.before, ...ordered, ...features.after], enums.renameValues ?? []);
  return withCommentSteps(current, target, operations);
}

/**
 * One message per difference `compareModels` leaves out (a changed partition
 * key, type changes to or from serial), e.g. `table public.event: PARTITION BY
 * RANGE (at) -> PARTITION BY LIST (at) (Postgres cannot change a partition key; ...)`.
 */
export function unsupportedChanges(current: SchemaModel, target: SchemaModel): string[] {
  return [
    ...unsupportedEnumChanges(current.enums, target.enums),
    ...unsupportedTableChanges(current.tables, target.tables),
    ...unsupportedPartitionChanges(current.tables, target.tables),
    ...unsupportedObjectChanges(current, target),
  ];
}
