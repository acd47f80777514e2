import type { ColumnModel, IndexModel, SchemaModel, TableModel } from '../schema/model.js';
import { qualifiedKey } from '../schema/model.js';
import { sameJson, sameTable, someName, stringsOf } from './canonical-shapes.js';

/**
 * Compare first, part by part: a declared table that differs from its live
 * mate only in ways whose declared form is already the one the server
 * prints is its own canonical form, and is not created in scratch schemas.
 * Every part of such a table either equals the live part of the same name
 * (which the server printed) or is one of these, written as reflection
 * writes them:
 *
 * - a new column of a plain built-in type (`TYPES`), nullable, with no
 *   default, identity, generation, collation or storage settings;
 * - an existing column made nullable, the rest of it unchanged;
 * - an existing column given another plain built-in type, the rest of it
 *   unchanged and the column in no key or index: another modifier of the
 *   same type (`numeric(12,2)` to `numeric(14,2)`), or any such type in a
 *   table with no SQL text anywhere (no default, generated column, check,
 *   exclusion, policy, index expression or predicate, whose printing may
 *   follow a column's type);
 * - a new btree index on plain columns of the table, without options, whose
 *   name no other relation of the model has;
 * - a live index that is not unique, dropped.
 *
 * Everything else about the table (its keys, checks, foreign keys, policies,
 * storage) must equal the live table's, neither may be part of a partition
 * tree, and no other declared object may name the table except in a foreign
 * key's target (an object that names it, a view or a trigger, is created in
 * scratch schemas against the table as declared). Anything else sends the
 * table, as before.
 */
export function composedTables(declared: SchemaModel, live: SchemaModel, changed: ReadonlySet<string>): Set<string> {
  const liveTables = new Map(live.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const candidates = new Map<string, TableModel>();
  const relations = relationNameCounts(declared);
  for (const table of declared.tables) {
    const key = qualifiedKey(table.schema, table.name);
    const mate = liveTables.get(key);
    if (!changed.has(key) || mate === undefined) continue;
    if (composable(table, mate, relations)) candidates.set(key, table);
  }
  if (candidates.size === 0) return new Set();
  const names = new Set([...candidates.values()].map((t) => t.name));
  const named = namedElsewhere(declared, names, candidates);
  return new Set([...candidates].filter(([, t]) => !named.has(t.name)).map(([key]) => key));
}

/**
 * The names among `names` that a declared object other than the candidate
 * tables names: anything besides tables and comments, and any table's text
 * besides its foreign keys' targets (another candidate's included).
 */
function namedElsewhere(
  declared: SchemaModel,
  names: ReadonlySet<string>,
  candidates: ReadonlyMap<string, TableModel>,
): Set<string> {
  const named = new Set<string>();
  const note = (text: string, own?: string): void =>
    void someName(text, (name) => {
      if (name !== own && names.has(name)) named.add(name);
    });
  const {
    tables: _tables,
    comments: _comments,
    grants: _grants,
    defaultPrivileges: _defaults,
    owners: _owners,
    ...objects
  } = declared;
  note(stringsOf(objects));
  for (const table of declared.tables) {
    const own = candidates.has(qualifiedKey(table.schema, table.name)) ? table.name : undefined;
    const text = stringsOf({
      ...table,
      name: '',
      foreignKeys: table.foreignKeys.map((fk) => ({ ...fk, refTable: '' })),
    });
    note(text, own);
  }
  return named;
}

/** The built-in types the model build spells as `format_type()` does, for which the declared spelling is the printed one. */
const TYPES =
  /^(?:text|integer|bigint|smallint|boolean|date|uuid|jsonb|json|bytea|real|double precision|timestamp with time zone|timestamp without time zone|time without time zone|interval|inet|cidr|numeric|numeric\((\d+),(\d+)\)|character varying|character varying\((\d+)\))$/;

function plainType(type: string): boolean {
  const match = TYPES.exec(type);
  if (match === null) return false;
  const [, precision, scale, length] = match;
  if (precision !== undefined)
    return Number(precision) >= 1 && Number(precision) <= 1000 && Number(scale) <= Number(precision);
  if (length !== undefined) return Number(length) >= 1 && Number(length) <= 10485760;
  return true;
}

function composable(table: TableModel, mate: TableModel, relations: ReadonlyMap<string, number>): boolean {
  if (inPartitionTree(table) || inPartitionTree(mate)) return false;
  if (!sameTable({ ...table, columns: [], indexes: [] }, { ...mate, columns: [], indexes: [] })) return false;
  return columnsCompose(table, mate) && indexesCompose(table, mate, relations);
}

function inPartitionTree(table: TableModel): boolean {
  return (
    table.partitionBy !== undefined ||
    table.partitionOf !== undefined ||
    table.indexNames !== undefined ||
    table.indexStorage !== undefined
  );
}

function columnsCompose(table: TableModel, mate: TableModel): boolean {
  const live = new Map(mate.columns.map((c) => [c.name, c]));
  const declared = new Set(table.columns.map((c) => c.name));
  if (mate.columns.some((c) => !declared.has(c.name))) return false;
  return table.columns.every((column) => {
    const was = live.get(column.name);
    if (was === undefined) return plainColumn(column);
    if (sameJson(column, was)) return true;
    if (
      column.nullable &&
      !was.nullable &&
      sameJson(without(column, 'nullable'), without(was, 'nullable', 'notNullName'))
    )
      return true;
    return (
      column.type !== was.type &&
      plainType(column.type) &&
      sameJson(without(column, 'type'), without(was, 'type')) &&
      !keyed(table, column.name) &&
      (sameBaseType(column.type, was.type) || !hasSqlText(table))
    );
  });
}

/**
 * Whether two plain types differ only in their modifier (`numeric(12,2)`
 * and `numeric(14,2)`, `character varying(20)` and `character varying`):
 * an expression on the column then coerces it the same way, and prints the
 * same.
 */
function sameBaseType(a: string, b: string): boolean {
  const base = (type: string): string => type.replace(/\(.*$/, '');
  return plainType(b) && base(a) === base(b) && (base(a) === 'numeric' || base(a) === 'character varying');
}

/** A column as reflection writes one of a plain type with nothing else set. */
function plainColumn(column: ColumnModel): boolean {
  return (
    sameJson(column, { name: column.name, type: column.type, nullable: true, default: null, identity: null }) &&
    plainType(column.type)
  );
}

function without<T extends object>(value: T, ...keys: string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of keys) delete copy[key];
  return copy;
}

/** Whether any part of the table holds SQL text, whose printing may depend on a column's type. */
function hasSqlText(table: TableModel): boolean {
  return (
    table.columns.some((c) => c.default !== null || c.generated !== undefined) ||
    table.checks.length > 0 ||
    (table.exclusions ?? []).length > 0 ||
    (table.policies ?? []).length > 0 ||
    table.indexes.some((i) => i.where !== null || i.columns.some((k) => !('column' in k)))
  );
}

/** Whether a key, a foreign key or an index of the table holds the column. */
function keyed(table: TableModel, column: string): boolean {
  const lists = [
    table.primaryKey?.columns ?? [],
    ...table.uniques.map((u) => u.columns),
    ...table.foreignKeys.map((f) => f.columns),
    ...table.indexes.map((i) => [...i.columns.map((k) => ('column' in k ? k.column : '')), ...(i.include ?? [])]),
  ];
  return lists.some((columns) => columns.includes(column));
}

function indexesCompose(table: TableModel, mate: TableModel, relations: ReadonlyMap<string, number>): boolean {
  const live = new Map(mate.indexes.map((i) => [i.name, i]));
  const declared = new Set(table.indexes.map((i) => i.name));
  if (mate.indexes.some((i) => !declared.has(i.name) && i.unique)) return false;
  const columns = new Set(table.columns.map((c) => c.name));
  return table.indexes.every((index) => {
    const was = live.get(index.name);
    if (was !== undefined) return sameJson(index, was);
    return plainIndex(index, columns) && relations.get(qualifiedKey(table.schema, index.name)) === 1;
  });
}

/** A btree index on plain columns of the table, as reflection writes one, with no options. */
function plainIndex(index: IndexModel, columns: ReadonlySet<string>): boolean {
  const keys = index.columns.map((k) => ('column' in k ? k.column : null));
  if (keys.length === 0 || keys.some((k) => k === null || !columns.has(k))) return false;
  return sameJson(index, {
    name: index.name,
    unique: index.unique,
    method: 'btree',
    columns: keys.map((column) => ({ column })),
    where: null,
  });
}

/** How many declared relations (tables, indexes, key constraints' indexes, sequences, views, ...) have each schema-qualified name. */
function relationNameCounts(model: SchemaModel): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (schema: string, name: string): void => {
    const key = qualifiedKey(schema, name);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (const table of model.tables) {
    count(table.schema, table.name);
    for (const index of table.indexes) count(table.schema, index.name);
    if (table.primaryKey !== null) count(table.schema, table.primaryKey.name);
    for (const unique of table.uniques) count(table.schema, unique.name);
    for (const exclusion of table.exclusions ?? []) count(table.schema, exclusion.name);
  }
  for (const list of [model.sequences, model.views, model.foreignTables, model.composites])
    for (const o of list) count(o.schema, o.name);
  return counts;
}
