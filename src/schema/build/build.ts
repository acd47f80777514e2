import { setImmediate } from 'node:timers/promises';
import { qualifiedKey, type EnumModel, type SchemaModel, type TableModel } from '../model.js';
import { withObjects } from './build-objects.js';
import { renameHints } from './rename-hints.js';
import type { RenameHint } from '../renames.js';
import { chooseName, MAX_IDENTIFIER_BYTES } from '../naming.js';
import { utf8Length } from '../../util/strings.js';
import { invalidModel } from '../dsl/invalid-model.js';
import type { Metadata } from '../dsl/metadata.js';
import type { AnyTable } from '../dsl/tables/table.js';
import { draftTable, tableWhere, type PendingName, type TableDraft } from '../dsl/tables/table-draft.js';

/**
 * The declared side of a comparison: the metadata of a models.ts as a
 * normalized SchemaModel. Deterministic: tables and enums sorted by schema and
 * name, constraints and indexes by name, columns in declaration order.
 */
export function buildSchemaModel(metadata: Metadata): SchemaModel {
  const steps = buildSteps(metadata);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** How long the build runs before it gives way to the event loop, in milliseconds. */
const SLICE_MS = 10;

/**
 * `buildSchemaModel`, giving way to the event loop every few milliseconds:
 * a model of thousands of tables takes most of a second to build, and a
 * command reading the database meanwhile has rows to take off the connection
 * (the server waits while they are not read) and its next statement to send.
 * The slice's length is a parameter for tests.
 */
export async function buildSchemaModelInSlices(metadata: Metadata, sliceMs = SLICE_MS): Promise<SchemaModel> {
  const steps = buildSteps(metadata);
  let since = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    if (performance.now() - since < sliceMs) continue;
    await setImmediate();
    since = performance.now();
  }
}

/** The build, with a pause point after each table and between its phases. */
function* buildSteps(metadata: Metadata): Generator<void, SchemaModel> {
  validateTables(metadata.tables);
  const enums = buildEnums(metadata);
  const drafts: TableDraft[] = [];
  for (const table of metadata.tables) {
    drafts.push(draftTable(table, { tables: metadata.tables, namingConvention: metadata.namingConvention }));
    yield;
  }
  validateEnumsUsed(metadata);
  yield;
  assignNames(drafts);
  yield;
  const tables = drafts.map((draft) => sortTableParts(namedTable(draft))).sort(bySchemaAndName);
  validateIndexNames(tables);
  validateReplicaIdentities(tables);
  validateClusterIndexes(tables);
  yield;
  const model = withObjects(metadata, { schemas: collectSchemas(metadata), enums, tables });
  yield;
  const renames = [...renameHints(metadata), ...drafts.flatMap(namedPartHints)];
  return renames.length === 0 ? model : { ...model, renames };
}

/** The `renamedFrom` of a table's indexes, keys and policies, with the names they were given. */
function namedPartHints({ model, names }: TableDraft): RenameHint[] {
  const where = { schema: model.schema, table: model.name };
  const hints: RenameHint[] = names.flatMap((entry) =>
    entry.renamedFrom === undefined || entry.final === undefined
      ? []
      : [
          {
            kind: entry.space === 'relation' ? 'index' : 'constraint',
            ...where,
            from: entry.renamedFrom,
            to: entry.final,
          },
        ],
  );
  return hints;
}

/** The tables by `qualifiedKey`, the first of each. */
function firstByKey(tables: readonly TableModel[]): Map<string, TableModel> {
  const byKey = new Map<string, TableModel>();
  for (const t of tables) if (!byKey.has(qualifiedKey(t.schema, t.name))) byKey.set(qualifiedKey(t.schema, t.name), t);
  return byKey;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function bySchemaAndName(a: { schema: string; name: string }, b: { schema: string; name: string }): number {
  return compare(a.schema, b.schema) || compare(a.name, b.name);
}

function byName(a: { name: string }, b: { name: string }): number {
  return compare(a.name, b.name);
}

function checkIdentifier(where: string, name: string): void {
  if (name.length === 0) throw invalidModel(where, 'a name is empty');
  if (utf8Length(name) > MAX_IDENTIFIER_BYTES) {
    throw invalidModel(
      where,
      `name "${name}" is longer than ${MAX_IDENTIFIER_BYTES} bytes; Postgres would truncate it, so shorten it`,
    );
  }
}

function validateTables(tables: readonly AnyTable[]): void {
  const seen = new Set<string>();
  for (const table of tables) {
    const where = tableWhere(table);
    checkIdentifier(where, table.name);
    checkIdentifier(where, table.schema);
    for (const column of Object.keys(table.columns)) checkIdentifier(`${where}, column ${column}`, column);
    const key = qualifiedKey(table.schema, table.name);
    if (seen.has(key))
      throw invalidModel(where, 'is declared twice; give each metadata.table() a distinct name or schema');
    seen.add(key);
  }
}

/**
 * Each `indexNames` and `indexStorage` entry of a partition must name an index
 * of its parent (one the parent declares, unless it is a partition itself).
 */
function validateIndexNames(tables: readonly TableModel[]): void {
  let byKey: Map<string, TableModel> | undefined;
  for (const table of tables) {
    const parentOf = table.partitionOf;
    if (parentOf === undefined || (table.indexNames === undefined && table.indexStorage === undefined)) continue;
    byKey ??= firstByKey(tables);
    const parent = byKey.get(qualifiedKey(parentOf.schema, parentOf.table));
    for (const entry of table.indexNames ?? []) checkIdentifier(tableWhere(table), entry.name);
    const entries = [
      ...(table.indexNames ?? []).map((entry) => ['indexNames', entry.parentIndex] as const),
      ...(table.indexStorage ?? []).map((entry) => ['indexStorage', entry.parentIndex] as const),
    ];
    for (const [option, parentIndex] of entries) {
      if (parent === undefined || parent.partitionOf !== undefined) continue;
      if (parent.indexes.some((index) => index.name === parentIndex)) continue;
      const names = parent.indexes.map((index) => index.name).join(', ') || 'none';
      throw invalidModel(
        tableWhere(table),
        `${option}: the parent has no index "${parentIndex}" (its indexes: ${names})`,
      );
    }
  }
}

/**
 * A replica identity `{ index }` names a unique index or key of its table
 * (a partition's may be an index its parent's made, which the model leaves to the parent).
 */
function validateReplicaIdentities(tables: readonly TableModel[]): void {
  for (const table of tables) {
    const identity = table.replicaIdentity;
    if (identity === undefined || typeof identity === 'string' || table.partitionOf !== undefined) continue;
    const names = [
      ...(table.primaryKey === null ? [] : [table.primaryKey.name]),
      ...table.uniques.map((u) => u.name),
      ...table.indexes.filter((i) => i.unique).map((i) => i.name),
    ];
    if (names.includes(identity.index)) continue;
    throw invalidModel(
      tableWhere(table),
      `replicaIdentity: the table has no unique index "${identity.index}" (its unique indexes and keys: ${names.join(', ') || 'none'})`,
    );
  }
}

/**
 * `clusterOn` names an index or key of its table (a partition's may be an
 * index its parent's made, which the model leaves to the parent); a
 * partitioned table has none (Postgres clusters partitions one by one).
 */
function validateClusterIndexes(tables: readonly TableModel[]): void {
  for (const table of tables) {
    const index = table.clusterOn;
    if (index === undefined || table.partitionOf !== undefined) continue;
    if (table.partitionBy !== undefined)
      throw invalidModel(tableWhere(table), 'clusterOn: a partitioned table has none; set it on its partitions');
    const names = [
      ...(table.primaryKey === null ? [] : [table.primaryKey.name]),
      ...table.uniques.map((u) => u.name),
      ...(table.exclusions ?? []).map((x) => x.name),
      ...table.indexes.map((i) => i.name),
    ];
    if (names.includes(index)) continue;
    throw invalidModel(
      tableWhere(table),
      `clusterOn: the table has no index or key "${index}" (its indexes and keys: ${names.join(', ') || 'none'})`,
    );
  }
}

function buildEnums(metadata: Metadata): EnumModel[] {
  const seen = new Set<string>();
  const enums = metadata.enums.map((e) => {
    const where = `enum ${e.schema}.${e.name}`;
    checkIdentifier(where, e.name);
    const key = qualifiedKey(e.schema, e.name);
    if (seen.has(key))
      throw invalidModel(where, 'is declared twice; give each metadata.enum() a distinct name or schema');
    seen.add(key);
    const duplicate = e.values.find((value, i) => e.values.indexOf(value) !== i);
    if (duplicate !== undefined) throw invalidModel(where, `value '${duplicate}' appears twice`);
    return { schema: e.schema, name: e.name, values: [...e.values] };
  });
  return enums.sort(bySchemaAndName);
}

function validateEnumsUsed(metadata: Metadata): void {
  for (const table of metadata.tables) {
    for (const column of Object.values(table.columns)) {
      const type = column.builder.spec.type;
      if (type.kind === 'enum' && !metadata.enums.some((e) => e === type.enum)) {
        throw invalidModel(
          `${tableWhere(table)}, column ${column.name}`,
          `enum ${type.enum.name} is not declared in this metadata; create it with metadata.enum()`,
        );
      }
    }
  }
}

function collectSchemas(metadata: Metadata): string[] {
  const schemas = new Set<string>(metadata.schemas);
  for (const table of metadata.tables) schemas.add(table.schema);
  for (const e of metadata.enums) schemas.add(e.schema);
  schemas.delete('public');
  return [...schemas].sort(compare);
}

/** The table with the names settled in place of the empty ones its keys, checks and indexes were drafted with. */
function namedTable({ model, names }: TableDraft): TableModel {
  const finals = new Map(names.map((entry) => [entry.of, entry.final]));
  const named = <T extends { readonly name: string }>(object: T): T => {
    const name = finals.get(object);
    return name === undefined ? object : { ...object, name };
  };
  return {
    ...model,
    primaryKey: model.primaryKey === null ? null : named(model.primaryKey),
    foreignKeys: model.foreignKeys.map(named),
    uniques: model.uniques.map(named),
    checks: model.checks.map(named),
    indexes: model.indexes.map(named),
    ...(model.exclusions === undefined ? {} : { exclusions: model.exclusions.map(named) }),
  };
}

function sortTableParts(table: TableModel): TableModel {
  return {
    ...table,
    foreignKeys: [...table.foreignKeys].sort(byName),
    uniques: [...table.uniques].sort(byName),
    checks: [...table.checks].sort(byName),
    indexes: [...table.indexes].sort(byName),
  };
}

/** Names taken in one schema: relations (tables, indexes) and constraints. */
interface SchemaNames {
  relations: Set<string>;
  constraints: Set<string>;
}

function isTaken(names: SchemaNames, space: PendingName['space'], name: string): boolean {
  if (space === 'relation') return names.relations.has(name);
  if (space === 'constraint') return names.constraints.has(name);
  return names.relations.has(name) || names.constraints.has(name);
}

function take(names: SchemaNames, space: PendingName['space'], name: string): void {
  if (space !== 'constraint') names.relations.add(name);
  if (space !== 'relation') names.constraints.add(name);
}

/**
 * Fixed names (explicit or from the convention) are taken first; then each
 * unnamed object gets the name Postgres would choose, avoiding every name
 * already taken in its schema.
 */
function assignNames(drafts: TableDraft[]): void {
  const bySchema = new Map<string, SchemaNames>();
  const schemaNames = (schema: string): SchemaNames => {
    let names = bySchema.get(schema);
    if (names === undefined) {
      names = { relations: new Set(), constraints: new Set() };
      bySchema.set(schema, names);
    }
    return names;
  };
  for (const draft of drafts) schemaNames(draft.model.schema).relations.add(draft.model.name);
  for (const draft of drafts) takeFixedNames(draft, schemaNames(draft.model.schema));
  const ordered = [...drafts].sort((a, b) => bySchemaAndName(a.model, b.model));
  for (const draft of ordered) {
    const names = schemaNames(draft.model.schema);
    for (const entry of draft.names) {
      if (entry.fixed !== null) continue;
      const name = chooseName(entry.parts, (candidate) => isTaken(names, entry.space, candidate));
      take(names, entry.space, name);
      entry.final = name;
    }
  }
}

function takeFixedNames(draft: TableDraft, names: SchemaNames): void {
  const onTable = new Set<string>();
  for (const entry of draft.names) {
    if (entry.fixed === null) continue;
    const name = entry.fixed;
    if (entry.space !== 'constraint' && names.relations.has(name)) {
      throw invalidModel(
        tableWhere(draft.model),
        `name "${name}" is already used by another table, index or key in schema ${draft.model.schema}; choose another`,
      );
    }
    if (entry.space !== 'relation' && onTable.has(name)) {
      throw invalidModel(
        tableWhere(draft.model),
        `constraint name "${name}" is used twice on this table; choose another`,
      );
    }
    if (entry.space !== 'relation') onTable.add(name);
    take(names, entry.space, name);
    entry.final = name;
  }
}
