import { compareText } from '../util/strings.js';
import type { EnumModel, PrivilegesSetting, PublicationModel, SchemaModel, TableModel } from '../schema/model.js';
import { qualifiedKey } from '../schema/model.js';
import {
  columnsSql,
  CONSTRAINTS_SQL,
  ENUMS_SQL,
  indexesSql,
  SCHEMAS_SQL,
  type ColumnRow,
  type ConstraintRow,
  type EnumRow,
  type IndexRow,
  type SchemaRow,
  TABLE_FIELDS,
} from './catalog/catalog-queries.js';
import type { Driver } from './connection/driver.js';
import { USES_SQL, type UseRow } from './catalog/catalog-uses.js';
import { dependenciesOf } from './reflect/reflect-dependencies.js';
import type { Dependency } from '../schema/object-id.js';
import { applyReadingSettings, restoreSettings } from './catalog/reading-settings.js';
import { POLICIES_SQL, type PolicyRow } from './catalog/catalog-queries.js';
import {
  addColumnOverrides,
  addIndexNames,
  addPolicies,
  isInheritedColumnRow,
  isPartitionRow,
  tableFeatures,
} from './reflect/reflect-table-features.js';
import { objectsRow, objectsSql, reflectObjects, type ReflectedTables } from './reflect/reflect-objects.js';
import type { ObjectsRow } from './catalog/catalog-objects-statement.js';
import { publicationsFromRows, publicationsSql, type PublicationRow } from './catalog/catalog-publications.js';
import { pipelineReads, type PipelineRead } from './connection/pipeline.js';
import { OBJECTS_PROBE_SQL, partsPresent } from './catalog/catalog-objects-statement.js';
import { columnFromRow, isPresentColumn } from './reflect/reflect-columns.js';
import { addConstraint, indexFromRow } from './reflect/reflect-constraints.js';
import type { ReadingTable } from './reflect/reading-table.js';

export interface ReflectOptions {
  /** Schemas to read; when omitted, every user schema (not pg_catalog, information_schema, pg_toast*, pg_temp*). */
  schemas?: string[];
  /** Tables to leave out, e.g. the version table. */
  exclude?: { schema: string; name: string }[];
  /**
   * Told when the catalog statements are under way (the session's settings
   * set, every statement handed to the connection, the schemas' answered),
   * for a caller with work of its own to do while the server reads its catalog.
   */
  started?: () => void;
  /**
   * Whether to read what uses the columns and routines (`SchemaModel.dependencies`),
   * true unless false: in the reading's pipeline, after the objects' statement.
   * `'apart'`: on a second connection, where the server works on it beside the
   * rest (a server's driver; PGlite's reads it in the pipeline), for a caller
   * outside any transaction, whose uncommitted changes that connection would
   * not see. A reading of scratch schemas, whose model is made canonical,
   * leaves it out, and a comparison reads it apart when it needs it
   * (`reflectDependencies`).
   */
  dependencies?: boolean | 'apart';
  /** Which privileges to read (`SchemaModel.grants`); none when absent. */
  privileges?: PrivilegesSetting;
  /** Whether to read the owners (`SchemaModel.owners`); not when absent. */
  owners?: boolean;
}

/**
 * Reads a live database into the normalized model with a fixed number of
 * batched catalog queries, however many tables there are. The session runs
 * under `READING_SETTINGS` while reading (an empty search path, ISO dates,
 * ...), so that every type and expression comes out in canonical,
 * schema-qualified form whatever the session's own settings, which are
 * restored afterwards.
 */
export async function reflectSchema(driver: Driver, options: ReflectOptions = {}): Promise<SchemaModel> {
  return underReadingSettings(driver, (serverVersion) => readModel(driver, options, serverVersion));
}

/**
 * What uses the columns and routines of the database (`SchemaModel.dependencies`),
 * read on its own, with one statement: for a reading made without it, when
 * a comparison may need it.
 */
export async function reflectDependencies(
  driver: Driver,
  options: Pick<ReflectOptions, 'schemas' | 'exclude'> = {},
): Promise<Dependency[]> {
  return underReadingSettings(driver, () => readUses(driver, options));
}

/** The one statement of what uses what, its rows as dependencies; the session under `READING_SETTINGS` already. */
async function readUses(driver: Driver, options: Pick<ReflectOptions, 'schemas' | 'exclude'>): Promise<Dependency[]> {
  const { rows } = await driver.query<UseRow>(USES_SQL, [options.schemas ?? null]);
  return dependenciesOf(rows, options.exclude ?? []);
}

/** `read` with the session under `READING_SETTINGS`, restored afterwards. */
async function underReadingSettings<T>(driver: Driver, read: (serverVersion: number) => Promise<T>): Promise<T> {
  const saved = await applyReadingSettings(driver);
  let succeeded = false;
  try {
    const result = await read(saved.serverVersion);
    succeeded = true;
    return result;
  } finally {
    await restoreSettings(driver, saved).catch((error: unknown) => {
      // After a failed read inside a transaction the restore fails too; the
      // rollback restores the settings, and the first error is the useful one.
      if (succeeded) throw error;
    });
  }
}

/**
 * What uses what, read on a second connection under `READING_SETTINGS` (not
 * restored: the connection is closed after); on this one, after what it was
 * given, when no second one opens (a server at its connection limit, say).
 */
async function readUsesApart(driver: Driver, options: ReflectOptions): Promise<Dependency[]> {
  const other = await driver.connectAgain!().catch(() => undefined);
  if (other === undefined) return readUses(driver, options);
  try {
    await applyReadingSettings(other);
    return await readUses(other, options);
  } finally {
    await other.close().catch(() => undefined);
  }
}

/** From PostgreSQL 18 on, NOT NULL constraints have names. */
const NAMED_NOT_NULL = 180000;

async function readModel(driver: Driver, options: ReflectOptions, serverVersion: number): Promise<SchemaModel> {
  const params = [options.schemas ?? null];
  const exclude = options.exclude ?? [];
  // The probe says which kinds of objects the database may hold, so that the objects' statement is made of
  // those only; it answers at once, with the schemas. Then every other statement goes to the server in one
  // pipeline, the objects' and what uses what (unless read apart) included: the server goes from one to the
  // next without waiting for this process, which makes each answer's rows into the tables as they come in
  // (or loads the model meanwhile) and holds none of them after.
  const [schemas, probe] = pipelineReads<[readonly SchemaRow[], readonly unknown[]]>(driver, [
    { sql: SCHEMAS_SQL, params, read: (rows) => rows as readonly SchemaRow[] },
    { sql: OBJECTS_PROBE_SQL, params, read: (rows) => rows },
  ]);
  const dependencies = options.dependencies !== false;
  // On a connection of its own, what uses what is read from the start, beside the rest (1.2 s of the
  // server's time at 10,000 tables, the longest statement after the columns').
  const usesApart =
    options.dependencies === 'apart' && driver.connectAgain ? readUsesApart(driver, options) : undefined;
  usesApart?.catch(() => undefined);
  const objectsOptions = { privileges: options.privileges, owners: options.owners === true };
  const objectsStatement = objectsSql(objectsOptions, partsPresent(await probe));
  // Each statement's rows go into these tables, by oid, in the statements' order: the columns' first.
  const tables = new Map<string, ReadingTable>();
  const uses: PipelineRead<Dependency[]>[] =
    dependencies && usesApart === undefined
      ? [{ sql: USES_SQL, params, read: (rows) => dependenciesOf(rows as readonly UseRow[], exclude) }]
      : [];
  const [, , , enums, , publications, objects, used] = pipelineReads<
    [void, void, void, EnumModel[], void, PublicationModel[], ObjectsRow, ...Dependency[][]]
  >(driver, [
    {
      sql: columnsSql(serverVersion),
      params,
      read: (rows) => addTables(tables, rows as readonly ColumnRow[], exclude),
    },
    { sql: CONSTRAINTS_SQL, params, read: (rows) => addConstraints(tables, rows as readonly ConstraintRow[]) },
    { sql: indexesSql(serverVersion), params, read: (rows) => addIndexes(tables, rows as readonly IndexRow[]) },
    { sql: ENUMS_SQL, params, read: (rows) => (rows as readonly EnumRow[]).map(enumFromRow) },
    { sql: POLICIES_SQL, params, read: (rows) => addPolicies(tables, rows as readonly PolicyRow[]) },
    {
      sql: publicationsSql(serverVersion),
      params,
      read: (rows) => publicationsFromRows(rows as readonly PublicationRow[]),
    },
    { sql: objectsStatement, params, read: objectsRow },
    ...uses,
  ]);
  const schemaRows = await schemas;
  options.started?.();
  const model: ReflectedTables = {
    schemas: schemaRows
      .map((row) => row.name)
      .filter((name) => name !== 'public')
      .sort(compareText),
    enums: (await enums).sort((a, b) => compareText(a.schema, b.schema) || compareText(a.name, b.name)),
    tables: [...tables.values()]
      .map(sortTableParts)
      .sort((a, b) => compareText(a.schema, b.schema) || compareText(a.name, b.name)),
    ...(serverVersion >= NAMED_NOT_NULL ? { notNullNames: true } : {}),
    publications: await publications,
  };
  const reflected = reflectObjects(await objects, model, {
    exclude,
    ...(options.privileges === undefined ? {} : { privileges: options.privileges }),
    owners: options.owners === true,
  });
  return dependencies ? { ...reflected, dependencies: await (usesApart ?? used!) } : reflected;
}

/** The columns' rows made into `tables`, by oid, with the columns partitions override. */
function addTables(
  tables: Map<string, ReadingTable>,
  rows: readonly ColumnRow[],
  exclude: readonly { schema: string; name: string }[],
): void {
  const ordered = inColumnOrder(rows);
  buildTables(tables, ordered, exclude);
  addColumnOverrides([...tables.values()], ordered);
}

function addConstraints(tables: ReadonlyMap<string, ReadingTable>, rows: readonly ConstraintRow[]): void {
  for (const row of rows) {
    const table = tables.get(row.table_oid);
    if (table) addConstraint(table, row);
  }
}

/** The indexes of the tables (those of a partition attached to its parent's are named by `addIndexNames`). */
function addIndexes(tables: ReadonlyMap<string, ReadingTable>, rows: readonly IndexRow[]): void {
  for (const row of rows) {
    if (row.parent_index === null) tables.get(row.table_oid)?.indexes.push(indexFromRow(row));
  }
  addIndexNames(tables, rows);
}

/**
 * The columns statement's rows in order: by table oid, a table's columns by
 * position, each with its table's fields (`TABLE_FIELDS`), which the
 * statement sends on the first only. The statement leaves them unordered:
 * sorting every column row there took the server longer (185 ms of its
 * 1.3 s at 10,000 tables) than this grouping does here, where a table's rows
 * mostly come in order already.
 */
export function inColumnOrder(rows: readonly ColumnRow[]): ColumnRow[] {
  const byTable = new Map<string, ColumnRow[]>();
  for (const row of rows) {
    const own = byTable.get(row.table_oid);
    if (own === undefined) byTable.set(row.table_oid, [row]);
    else own.push(row);
  }
  const oids = [...byTable.keys()].sort((a, b) => Number(a) - Number(b));
  return oids.flatMap((oid) => {
    const own = byTable.get(oid)!.sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
    const table = Object.fromEntries(TABLE_FIELDS.map((field) => [field, own[0]![field]]));
    for (let i = 1; i < own.length; i++) Object.assign(own[i]!, table);
    return own;
  });
}

/** Tables by oid into `tables`, with their columns in attnum order (`inColumnOrder`). */
function buildTables(
  tables: Map<string, ReadingTable>,
  rows: readonly ColumnRow[],
  exclude: readonly { schema: string; name: string }[],
): void {
  const excluded = new Set(exclude.map((table) => qualifiedKey(table.schema, table.name)));
  for (const row of rows) {
    if (excluded.has(qualifiedKey(row.schema, row.table_name))) continue;
    let table = tables.get(row.table_oid);
    if (!table) {
      table = { ...emptyTable(row.schema, row.table_name), ...tableFeatures(row) };
      tables.set(row.table_oid, table);
    }
    if (isPresentColumn(row) && !isPartitionRow(row) && !isInheritedColumnRow(row))
      table.columns.push(columnFromRow(row));
  }
}

function emptyTable(schema: string, name: string): ReadingTable {
  return { schema, name, columns: [], primaryKey: null, foreignKeys: [], uniques: [], checks: [], indexes: [] };
}

function enumFromRow(row: EnumRow): EnumModel {
  return { schema: row.schema, name: row.name, values: row.labels };
}

/** The table assembled: its constraints and indexes sorted by name. */
function sortTableParts(table: ReadingTable): TableModel {
  const byName = (a: { name: string }, b: { name: string }): number => compareText(a.name, b.name);
  table.foreignKeys.sort(byName);
  table.uniques.sort(byName);
  table.checks.sort(byName);
  table.indexes.sort(byName);
  table.exclusions?.sort(byName);
  return table;
}
