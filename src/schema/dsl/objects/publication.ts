import type { PublicationModel, PublicationTableModel, PublishedChange } from '../../model.js';
import { comparePublicationTables, PUBLISHED_CHANGES } from '../../model.js';
import { compareText } from '../../../util/strings.js';
import { declaredOnce, invalidModel } from '../invalid-model.js';
import { isSqlExpr, type SqlExpr } from '../sql.js';
import type { AnyTable } from '../tables/table.js';

/**
 * `metadata.publication()`: what logical replication sends
 * (`CREATE PUBLICATION`). A publication belongs to the database, not to a
 * schema: its name is not qualified.
 */

/** One table of a publication with a column list or a row filter (PostgreSQL 15 on). */
export interface PublicationTableOption {
  /** A table declared with `metadata.table()`, or its name (`'items'` in the metadata's schema, `'app.items'`). */
  readonly table: AnyTable | string;
  /** The columns it sends; all of them when left out. */
  readonly columns?: readonly string[];
  /** The rows it sends: `` sql`status <> 'draft'::text` ``, written as `pull` writes it. */
  readonly where?: SqlExpr;
}

export interface PublicationOptions {
  /** `FOR ALL TABLES`: every table of the database, now and later (needs a superuser). */
  allTables?: boolean;
  /** `FOR TABLE ...`: tables declared with `metadata.table()`, their names, or `{ table, columns, where }`. */
  tables?: readonly (AnyTable | string | PublicationTableOption)[];
  /** `FOR TABLES IN SCHEMA ...` (PostgreSQL 15 on, needs a superuser): every table of these schemas, now and later. */
  schemas?: readonly string[];
  /** The changes it sends; all four (`insert`, `update`, `delete`, `truncate`) when left out. */
  publish?: readonly PublishedChange[];
  /** `publish_via_partition_root`: a partition's changes sent as its root table's. */
  viaPartitionRoot?: boolean;
  /** `COMMENT ON PUBLICATION ... IS comment`. */
  comment?: string;
}

export interface PublicationDef {
  readonly kind: 'publication';
  readonly name: string;
  /** The metadata's schema, for tables named without one. */
  readonly defaultSchema: string;
  readonly options: PublicationOptions;
}

export function publicationDef(name: string, defaultSchema: string, options: PublicationOptions = {}): PublicationDef {
  if (typeof name !== 'string' || name === '')
    throw invalidModel('metadata.publication()', 'needs a name: metadata.publication(name, { tables })');
  return Object.freeze({ kind: 'publication', name, defaultSchema, options: Object.freeze({ ...options }) });
}

/** The `metadata.*` method of publications; `schema` is the metadata's, for tables named without one. */
export const PUBLICATION_METHODS = {
  /** `CREATE PUBLICATION`: on the database, what logical replication sends. */
  publication: (schema: string, name: string, options?: PublicationOptions): PublicationDef =>
    publicationDef(name, schema, options),
};

/** The declared publications by name; one declared twice is refused (they are the database's: no schema tells two apart). */
export function publicationModels(defs: readonly PublicationDef[]): PublicationModel[] {
  const name = (p: PublicationModel): string => p.name;
  return declaredOnce('publication', defs.map(publicationModel), name, name).sort((a, b) =>
    compareText(a.name, b.name),
  );
}

export function publicationModel(def: PublicationDef): PublicationModel {
  const where = `publication ${def.name}`;
  const { options } = def;
  const tables = (options.tables ?? []).map((entry) => publicationTable(where, def.defaultSchema, entry));
  const schemas = [...(options.schemas ?? [])].sort(compareText);
  const allTables = options.allTables === true;
  if (allTables && (tables.length > 0 || schemas.length > 0))
    throw invalidModel(where, 'publishes all tables: leave out `tables` and `schemas`, or `allTables`');
  const seen = new Set<string>();
  for (const t of tables) {
    const key = `${t.schema}.${t.table}`;
    if (seen.has(key)) throw invalidModel(where, `lists table ${key} twice; list each table once`);
    seen.add(key);
  }
  if (new Set(schemas).size !== schemas.length) throw invalidModel(where, 'lists a schema twice; list each once');
  const publish = options.publish ?? PUBLISHED_CHANGES;
  for (const change of publish) {
    if (!(PUBLISHED_CHANGES as readonly string[]).includes(change))
      throw invalidModel(where, `cannot publish '${String(change)}'; use insert, update, delete or truncate`);
  }
  return {
    name: def.name,
    allTables,
    tables: tables.sort(comparePublicationTables),
    schemas,
    publish: PUBLISHED_CHANGES.filter((change) => publish.includes(change)),
    viaRoot: options.viaPartitionRoot === true,
  };
}

function publicationTable(
  where: string,
  defaultSchema: string,
  entry: AnyTable | string | PublicationTableOption,
): PublicationTableModel {
  const option: PublicationTableOption =
    typeof entry === 'string' || isTable(entry) ? { table: entry } : (entry as PublicationTableOption);
  const { schema, table, declared } = tableNamed(where, defaultSchema, option.table);
  const columns = option.columns === undefined ? undefined : columnList(where, declared, option.columns);
  if (option.where !== undefined && !isSqlExpr(option.where))
    throw invalidModel(where, `the row filter of ${schema}.${table} is written as sql\`...\``);
  return {
    schema,
    table,
    ...(columns !== undefined ? { columns } : {}),
    ...(option.where !== undefined ? { where: option.where.text } : {}),
  };
}

function isTable(value: unknown): value is AnyTable {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'table';
}

function tableNamed(
  where: string,
  defaultSchema: string,
  table: AnyTable | string,
): { schema: string; table: string; declared?: AnyTable } {
  if (isTable(table)) return { schema: table.schema, table: table.name, declared: table };
  if (typeof table !== 'string' || table === '')
    throw invalidModel(where, 'names a table as a table of metadata.table(), or as its name');
  const dot = table.indexOf('.');
  return dot < 0 ? { schema: defaultSchema, table } : { schema: table.slice(0, dot), table: table.slice(dot + 1) };
}

/** The columns in the table's order when it is declared here (Postgres keeps them so), else as given. */
function columnList(where: string, declared: AnyTable | undefined, columns: readonly string[]): string[] {
  if (columns.length === 0) throw invalidModel(where, 'has an empty column list; leave `columns` out for every column');
  if (new Set(columns).size !== columns.length) throw invalidModel(where, 'names a column twice in a column list');
  if (declared === undefined) return [...columns];
  const order = Object.keys(declared.columns);
  for (const column of columns) {
    if (!order.includes(column))
      throw invalidModel(where, `table ${declared.schema}.${declared.name} has no column ${column}`);
  }
  return order.filter((column) => columns.includes(column));
}
