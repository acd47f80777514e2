import type { ObjectKind } from './object-kinds.js';
import { qualifiedKey, withKeySchema } from './qualified-key.js';

export type { ObjectKind } from './object-kinds.js';

declare const objectIdBrand: unique symbol;

/**
 * One object's identity, the same on both sides of a comparison: its kind,
 * its schema-qualified name and a part: for what lives on a table (a column,
 * constraint, index, trigger or policy, or a column's default: the table is
 * the name), its own name (the column's, for a default); for a routine, its
 * argument types (`oidvectortypes`); for an operator, its operand types
 * (`NONE, text` for a prefix one); for an operator class, its index method.
 * A map key, never SQL, never shown.
 */
export type ObjectId = string & { readonly [objectIdBrand]: true };

export function objectId(kind: ObjectKind, schema: string, name: string, part?: string): ObjectId {
  return idOfKey(kind, qualifiedKey(schema, name), part);
}

/** The one spelling of an id: the kind, the `qualifiedKey` of the name, and the part when there is one. */
function idOfKey(kind: ObjectKind, key: string, part?: string): ObjectId {
  return (part === undefined ? `${kind}\u0000${key}` : `${kind}\u0000${key}\u0000${part}`) as ObjectId;
}

/** The kind of object an id names. */
export function idKind(id: ObjectId): ObjectKind {
  return id.slice(0, id.indexOf('\u0000')) as ObjectKind;
}

/** An operator's `ObjectId`: its symbol and operand types (a prefix operator has no left one). */
export function operatorId(operator: { schema: string; name: string; left: string | null; right: string }): ObjectId {
  return objectId('operator', operator.schema, operator.name, `${operator.left ?? 'NONE'}, ${operator.right}`);
}

/** An operator class's `ObjectId`: its name and index method. */
export function operatorClassId(operatorClass: { schema: string; name: string; method: string }): ObjectId {
  return objectId('operatorClass', operatorClass.schema, operatorClass.name, operatorClass.method);
}

/** A table's `ObjectId`. */
export function tableId(table: { schema: string; name: string }): ObjectId {
  return objectId('table', table.schema, table.name);
}

/** The `ObjectId` of a column, or of another part of a table (`kind`: a constraint, index, trigger or policy). */
export function partId(kind: ObjectKind, table: { schema: string; name: string }, part: string): ObjectId {
  return objectId(kind, table.schema, table.name, part);
}

/** The table and the part's own name of a part's id (a column's, a constraint's, an index's); undefined for an id with no part. */
export function partOfId(id: ObjectId): { schema: string; table: string; name: string } | undefined {
  const [, schema, table, name] = id.split('\u0000');
  return schema === undefined || table === undefined || name === undefined ? undefined : { schema, table, name };
}

/**
 * That `dependent` uses `on`, as the server records it (`pg_depend`): while
 * it does, Postgres refuses some changes to `on` (the type of a column a
 * policy reads) or makes them take `dependent` along (a column dropped drops
 * the indexes on it).
 */
export interface Dependency {
  readonly dependent: ObjectId;
  readonly on: ObjectId;
}

/** The id with its schema changed by `schema` (a model moved into or out of scratch schemas, or to a tenant's). */
export function withIdSchema(id: ObjectId, schema: (name: string) => string): ObjectId {
  const start = id.indexOf('\u0000') + 1;
  return (id.slice(0, start) + withKeySchema(id.slice(start), schema)) as ObjectId;
}

/** The `qualifiedKey` of the name an id holds: for a part of a table (a column, a key), the table's. */
export function idNameKey(id: ObjectId): string {
  const start = id.indexOf('\u0000') + 1;
  const end = id.indexOf('\u0000', id.indexOf('\u0000', start) + 1);
  return end < 0 ? id.slice(start) : id.slice(start, end);
}

/** The ids of columns given by their table's `qualifiedKey` and their names. */
export function columnIds(columns: ReadonlyMap<string, ReadonlySet<string>>): Set<ObjectId> {
  return new Set([...columns].flatMap(([table, names]) => [...names].map((name) => idOfKey('column', table, name))));
}

/** The ids of some columns of one table. */
export function tableColumnIds(table: { schema: string; name: string }, columns: Iterable<string>): Set<ObjectId> {
  return new Set([...columns].map((column) => partId('column', table, column)));
}
