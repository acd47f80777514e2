import type { Operation } from '../ops/operation.js';
import type { SchemaModel } from '../schema/model.js';
import { modelIndex } from '../schema/model-index.js';
import { compareEnums, unsupportedEnumChanges } from './diff/compare-enums.js';
import { compareSchemas } from './diff/compare-schemas.js';
import { compareTables, unsupportedTableChanges } from './diff/compare-tables.js';
import { rewrittenBefore, scheduleRevision } from './order/schedule.js';
import { withRetypedColumnDependents } from './dependents/retyped-column-dependents.js';
import { withRoutineDependents } from './dependents/routine-dependents.js';
import { commentSteps } from './diff/objects/compare-comments.js';
import { allObjectSteps } from './diff/objects/object-steps.js';
import { compareObjects, unsupportedObjectChanges } from './diff/objects/compare-objects.js';
import {
  replacedDefaults,
  originalRemoved,
  withoutReplacedDefaults,
  withRenamedValues,
} from './plan/compare-enum-columns.js';
import { partitionRestoreSteps } from './plan/partition-restore-steps.js';
import { restoredSerialDefaults } from './plan/serial-defaults.js';
import { withSerialsSpelledOut } from './plan/serial-spelled-out.js';
import { textCastTest, withTextCasts } from './plan/text-casts.js';
import { withEnumDependents } from './plan/compare-enum-dependents.js';
import { partitionIndexRenames, unsupportedIndexNameChanges } from './diff/compare-partition-indexes.js';
import {
  notNullRenames,
  partitionNotNullKeeps,
  unsupportedNotNullNames,
  withPartitionNotNullKept,
} from './diff/compare-not-null-names.js';
import { tablesForComparison } from './plan/compare-partitions.js';
import { partitionDepths } from './order/partition-depths.js';
import { compareTableFeatures } from './diff/compare-table-features.js';
import { findRebuilds, keyOf, withTextColumns } from './plan/compare-rebuilds.js';
import {
  rowCopyPlacements,
  withRebuiltDependents,
  withRebuiltTables,
  withRowsKeptIn,
} from './plan/compare-rebuild-steps.js';

/**
 * The operations that turn `current` (what the database has) into `target`
 * (what the model declares), in an order Postgres accepts. Both models must
 * be canonical; names, types and expressions compare as exact strings.
 * Empty when the models are equal. Pure and deterministic: the order of the
 * models' lists (other than columns and enum values) does not matter.
 *
 * Changes it cannot express yet are left out; `unsupportedChanges` names them.
 */
export function compareModels(reflected: SchemaModel, declared: SchemaModel): Operation[] {
  // A serial column that lost its default gets it back first; its sequence stays.
  const { current: restored, operations: serialDefaults } = restoredSerialDefaults(reflected, declared);
  // A column serial on one side only, its sequence on both: the sequence's owner or options change.
  const { current: original, target } = withSerialsSpelledOut(restored, declared);
  // Tables whose partitioning changes are dropped and created, their rows kept aside: enums leave them alone.
  const rebuilds = findRebuilds(original.tables, target.tables);
  const notRebuilt = (tables: SchemaModel['tables']): SchemaModel['tables'] =>
    tables.filter((t) => !rebuilds.dropped.has(keyOf(t)));
  const enumTables = { current: notRebuilt(original.tables), target: notRebuilt(target.tables) };
  const enums = compareEnums(original.enums, target.enums, { ...enumTables, models: { current: original, target } });
  // Renamed enum values follow in every default and expression by themselves.
  const current = withRenamedValues(original, enums.renameValues ?? []);
  const currentTables = current.tables;
  const compared = tablesForComparison(currentTables, target.tables);
  const kept = {
    keptCurrent: compared.current.filter((t) => !rebuilds.dropped.has(keyOf(t))),
    keptTarget: compared.target.filter((t) => !rebuilds.created.has(keyOf(t))),
  };
  // PostgreSQL 18: a partition's own NOT NULL constraint outlives its parent's DROP NOT NULL.
  const comparison = compareTables(kept.keptCurrent, kept.keptTarget, modelIndex(current));
  const compared18 =
    reflected.notNullNames === true ? withPartitionNotNullKept(comparison, currentTables, target.tables) : comparison;
  const tables = withRebuiltTables(compared18, rebuilds, {
    current: currentTables,
    target: target.tables,
    ...kept,
  });
  const features = compareTableFeatures(currentTables, target.tables, new Set(rebuilds.dropped.keys()));
  const objects = withRebuiltDependents(compareObjects(current, target, tables), rebuilds, current, target);
  // What uses a retyped column, or calls a routine dropped before the tables change, is dropped before and created again after.
  const sides = { tables: { current: kept.keptCurrent, target: kept.keptTarget }, current, target };
  const recreated = withRoutineDependents(withRetypedColumnDependents({ tables, features, objects }, sides), sides);
  // What uses an enum being replaced is dropped before and created again after.
  const around = withEnumDependents(
    recreated,
    enums.replace ?? [],
    {
      tables: { current: kept.keptCurrent, target: kept.keptTarget },
      current: { ...current, tables: currentTables },
      target,
    },
    enums.addValues,
  );
  // Rows of rebuilt tables are stashed right before their drops and restored right after their creation.
  const replaced = [...around.replace, ...allObjectSteps(around.objects)];
  const copies = withTextColumns(rebuilds, replaced, textCastTest(current, target));
  const scheduled = scheduleRevision({
    serialDefaults,
    comments: (ops) => commentSteps(current, target, ops),
    features: around.features,
    plan: {
      schemas: compareSchemas(current.schemas, target.schemas),
      enums: { ...enums, replace: around.replace },
      tables: { ...around.tables, changes: withoutReplacedDefaults(around.tables.changes, around.replace) },
      objects: around.objects,
      partitionDepths: partitionDepths(currentTables, target.tables),
      partitionRestores: [
        ...partitionRestoreSteps(
          notRebuilt(currentTables),
          notRebuilt(target.tables),
          replacedDefaults(around.replace),
        ),
        ...(reflected.notNullNames === true
          ? partitionNotNullKeeps(notRebuilt(currentTables), notRebuilt(target.tables))
          : []),
      ],
      indexRenames: partitionIndexRenames(notRebuilt(currentTables), notRebuilt(target.tables)),
      ...(reflected.notNullNames === true
        ? { notNullRenames: notNullRenames(notRebuilt(currentTables), notRebuilt(target.tables)) }
        : {}),
    },
    placements: rowCopyPlacements(copies, currentTables, target.tables),
  });
  const operations = rewrittenBefore(
    withRowsKeptIn(scheduled, copies),
    (op) => op.kind === 'renameEnumValue',
    originalRemoved(enums.renameValues ?? []),
  );
  // Retypes between types Postgres has no cast for (an enum and another type) cast through text.
  return withTextCasts(operations, current, target);
}

/**
 * One message per difference `compareModels` leaves out (type changes to or
 * from serial, a domain's base type, ...).
 */
export function unsupportedChanges(reflected: SchemaModel, declared: SchemaModel): string[] {
  const { current, target } = withSerialsSpelledOut(restoredSerialDefaults(reflected, declared).current, declared);
  // A rebuilt table is created anew, whatever changes in its columns.
  const rebuilt = findRebuilds(current.tables, target.tables).dropped;
  const notRebuilt = (tables: SchemaModel['tables']): SchemaModel['tables'] =>
    tables.filter((t) => !rebuilt.has(keyOf(t)));
  return [
    ...unsupportedEnumChanges(current.enums, target.enums, {
      current: notRebuilt(current.tables),
      target: notRebuilt(target.tables),
      models: { current, target },
    }),
    ...unsupportedTableChanges(notRebuilt(current.tables), notRebuilt(target.tables)),
    ...unsupportedObjectChanges(current, target),
    ...unsupportedIndexNameChanges(notRebuilt(current.tables), notRebuilt(target.tables)),
    ...(reflected.notNullNames === true
      ? unsupportedNotNullNames(notRebuilt(current.tables), notRebuilt(target.tables))
      : []),
  ];
}
