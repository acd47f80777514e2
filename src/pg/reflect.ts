import { compareText } from '../util/strings.js';
import type {
  ColumnModel,
  EnumModel,
  ExtensionModel,
  GrantModel,
  PrivilegesSetting,
  PublicationModel,
  SchemaModel,
  TableModel,
} from '../schema/model.js';
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
import { UseRows } from './reflect/reflect-dependencies.js';
import type { Dependency } from '../schema/object-id.js';
import { applyReadingSettings, MERGE_JOINS_OFF_SQL, restoreSettings } from './catalog/reading-settings.js';
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
import { EXTENSIONS_NAMED_SQL, type ExtensionRow } from './catalog/catalog-objects.js';
import { pipelineReads, type PipelineRead } from './connection/pipeline.js';
import { allGrantsFromRows, GRANTS_SQL, type GrantRow } from './catalog/catalog-grants.js';
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
   * A reading of scratch schemas, whose model is made canonical, leaves it
   * out, and a comparison reads it apart when it needs it (`reflectDependencies`).
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

/** Names of database-wide objects: publications and extensions. */
interface Names {
  publications: readonly string[];
  extensions: readonly string[];
}

/**
 * The publications and extensions of these names (a statement for each kind
 * asked for, none when none is): those a model declares that a reading of its
 * schemas left out, whatever a publication lists and wherever an extension is.
 */
export async function reflectNamed(
  driver: Driver,
  names: Names,
): Promise<{ publications: PublicationModel[]; extensions: ExtensionModel[] }> {
  if (names.publications.length === 0 && names.extensions.length === 0) return { publications: [], extensions: [] };
  return underReadingSettings(driver, async (serverVersion) => {
    const publications =
      names.publications.length === 0
        ? []
        : publicationsFromRows(
            (await driver.query<PublicationRow>(publicationsSql(serverVersion, true), [names.publications])).rows,
          );
    const extensions =
      names.extensions.length === 0
        ? []
        : (await driver.query<ExtensionRow>(EXTENSIONS_NAMED_SQL, [names.extensions])).rows.map(
            (row): ExtensionModel => ({ name: row.name, schema: row.schema }),
          );
    return { publications, extensions };
  });
}

/**
 * Every privilege granted on the objects of `schemas` (`privileges: 'all'`),
 * read on its own in one statement: for a comparison that reads the model
 * under another setting and keeps the privileges it leaves alone on what it
 * drops. `markerNamed` are those of a role the model cannot name
 * (`allGrantsFromRows`).
 */
export async function reflectGrants(
  driver: Driver,
  schemas: readonly string[] | null,
): Promise<{ grants: GrantModel[]; markerNamed: ReadonlySet<GrantModel> }> {
  return underReadingSettings(driver, async () => {
    const { rows } = await driver.query<GrantRow>(GRANTS_SQL, [schemas]);
    return allGrantsFromRows(rows);
  });
}

/**
 * What uses the columns and routines of the database (`SchemaModel.dependencies`),
 * read on its own, in one round trip: for a reading made without it, when
 * a comparison may need it. With `tables`, only what uses those tables'
 * columns and keys, and routines, operators and operator classes
 * (`SchemaModel.dependencyTables`).
 */
export async function reflectDependencies(
  driver: Driver,
  options: Pick<ReflectOptions, 'schemas' | 'exclude'> & { tables?: readonly { schema: string; name: string }[] } = {},
): Promise<Dependency[]> {
  return underReadingSettings(driver, () => {
    const [, uses] = pipelineReads<[void, Dependency[]]>(
      driver,
      usesStatements(options.schemas ?? null, options.exclude ?? [], options.tables),
    );
    return uses;
  });
}

/**
 * The statement of what uses what (of every table, or of `tables`), its rows
 * made into dependencies as they arrive, after merge joins are turned off for
 * it (`MERGE_JOINS_OFF_SQL`).
 */
function usesStatements(
  schemas: readonly string[] | null,
  exclude: readonly { schema: string; name: string }[],
  tables?: readonly { schema: string; name: string }[],
): [PipelineRead<void>, PipelineRead<Dependency[]>] {
  const uses = new UseRows(exclude);
  const params = [schemas, tables?.map((t) => t.schema) ?? null, tables?.map((t) => t.name) ?? null];
  return [
    { sql: MERGE_JOINS_OFF_SQL, read: () => undefined },
    { sql: USES_SQL, params, row: (row) => uses.add(row as unknown as UseRow), read: () => uses.finish() },
  ];
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

/** From PostgreSQL 17 on, a generated column's expression is set in place (`SET EXPRESSION`). */
const EXPRESSION_IN_PLACE = 170000;

async function readModel(driver: Driver, options: ReflectOptions, serverVersion: number): Promise<SchemaModel> {
  const params = [options.schemas ?? null];
  const exclude = options.exclude ?? [];
  // The probe says which kinds of objects the database may hold, so that the objects' statement is made of
  // those only; it answers at once, with the schemas. Then every other statement goes to the server in one
  // pipeline, the objects' and what uses what included: the server goes from one to the
  // next without waiting for this process, which makes each answer's rows into the tables as they come in
  // (or loads the model meanwhile) and holds none of them after.
  const [schemas, probe] = pipelineReads<[readonly SchemaRow[], readonly unknown[]]>(driver, [
    { sql: SCHEMAS_SQL, params, read: (rows) => rows as readonly SchemaRow[] },
    { sql: OBJECTS_PROBE_SQL, params, read: (rows) => rows },
  ]);
  const dependencies = options.dependencies !== false;
  const objectsOptions = { privileges: options.privileges, owners: options.owners === true };
  const objectsStatement = objectsSql(objectsOptions, partsPresent(await probe));
  // Each statement's rows go into these tables, by oid, in the statements' order: the columns' first.
  const tables = new Map<string, ReadingTable>();
  const columns = new ColumnRows();
  const indexes = new IndexRows(tables);
  const uses: PipelineRead<void | Dependency[]>[] = dependencies
    ? usesStatements(options.schemas ?? null, exclude)
    : [];
  const [, , , enums, , publications, objects, , used] = pipelineReads<
    [void, void, void, EnumModel[], void, PublicationModel[], ObjectsRow, ...(void | Dependency[])[]]
  >(driver, [
    {
      sql: columnsSql(serverVersion),
      params,
      row: (row) => columns.add(row as unknown as ColumnRow),
      read: () => columns.finish(tables, exclude),
    },
    {
      sql: CONSTRAINTS_SQL,
      params,
      row: (row) => addConstraintRow(tables, row as unknown as ConstraintRow),
      read: () => undefined,
    },
    {
      sql: indexesSql(serverVersion),
      params,
      row: (row) => indexes.add(row as unknown as IndexRow),
      read: () => indexes.finish(),
    },
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
    ...(serverVersion >= EXPRESSION_IN_PLACE ? { expressionsInPlace: true } : {}),
    publications: await publications,
  };
  const reflected = reflectObjects(await objects, model, {
    exclude,
    ...(options.privileges === undefined ? {} : { privileges: options.privileges }),
    owners: options.owners === true,
  });
  return dependencies ? { ...reflected, dependencies: (await used!) as Dependency[] } : reflected;
}

/**
 * The columns statement's rows made into tables as they arrive (`add`, the
 * statement's `row`), then gathered into `tables` by oid (`finish`). Each
 * row is made into its column at once and not kept, so it dies young (180,000
 * rows at 10,000 tables), except the rows of a partitioned table or a
 * partition, which `addColumnOverrides` compares. The statement leaves its
 * rows unordered and sends a table's own fields (`TABLE_FIELDS`) on one row
 * only (its first column's, or the row of a table without columns): a row
 * that comes before it waits for it; the columns are put in position order
 * at the end. Sorting every column row on the server took it longer (185 ms
 * of its 1.3 s at 10,000 tables) than this does here, where a table's rows
 * mostly come in order already.
 */
export class ColumnRows {
  private readonly byTable = new Map<string, ColumnsOfTable>();

  add(row: ColumnRow): void {
    let table = this.byTable.get(row.table_oid);
    if (table === undefined) this.byTable.set(row.table_oid, (table = { row: null, waiting: [], columns: [] }));
    if (row.schema !== null) {
      table.row = row;
      place(table, row);
      for (const waiting of table.waiting) place(table, waiting);
      table.waiting = [];
    } else if (table.row === null) table.waiting.push(row);
    else place(table, row);
  }

  /** The tables by oid into `tables`, in oid order, their columns in position order, the partitions' overrides set. */
  finish(tables: Map<string, ReadingTable>, exclude: readonly { schema: string; name: string }[]): void {
    const excluded = new Set(exclude.map((table) => qualifiedKey(table.schema, table.name)));
    const partitioned: ColumnRow[] = [];
    const oids = [...this.byTable.keys()].sort((a, b) => Number(a) - Number(b));
    for (const oid of oids) {
      const { row, columns } = this.byTable.get(oid)!;
      if (row === null) throw new Error(`the columns statement sent no row with the fields of table ${oid}`);
      if (excluded.has(qualifiedKey(row.schema, row.table_name))) continue;
      columns.sort((a, b) => a.position - b.position);
      tables.set(oid, {
        ...emptyTable(row.schema, row.table_name),
        ...tableFeatures(row),
        columns: columns.flatMap((c) => (c.column === null ? [] : [c.column])),
      });
      for (const c of columns) if (c.row !== undefined) partitioned.push(c.row);
    }
    this.byTable.clear();
    addColumnOverrides([...tables.values()], partitioned);
  }
}

/** A table's column rows while they arrive: the row with its fields, the rows that came before it, the columns made. */
interface ColumnsOfTable {
  row: ColumnRow | null;
  waiting: ColumnRow[];
  columns: { position: number; column: ColumnModel | null; row?: ColumnRow }[];
}

/** A row made into its table's column (none for a partition's or an inherited one), with its table's fields. */
function place(table: ColumnsOfTable, row: ColumnRow): void {
  const own = table.row!;
  if (row !== own) for (const field of TABLE_FIELDS) (row as unknown as Record<string, unknown>)[field] = own[field];
  if (!isPresentColumn(row)) return;
  const column = isPartitionRow(row) || isInheritedColumnRow(row) ? null : columnFromRow(row);
  // Partitions and their parents keep their rows: their columns' overrides are found from them at the end.
  const kept = row.partition_of !== null || row.partition_by !== null;
  table.columns.push({ position: row.position ?? 0, column, ...(kept ? { row } : {}) });
}

/** A constraint's row added to its table, if the table is read. */
function addConstraintRow(tables: ReadonlyMap<string, ReadingTable>, row: ConstraintRow): void {
  const table = tables.get(row.table_oid);
  if (table) addConstraint(table, row);
}

/**
 * The indexes' rows added to their tables (by oid) as they arrive, but those
 * of a partition attached to its parent's, which `addIndexNames` names at the
 * end from the rows of the partitions and their parents, the only ones kept.
 */
class IndexRows {
  private readonly kept: IndexRow[] = [];

  constructor(private readonly tables: ReadonlyMap<string, ReadingTable>) {}

  add(row: IndexRow): void {
    const table = this.tables.get(row.table_oid);
    if (table === undefined) return;
    if (row.parent_index === null) table.indexes.push(indexFromRow(row));
    if (table.partitionOf !== undefined || table.partitionBy !== undefined) this.kept.push(row);
  }

  finish(): void {
    addIndexNames(this.tables, this.kept);
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
