import { diffModels } from '../../src/autogen/compare.js';
import { notNullNames } from '../../src/autogen/diff/compare-not-null-names.js';
import { partitionIndexNames } from '../../src/autogen/diff/compare-partition-indexes.js';
import type { Operation } from '../../src/ops/operation.js';
import type { SchemaModel, TableModel } from '../../src/schema/model.js';

/*
 * Shorthands for tests over the comparison's one entry point, `diffModels`,
 * and the two name comparisons it runs: each is the part of their result a
 * test looks at.
 */

/** The operations that turn `reflected` into `declared`. */
export function compareModels(reflected: SchemaModel, declared: SchemaModel): Operation[] {
  return diffModels(reflected, declared).operations;
}

/** One message per difference the operations leave out. */
export function unsupportedChanges(reflected: SchemaModel, declared: SchemaModel): string[] {
  return diffModels(reflected, declared).unsupported;
}

/** The NOT NULL constraint renames, before and after the other changes. */
export function notNullRenames(
  current: readonly TableModel[],
  target: readonly TableModel[],
): { early: Operation[]; late: Operation[] } {
  const { early, late } = notNullNames(current, target);
  return { early, late };
}

/** The NOT NULL constraint names the renames cannot reach, one sentence each. */
export function unsupportedNotNullNames(current: readonly TableModel[], target: readonly TableModel[]): string[] {
  return notNullNames(current, target).unsupported;
}

/** The renames of partitions' index names. */
export function partitionIndexRenames(current: readonly TableModel[], target: readonly TableModel[]): Operation[] {
  return partitionIndexNames(current, target).renames;
}

/** The partition index names the renames cannot reach. */
export function unsupportedIndexNameChanges(current: readonly TableModel[], target: readonly TableModel[]): string[] {
  return partitionIndexNames(current, target).unsupported;
}
