import { randomBytes } from 'node:crypto';
import type { Operation, OperationOf } from '../ops/operation.js';
import type { SchemaModel, TableModel } from '../schema/model.js';
import { qualifiedKey, withoutPolicies } from '../schema/model.js';
import { compileOperation } from '../pg/ddl/compile.js';
import type { Driver } from '../pg/connection/driver.js';
import { TX } from '../pg/locks/lock.js';
import { quoteIdents } from '../pg/quote.js';
import { createSchemas, runScript, serverLimits, shadowSearchPath } from '../pg/scratch/scratch.js';
import { reflectSchema } from '../pg/reflect.js';
import { createScratchModel, prepareScratchObjects } from './canonicalize-objects.js';
import { asResourceError, modelLoadError } from './canonical-errors.js';
import { restoreObjects } from './canonical-restore.js';
import { policyCreations } from './canonical-table-features.js';
import { inDependencyOrder, withDefaultsHeldBack } from '../ops/dependency-order.js';
import { fromScratch } from './scratch-names.js';
import { versionRefusal } from '../schema/version-features.js';
import { missingFeatures } from '../schema/model-kinds.js';
import { emptySchemaModel, objectSchemas } from '../schema/model-kinds.js';
import { selectForServer, sendEverything, type Selection } from './canonical-select.js';
import { lockBudget, planBatches } from './canonical-batches.js';
import { fromLive, mergeBatches } from './canonical-merge.js';
import { contextHash, storeInCache, tableKeys, takeFromCache, type CanonicalCache } from './canonical-cache.js';

/**
 * Canonicalizes a declared model through the server itself: inside
 * transactions that are always rolled back, the model is created in scratch
 * schemas and reflected back. Type spellings, default, check, index and
 * predicate expressions then read exactly as Postgres prints them, so that a
 * model and the database it describes compare equal. Nothing outside the
 * scratch schemas is touched, and nothing survives the rollback.
 *
 * With the live database's reflection (`live`), objects that already match
 * it take their live form and are not created (compare first:
 * canonical-select.ts); what is created goes in batches that keep the locks
 * held at once within a share of the server's lock table, which
 * `max_locks_per_transaction` sizes (canonical-batches.ts). With a `cache`
 * of earlier runs' canonical table forms, a sent table whose key (its JSON,
 * the model's other objects, the server) is there takes the cached form and
 * is not created; the forms of the tables created are stored
 * (canonical-cache.ts). A `chosen` selection overrides compare first: the
 * fixed point (canonical-fixpoint.ts) sends live objects that match
 * themselves, to read them as the server prints them once created again.
 */
export async function canonicalizeModel(
  driver: Driver,
  model: SchemaModel,
  live?: SchemaModel,
  cache?: CanonicalCache,
  chosen?: Selection,
): Promise<SchemaModel> {
  const originals = schemasOf(model);
  if (originals.length === 0) return structuredClone(model);
  const server = await serverLimits(driver);
  refuseMissingFeatures(server.version, model);
  const selection = chosen ?? (live === undefined ? sendEverything(model) : selectForServer(model, live));
  const context = {
    server: `${driver.kind} ${driver.engine ?? ''} ${server.version} ${server.versionText}`,
    searchPath: server.searchPath,
    schemas: originals,
    installed: live?.extensions ?? null,
  };
  // Only the tables sent need a key: the cache is read and written for those alone.
  const keys =
    cache === undefined || selection.sentTables.size === 0
      ? new Map<string, string>()
      : tableKeys(model, contextHash(model, context), selection.sentTables);
  const cached = cache === undefined ? new Map<string, TableModel>() : takeFromCache(model, selection, keys, cache);
  selection.objectsClean =
    selection.objectsMatch && selection.sentTables.size === 0 && selection.sentTriggers.size === 0;
  // Cached and composed forms stand where live forms would: merging takes a table not sent from here.
  const known = withTables(live ?? emptySchemaModel(), new Map([...cached, ...composedForms(model, selection)]));
  const batches = planBatches(model, selection, lockBudget(server.maxLocks, server.slots));
  if (batches.length === 0) return fromLive(model, known, originals);
  const quoted = await quoteIdents(driver, originals);
  const made: SchemaModel[] = [];
  for (const batch of batches) made.push(await createAndReflect(driver, batch.model, originals, quoted));
  const canonical = mergeBatches(model, known, selection, batches, made);
  if (cache !== undefined) storeInCache(canonical, selection.sentTables, keys, cache);
  return canonical;
}

/** The declared tables that are their own canonical forms (compare first, part by part), by key. */
function composedForms(model: SchemaModel, selection: Selection): Map<string, TableModel> {
  const forms = new Map<string, TableModel>();
  if (selection.composed.size === 0) return forms;
  for (const table of model.tables) {
    const key = qualifiedKey(table.schema, table.name);
    if (selection.composed.has(key)) forms.set(key, structuredClone(table));
  }
  return forms;
}

/** `live` with the given forms in place of (or besides) its tables of the same names. */
function withTables(live: SchemaModel, forms: ReadonlyMap<string, TableModel>): SchemaModel {
  if (forms.size === 0) return live;
  const rest = live.tables.filter((t) => !forms.has(qualifiedKey(t.schema, t.name)));
  return { ...live, tables: [...rest, ...forms.values()] };
}

/** One batch: created in scratch schemas in a transaction of its own, reflected, rolled back. */
async function createAndReflect(
  driver: Driver,
  model: SchemaModel,
  originals: string[],
  quoted: Map<string, string>,
): Promise<SchemaModel> {
  const tag = randomBytes(4).toString('hex');
  const scratch = originals.map((_, i) => `athanor_canon_${tag}_${i}`);
  const rename = new Map(originals.map((name, i) => [name, scratch[i]!]));
  await driver.exec(TX.begin);
  try {
    await createSchemas(driver, scratch);
    await shadowSearchPath(driver, rename);
    const objects = await prepareScratchObjects(driver, model, rename);
    const apply = (ops: readonly Operation[]): Promise<void> => applyAllForCanonical(driver, ops);
    await createScratchModel(driver, objects, creationOps(objects.model), apply);
    // Policies once everything else is: their expressions may read any table, view or routine of the model.
    await apply(policyCreations(objects.model.tables));
    const reflected = await reflectSchema(driver, { schemas: scratch, dependencies: false });
    const back = new Map(scratch.map((s, i) => [s, originals[i]!]));
    return restoreObjects(
      reflected,
      model,
      objects,
      fromScratch(back, (name) => quoted.get(name)!),
    );
  } catch (error) {
    // A step outside the model's own statements (the schemas, the reading back) may find the server short too.
    throw asResourceError('a batch of its objects, created and read back', error);
  } finally {
    await driver.exec(TX.rollback).catch(() => undefined);
  }
}

/** A model feature the server lacks is refused before anything is created, naming the version it needs. */
function refuseMissingFeatures(version: number, model: SchemaModel): void {
  const missing = missingFeatures(model, version);
  if (missing.length === 0) return;
  throw versionRefusal('the model uses', version, missing, 'upgrade the server or leave the feature out of the model');
}

/**
 * The schemas the model's objects are in, each given a scratch copy. A
 * foreign key's referenced schema is not added: one the model has no table in
 * holds a table outside the model (`outsideTable()`), which the scratch
 * copies refer to where it is.
 */
function schemasOf(model: SchemaModel): string[] {
  return [...objectSchemas(model)].sort();
}

/**
 * Enums, then tables without foreign keys or policies, each after what it
 * uses (its parents, the sequences of other tables its defaults read:
 * `inDependencyOrder`; a default that closes a cycle set once its sequence
 * exists: `withDefaultsHeldBack`), then every foreign key. The policies come
 * after the whole model (`createAndReflect`).
 */
function creationOps(model: SchemaModel): Operation[] {
  const ops: Operation[] = model.enums.map((e) => ({ kind: 'createEnum', enum: e }));
  const tables = model.tables.map((table): OperationOf<'createTable'> => ({
    kind: 'createTable',
    table: { ...withoutPolicies(table), foreignKeys: [] },
  }));
  const { creations, defaults } = withDefaultsHeldBack(tables);
  ops.push(...inDependencyOrder([...creations, ...defaults]));
  for (const table of model.tables) {
    for (const fk of table.foreignKeys) {
      ops.push({
        kind: 'addConstraint',
        schema: table.schema,
        table: table.name,
        constraint: { type: 'foreignKey', ...fk },
      });
    }
  }
  return ops;
}

/**
 * The statements of `ops` as one script, in a savepoint: one round trip for
 * the whole lot. When it fails, it is rolled back and the operations run one
 * statement at a time, so that the error names the object at fault.
 */
async function applyAllForCanonical(driver: Driver, ops: readonly Operation[]): Promise<void> {
  const statements = ops.flatMap((op) => compileOperation(op));
  const scriptable = statements.every((s) => s.transactional && (s.params === undefined || s.params.length === 0));
  if (statements.length > 1 && scriptable && (await runScript(driver, statements))) return;
  for (const op of ops) await applyForCanonical(driver, op);
}

async function applyForCanonical(driver: Driver, op: Operation): Promise<void> {
  for (const statement of compileOperation(op)) {
    try {
      await driver.query(statement.sql, statement.params);
    } catch (error) {
      throw modelLoadError(createdObject(op), error);
    }
  }
}

/** What an operation of the tables' creation creates, for a refusal. */
function createdObject(op: Operation): string {
  switch (op.kind) {
    case 'createTable':
      return `table ${op.table.name}`;
    case 'createEnum':
      return `enum ${op.enum.name}`;
    case 'createPolicy':
      return `policy ${op.policy.name} on ${op.table}`;
    case 'createIndex':
      return `index ${op.index.name} on ${op.table}`;
    case 'addConstraint':
      return op.constraint.type === 'foreignKey' ? 'a foreign key' : `constraint ${op.constraint.name} on ${op.table}`;
    case 'alterColumn':
      return `the default of column ${op.column} of ${op.table}`;
    default:
      return 'a table';
  }
}
