import { createHash } from 'node:crypto';
import type { SchemaModel, TableModel } from '../schema/model.js';
import { qualifiedKey } from '../schema/model.js';
import { namesIn, partitionFamilies, stableJson, stringsOf, type Selection } from './canonical-select.js';

/**
 * A store of canonical table forms from earlier runs, kept by the caller
 * (which knows where it lives). `get` marks the entry as used in this run.
 * The fixed point (canonical-fixpoint.ts) keeps the forms of the live tables
 * it creates again here too, under keys made the same way from its probe
 * model: a key says what a batch created, whichever side it came from.
 */
export interface CanonicalCache {
  get(key: string): TableModel | undefined;
  set(key: string, table: TableModel): void;
}

/** What a table's canonical form can depend on besides the table and the tables it names. */
export interface CacheContext {
  /** The server's `server_version_num`, `version()` text and driver (a PGlite release too). */
  server: string;
  /** The connection's `search_path`, which resolves unqualified names. */
  searchPath: string;
  /** The schemas created in scratch. */
  schemas: readonly string[];
  /** The extensions installed in the database (null when it was not read): whether a declared one is created in scratch. */
  installed: unknown;
}

/**
 * The hash of everything in the declared model that is not a table: enums,
 * domains, composite types, collations, sequences, routines, views,
 * extensions, comments, the schema list; with the server and search path.
 * Any change to one of them changes every table's key. Empty lists of
 * objects besides schemas and enums are left out of the hash, as the declared
 * model used to leave them out, so that keys of earlier runs still hit.
 */
export function contextHash(model: SchemaModel, context: CacheContext): string {
  const { tables: _tables, triggers: _triggers, renames: _renames, schemas, enums, ...others } = model;
  const present = Object.entries(others).filter(([, list]) => !(Array.isArray(list) && list.length === 0));
  return sha256(stableJson({ objects: { schemas, enums, ...Object.fromEntries(present) }, context }));
}

/**
 * The key of one declared table: its JSON (stable key order), the declared
 * JSON of every other declared table it may name (a foreign key's target, a
 * partition's parent, a table a policy's expression reads: any table whose
 * name appears in its text), and the context hash.
 */
function tableKey(
  context: string,
  table: TableModel,
  declared: readonly TableModel[] | ReadonlyMap<string, readonly TableModel[]>,
): string {
  const self = qualifiedKey(table.schema, table.name);
  const byName = Array.isArray(declared)
    ? tablesByName(declared)
    : (declared as ReadonlyMap<string, readonly TableModel[]>);
  const named = [...namesIn(stringsOf(table))]
    .flatMap((name) => byName.get(name) ?? [])
    .filter((t) => qualifiedKey(t.schema, t.name) !== self);
  const targets = new Map(named.map((t) => [qualifiedKey(t.schema, t.name), t as TableModel | null]));
  for (const fk of table.foreignKeys) {
    const key = qualifiedKey(fk.refSchema, fk.refTable);
    if (key !== self && !targets.has(key)) targets.set(key, null);
  }
  return sha256(stableJson({ context, table, targets: [...targets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) }));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The keys of the declared tables, by qualified name: of those in `only` when
 * given (the tables a run sends; hashing the others would be wasted).
 */
export function tableKeys(model: SchemaModel, context: string, only?: ReadonlySet<string>): Map<string, string> {
  const byName = tablesByName(model.tables);
  const keys = new Map<string, string>();
  for (const t of model.tables) {
    const key = qualifiedKey(t.schema, t.name);
    if (only === undefined || only.has(key)) keys.set(key, tableKey(context, t, byName));
  }
  return keys;
}

function tablesByName(tables: readonly TableModel[]): Map<string, TableModel[]> {
  const byName = new Map<string, TableModel[]>();
  for (const t of tables) byName.set(t.name, [...(byName.get(t.name) ?? []), t]);
  return byName;
}

/**
 * Takes out of `selection` the sent tables the cache holds, partition trees
 * whole (a tree is skipped only when every member hits), and returns their
 * cached forms by qualified name. Triggers are left as they are.
 */
export function takeFromCache(
  model: SchemaModel,
  selection: Selection,
  keys: ReadonlyMap<string, string>,
  cache: CanonicalCache,
): Map<string, TableModel> {
  const found = new Map<string, TableModel>();
  for (const family of partitionFamilies(model.tables)) {
    const sent = family.filter((key) => selection.sentTables.has(key));
    if (sent.length === 0) continue;
    const forms = sent.map((key) => cache.get(keys.get(key)!));
    if (forms.some((f) => f === undefined)) continue;
    sent.forEach((key, i) => {
      found.set(key, structuredClone(forms[i]!));
      selection.sentTables.delete(key);
    });
  }
  return found;
}

/** Stores the canonical forms of the tables a batch created. */
export function storeInCache(
  canonical: SchemaModel,
  sent: ReadonlySet<string>,
  keys: ReadonlyMap<string, string>,
  cache: CanonicalCache,
): void {
  for (const table of canonical.tables) {
    const key = qualifiedKey(table.schema, table.name);
    if (sent.has(key)) cache.set(keys.get(key)!, structuredClone(table));
  }
}
