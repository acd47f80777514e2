import type {
  ForeignColumnModel,
  ForeignDataWrapperModel,
  ForeignOptions,
  ForeignServerModel,
  ForeignTableModel,
} from '../../model.js';
import type { AnyColumnBuilder } from '../columns/column.js';
import type { GrantEntry } from './grant.js';
import { columnModel } from '../columns/column-model.js';
import { invalidModel } from '../invalid-model.js';

/**
 * `metadata.foreignDataWrapper()`, `metadata.foreignServer()` and
 * `metadata.foreignTable()`: foreign data as Postgres declares it. Wrappers
 * and servers belong to the database; a foreign table to a schema. A wrapper
 * an extension makes (`postgres_fdw`, `file_fdw`) is not declared: declare the
 * extension, and name its wrapper in the server (and in `metadata.grants()`
 * for the privileges on it).
 */

/** Generic option values as written; numbers and booleans become their text. */
export type ForeignOptionValues = Readonly<Record<string, string | number | boolean>>;

export interface ForeignDataWrapperOptions {
  /** The handler function, schema-qualified: `public.my_fdw_handler`. */
  handler?: string;
  /** The validator function, schema-qualified. */
  validator?: string;
  options?: ForeignOptionValues;
  /** Privileges on it: `grant(['usage'], 'app')`; compared when the `privileges` setting manages them. */
  grants?: readonly GrantEntry[];
}

export interface ForeignDataWrapperDef {
  readonly kind: 'foreignDataWrapper';
  readonly name: string;
  readonly options: ForeignDataWrapperOptions;
}

export interface ForeignServerOptions {
  /** The wrapper: an extension's by name (`'postgres_fdw'`) or a declared one. */
  wrapper: string | ForeignDataWrapperDef;
  type?: string;
  version?: string;
  options?: ForeignOptionValues;
  /** Privileges on it: `grant(['usage'], 'app')`; compared when the `privileges` setting manages them. */
  grants?: readonly GrantEntry[];
}

export interface ForeignServerDef {
  readonly kind: 'foreignServer';
  readonly name: string;
  readonly options: ForeignServerOptions;
}

export interface ForeignTableOptions {
  /** The metadata's schema unless given. */
  schema?: string;
  server: string | ForeignServerDef;
  /** The columns in order, as column builders: type, `.notNull()`, `.default()`, `.collate()`. */
  columns: Readonly<Record<string, AnyColumnBuilder>>;
  /** The table's generic options (`schema_name`, `table_name`, `filename`, ...). */
  options?: ForeignOptionValues;
  /** Each column's own generic options, by column name: `{ title: { column_name: 'name' } }`. */
  columnOptions?: Readonly<Record<string, ForeignOptionValues>>;
}

export interface ForeignTableDef {
  readonly kind: 'foreignTable';
  readonly name: string;
  readonly schema: string;
  readonly options: ForeignTableOptions;
}

export function foreignDataWrapperDef(name: string, options: ForeignDataWrapperOptions): ForeignDataWrapperDef {
  return Object.freeze({ kind: 'foreignDataWrapper', name, options: { ...options } });
}

export function foreignServerDef(name: string, options: ForeignServerOptions): ForeignServerDef {
  return Object.freeze({ kind: 'foreignServer', name, options: { ...options } });
}

export function foreignTableDef(name: string, schema: string, options: ForeignTableOptions): ForeignTableDef {
  return Object.freeze({ kind: 'foreignTable', name, schema: options.schema ?? schema, options: { ...options } });
}

/** The `metadata.*` method of foreign data wrappers, which are in no schema. */
export const FOREIGN_DATA_WRAPPER_METHODS = {
  /** `CREATE FOREIGN DATA WRAPPER name [HANDLER f] [VALIDATOR f] [OPTIONS (...)]`; an extension's wrapper is not declared. */
  foreignDataWrapper: (_schema: string, name: string, options: ForeignDataWrapperOptions = {}): ForeignDataWrapperDef =>
    foreignDataWrapperDef(name, options),
};

/** The `metadata.*` method of foreign servers, which are in no schema. */
export const FOREIGN_SERVER_METHODS = {
  /** `CREATE SERVER name [TYPE ...] [VERSION ...] FOREIGN DATA WRAPPER wrapper [OPTIONS (...)]`. */
  foreignServer: (_schema: string, name: string, options: ForeignServerOptions): ForeignServerDef =>
    foreignServerDef(name, options),
};

/** The `metadata.*` method of foreign tables; `schema` is the metadata's. */
export const FOREIGN_TABLE_METHODS = {
  /** `CREATE FOREIGN TABLE name (columns) SERVER server [OPTIONS (...)]`. */
  foreignTable: (schema: string, name: string, options: ForeignTableOptions): ForeignTableDef =>
    foreignTableDef(name, schema, options),
};

function requireName(where: string, name: unknown): string {
  if (typeof name !== 'string' || name === '') throw invalidModel(where, 'needs a name, a non-empty string');
  return name;
}

/** The options as the model holds them (text values, in the order written); undefined when there are none. */
function foreignOptions(where: string, values: ForeignOptionValues | undefined): ForeignOptions | undefined {
  if (values === undefined) return undefined;
  if (typeof values !== 'object' || values === null || Array.isArray(values))
    throw invalidModel(where, 'options must be an object of option names and values');
  const entries = Object.entries(values).map(([key, value]): [string, string] => {
    if (key === '' || key.includes('='))
      throw invalidModel(where, `option name "${key}" must be non-empty and hold no "="`);
    if (!['string', 'number', 'boolean'].includes(typeof value))
      throw invalidModel(where, `option ${key} must be a string, number or boolean`);
    return [key, String(value)];
  });
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

function optionalText(where: string, what: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw invalidModel(where, `${what} must be a non-empty string`);
  return value.trim();
}

export function foreignDataWrapperModel(def: ForeignDataWrapperDef): ForeignDataWrapperModel {
  const where = `foreign data wrapper ${requireName('metadata.foreignDataWrapper()', def.name)}`;
  const handler = optionalText(where, 'handler', def.options.handler);
  const validator = optionalText(where, 'validator', def.options.validator);
  const options = foreignOptions(where, def.options.options);
  return {
    name: def.name,
    ...(handler !== undefined ? { handler } : {}),
    ...(validator !== undefined ? { validator } : {}),
    ...(options !== undefined ? { options } : {}),
  };
}

export function foreignServerModel(def: ForeignServerDef): ForeignServerModel {
  const where = `foreign server ${requireName('metadata.foreignServer()', def.name)}`;
  const wrapper = typeof def.options.wrapper === 'string' ? def.options.wrapper : def.options.wrapper?.name;
  if (typeof wrapper !== 'string' || wrapper === '')
    throw invalidModel(where, "needs a wrapper: an extension's by name ('postgres_fdw') or a declared one");
  const type = optionalText(where, 'type', def.options.type);
  const version = optionalText(where, 'version', def.options.version);
  const options = foreignOptions(where, def.options.options);
  return {
    name: def.name,
    wrapper,
    ...(type !== undefined ? { type } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(options !== undefined ? { options } : {}),
  };
}

export function foreignTableModel(def: ForeignTableDef): ForeignTableModel {
  const where = `foreign table ${def.schema}.${requireName('metadata.foreignTable()', def.name)}`;
  const server = typeof def.options.server === 'string' ? def.options.server : def.options.server?.name;
  if (typeof server !== 'string' || server === '')
    throw invalidModel(where, 'needs a server: its name or a declared one');
  const builders = def.options.columns;
  if (typeof builders !== 'object' || builders === null)
    throw invalidModel(where, 'needs columns: an object of column builders');
  const columnOptions = def.options.columnOptions ?? {};
  for (const name of Object.keys(columnOptions)) {
    if (!Object.hasOwn(builders, name))
      throw invalidModel(where, `columnOptions name ${name}, which is not one of its columns`);
  }
  const columns = Object.entries(builders).map(([name, builder]) =>
    foreignColumn(`${where}, column ${name}`, def.name, name, builder, columnOptions[name]),
  );
  const options = foreignOptions(where, def.options.options);
  return { schema: def.schema, name: def.name, server, columns, ...(options !== undefined ? { options } : {}) };
}

/** What a foreign table's column cannot have, each with the builder call that gives it. */
const UNSUPPORTED: readonly [keyof AnyColumnBuilder['spec'], string][] = [
  ['primaryKey', '.primaryKey()'],
  ['unique', '.unique()'],
  ['references', '.references()'],
  ['identity', '.identity()'],
  ['generated', '.generatedAs()'],
  ['statistics', '.statistics()'],
  ['options', '.options() (use columnOptions for generic options)'],
  ['storage', '.storage()'],
  ['compression', '.compression()'],
  ['comment', '.comment()'],
  ['renamedFrom', '.renamedFrom()'],
];

function foreignColumn(
  where: string,
  table: string,
  name: string,
  builder: AnyColumnBuilder,
  values: ForeignOptionValues | undefined,
): ForeignColumnModel {
  const spec = builder?.spec;
  if (spec === undefined) throw invalidModel(where, 'must be a column builder such as text() or integer()');
  for (const [key, call] of UNSUPPORTED) {
    const value = spec[key];
    if (value !== undefined && value !== null && value !== false)
      throw invalidModel(where, `a foreign table's column cannot take ${call}`);
  }
  const column = columnModel(where, name, spec, false, table);
  if (/^(small|big)?serial$/.test(column.type))
    throw invalidModel(where, "a foreign table's column cannot be serial; use integer()");
  const options = foreignOptions(where, values);
  return {
    name,
    type: column.type,
    nullable: column.nullable,
    ...(column.default !== null ? { default: column.default } : {}),
    ...(column.collation !== undefined ? { collation: column.collation } : {}),
    ...(options !== undefined ? { options } : {}),
  };
}
