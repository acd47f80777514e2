// @ts-check
import { canonicalizeModel } from '../../dist/canonical/canonicalize.js';
import { reflectSchema } from '../../dist/pg/reflect.js';
import { countingDriver } from './counting-driver.js';
import { changeModel, generateModel } from './generate-model.js';
import { heapAround, timeMedian, timeMedianBatched, timeOnce, warmUp } from './measure.js';
import { applyModel, resetPublicSchema } from './targets.js';

/**
 * @typedef {object} SizeResult
 * @property {number} tables
 * @property {number} loadMs time to create the schema with the DDL compiler (one run)
 * @property {number} reflectMs median reflection time
 * @property {number} reflectStatements statements one reflection sends
 * @property {number | null} compareEqualMs median comparison time of two equal models
 * @property {number | null} compareChangedMs median comparison time with ~5% of the tables changed
 * @property {number | null} equalOps operations the comparison of equal models produces (0 expected)
 * @property {number | null} changedOps operations that comparison produces
 * @property {number} changedTables tables changed for it
 * @property {number} canonicalizeMs median canonicalization time of the declared model
 * @property {number} canonicalizeStatements statements one canonicalization sends
 * @property {number | null} roundTripOps operations between the canonical declared model and the reflected one (0 expected)
 */

/**
 * @typedef {object} Compare
 * @property {(current: any, target: any) => unknown[]} compareModels
 */

/**
 * Measures one schema size on one target: loads the generated schema, then
 * times reflection, comparison and canonicalization.
 * @param {import('../../dist/pg/connection/driver.js').Driver} driver
 * @param {number} size
 * @param {{ runs: number, compare: Compare | null }} options
 * @returns {Promise<SizeResult>}
 */
export async function benchSize(driver, size, { runs, compare }) {
  const declared = generateModel(size);
  await resetPublicSchema(driver);
  const load = await timeOnce(() => applyModel(driver, declared));

  const counter = countingDriver(driver);
  const reflection = await timeMedian(runs, () => {
    counter.reset();
    return reflectSchema(counter);
  });
  const reflectStatements = counter.statements;
  const reflected = reflection.result;

  const canonical = await timeMedian(runs, () => {
    counter.reset();
    return canonicalizeModel(counter, declared);
  });
  const canonicalizeStatements = counter.statements;

  const comparison = compare ? benchCompare(compare, reflected, canonical.result, runs) : null;
  return {
    tables: size,
    loadMs: load.ms,
    reflectMs: reflection.ms,
    reflectStatements,
    compareEqualMs: comparison?.equalMs ?? null,
    compareChangedMs: comparison?.changedMs ?? null,
    equalOps: comparison?.equalOps ?? null,
    changedOps: comparison?.changedOps ?? null,
    changedTables: comparison?.changedTables ?? changeModel(reflected).changedTables,
    canonicalizeMs: canonical.ms,
    canonicalizeStatements,
    roundTripOps: comparison?.roundTripOps ?? null,
  };
}

/**
 * @param {Compare} compare
 * @param {import('../../dist/schema/model.js').SchemaModel} reflected
 * @param {import('../../dist/schema/model.js').SchemaModel} canonical
 * @param {number} runs
 */
function benchCompare({ compareModels }, reflected, canonical, runs) {
  const twin = structuredClone(reflected);
  const { model: changedModel, changedTables } = changeModel(reflected);
  const compareEqual = () => compareModels(reflected, twin);
  const compareChanged = () => compareModels(reflected, changedModel);
  // Both warmed up before either is timed, so neither pays for the other's compilation.
  warmUp(compareEqual);
  warmUp(compareChanged);
  const equal = timeMedianBatched(runs, compareEqual);
  const changed = timeMedianBatched(runs, compareChanged);
  return {
    equalMs: equal.ms,
    changedMs: changed.ms,
    changedOps: changed.result.length,
    changedTables,
    equalOps: equal.result.length,
    roundTripOps: compareModels(reflected, canonical).length,
  };
}

/**
 * Heap used by one reflection of the schema currently loaded.
 * @param {import('../../dist/pg/connection/driver.js').Driver} driver
 */
export async function benchReflectionHeap(driver) {
  const { allocatedBytes, retainedBytes } = await heapAround(() => reflectSchema(driver));
  return { allocatedBytes, retainedBytes };
}
