import { compareText } from '../util/strings.js';
import type { EnumModel, PrivilegesSetting, SchemaModel, TableModel } from '../schema/model.js';
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
import { publicationsFromRows, publicationsSql, type PublicationRow } from './catalog/catalog-publications.js';
import { pipelineAnswers } from './connection/pipeline.js';
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
   * in the statement of the objects besides tables; true unless false. A
   * reading of scratch schemas, whose model is made canonical, leaves it out,
   * and a comparison reads it apart when it needs it (`reflectDependencies`).
   */
  dependencies?: boolean;
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

/** From PostgreSQL 18 on, NOT NULL constraints have names. */
const NAMED_NOT_NULL = 180000;

async function readModel(driver: Driver, options: ReflectOptions, serverVersion: number): Promise<SchemaModel> {
  const params = [options.schemas ?? null];
  // Every statement goes to the server at once, in one pipeline: it goes from one to the next while this
  // process parses the answers before, and builds the tables before the objects' answer is in. The probe
  // says which kinds of objects the database may hold; the objects' statement, made of those only,
  // follows the pipeline as soon as the probe has answered (the driver runs requests in turn).
  const [schemas, probe, columns, constraints, indexes, enums, policies, publications] = pipelineAnswers(driver, [
    { sql: SCHEMAS_SQL, params },
    // Its answer comes at once, not with the rest at the end: the objects' statement is next in line,
    // before anything the caller asks of the connection meanwhile.
    { sql: OBJECTS_PROBE_SQL, params, flush: true },
    ...[
      columnsSql(serverVersion),
      CONSTRAINTS_SQL,
      indexesSql(serverVersion),
      ENUMS_SQL,
      POLICIES_SQL,
      publicationsSql(serverVersion),
    ].map((sql) => ({ sql, params })),
  ]);
  const objectsOptions = { privileges: options.privileges, owners: options.owners === true };
  const objects = probe!.then(
    async (rows) => (await driver.query(objectsSql(objectsOptions, partsPresent(rows)), params)).rows,
  );
  objects.catch(() => undefined);
  // What uses what, right behind the objects' statement (the driver runs requests in turn).
  const uses = options.dependencies === false ? undefined : probe!.then(() => readUses(driver, options));
  uses?.catch(() => undefined);
  const schemaRows = (await schemas!) as SchemaRow[];
  options.started?.();
  const columnRows = inColumnOrder((await columns!) as ColumnRow[]);
  const constraintRows = (await constraints!) as ConstraintRow[];
  const indexRows = (await indexes!) as IndexRow[];
  const enumRows = (await enums!) as EnumRow[];
  const policyRows = (await policies!) as PolicyRow[];

  const tables = buildTables(columnRows, options.exclude ?? []);
  for (const row of constraintRows) {
    const table = tables.get(row.table_oid);
    if (table) addConstraint(table, row);
  }
  for (const row of indexRows) {
    if (row.parent_index === null) tables.get(row.table_oid)?.indexes.push(indexFromRow(row));
  }
  addIndexNames(tables, indexRows);
  addPolicies(tables, policyRows);
  addColumnOverrides([...tables.values()], columnRows);
  const model: ReflectedTables = {
    schemas: schemaRows
      .map((row) => row.name)
      .filter((name) => name !== 'public')
      .sort(compareText),
    enums: enumRows.map(enumFromRow).sort((a, b) => compareText(a.schema, b.schema) || compareText(a.name, b.name)),
    tables: [...tables.values()]
      .map(sortTableParts)
      .sort((a, b) => compareText(a.schema, b.schema) || compareText(a.name, b.name)),
    ...(serverVersion >= NAMED_NOT_NULL ? { notNullNames: true } : {}),
    publications: publicationsFromRows((await publications!) as PublicationRow[]),
  };
  const reflected = reflectObjects(objectsRow(await objects), model, {
    exclude: options.exclude ?? [],
    ...(options.privileges === undefined ? {} : { privileges: options.privileges }),
    owners: options.owners === true,
  });
  return uses === undefined ? reflected : { ...reflected, dependencies: await uses };
}

/**
 * The columns statement's rows in order: by table oid, a table's columns by
 * position, each with its table's fields (`TABLE_FIELDS`), which the
 * statement sends on the first only. The statement leaves them unordered:
 * sorting every column row there took the server longer (185 ms of its
 * 1.3 s at 10,000 tables) than this grouping does here, where a table's rows
 * mostly come in order already.
 */
export function inColumnOrder(rows: ColumnRow[]): ColumnRow[] {
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

/** Tables by oid, with their columns in attnum order (`inColumnOrder`). */
function buildTables(rows: ColumnRow[], exclude: { schema: string; name: string }[]): Map<string, ReadingTable> {
  const excluded = new Set(exclude.map((table) => qualifiedKey(table.schema, table.name)));
  const tables = new Map<string, ReadingTable>();
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
  return tables;
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
