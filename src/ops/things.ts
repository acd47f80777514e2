import { qualifiedKey } from '../schema/qualified-key.js';
import { routineKey } from '../schema/object-keys.js';
import type { ColumnModel, ForeignKeyModel } from '../schema/model.js';
import { serialSequenceName } from '../schema/naming.js';
import { SERIAL_BASE_TYPES } from '../schema/types.js';
import { isWord, tokenizeSql } from '../sql/lexer.js';
import { qualifiedReferences } from '../sql/references.js';

// The words of footprints: the objects of a database as operations name them (`Thing`), and what the
// objects several families carry use and make (a column, a foreign key). Each kind's footprint is an
// entry of its spec (`families/spec.ts`); `footprint.ts` reads it.

/**
 * What an operation does to the objects of a database, as keys of those
 * objects (`Thing`): what exists once it ran (`makes`), what must exist
 * when it runs (`needs`), what is gone once it ran (`removes`) and what it
 * stops using (`releases`: a dropped object's uses, a column's old type),
 * and what it reads as it stood before the revision (`reads`: the rows a
 * holding table takes from a table that is then dropped and made again).
 * The scheduler draws its dependency edges from these: what needs a thing
 * runs after what makes it; what removes a thing runs after what releases or
 * reads it, and before what makes it again.
 *
 * A footprint names what the operation's own data says: a column's types
 * and the sequences its default reads (`nextval('s'::regclass)`), a table's
 * parents and the tables its foreign keys reference, a domain's base type, a
 * routine's signature and what the catalog records it using (`dependsOn`).
 * What only an expression's text names otherwise (a function a check calls)
 * is not read: the slots order it.
 */
export interface Footprint {
  readonly makes: readonly Thing[];
  readonly needs: readonly Thing[];
  readonly removes: readonly Thing[];
  readonly releases: readonly Thing[];
  readonly reads: readonly Thing[];
}

/**
 * An object as the footprints name it: its namespace (relations, types,
 * routines and the rest each have their own) and its key there.
 * `partitions` is the set of a partitioned table's partitions: a foreign key
 * referencing the table needs them all (Postgres numbers the key's rows for
 * its partitions in the order it finds them), and a partition is dropped only
 * once no key references its table; the scheduler counts a partition of a
 * partition as one of every table above it (`dependencyEdges`).
 */
export type Thing = `${ThingSpace}:${string}`;

type ThingSpace =
  | 'schema'
  | 'relation'
  | 'type'
  | 'routine'
  | 'partitions'
  | 'extension'
  | 'wrapper'
  | 'server'
  | 'collation'
  | 'index'
  | 'constraint'
  | 'column';

/** The footprint of an operation that touches nothing the footprints name. */
export const NONE: Footprint = { makes: [], needs: [], removes: [], releases: [], reads: [] };

/** A footprint of the parts given, the others empty. */
export function footprintOf(parts: Partial<Footprint>): Footprint {
  return { ...NONE, ...parts };
}

export const thing = {
  schema: (name: string): Thing => `schema:${name}`,
  relation: (schema: string, name: string): Thing => `relation:${qualifiedKey(schema, name)}`,
  type: (schema: string, name: string): Thing => `type:${qualifiedKey(schema, name)}`,
  routine: (schema: string, name: string, argumentTypes: string): Thing =>
    `routine:${routineKey(schema, name, argumentTypes)}`,
  partitions: (schema: string, table: string): Thing => `partitions:${qualifiedKey(schema, table)}`,
  extension: (name: string): Thing => `extension:${name}`,
  wrapper: (name: string): Thing => `wrapper:${name}`,
  server: (name: string): Thing => `server:${name}`,
  collation: (schema: string, name: string): Thing => `collation:${qualifiedKey(schema, name)}`,
  /** An index by its name: a plain one's, or a primary or unique key's. */
  index: (schema: string, name: string): Thing => `index:${qualifiedKey(schema, name)}`,
  /** A table's constraint, by its name on the table (what a comment on it needs). */
  constraint: (schema: string, table: string, name: string): Thing =>
    `constraint:${qualifiedKey(schema, table)}\0${name}`,
  /** A table's column: one a partition made in the revision names is its parent's (and so its ancestors'). */
  column: (schema: string, table: string, name: string): Thing => `column:${qualifiedKey(schema, table)}\0${name}`,
};

/** The column of `schema.table` a `thing.column` names, or undefined for any other thing. */
export function columnOf(t: Thing, schema: string, table: string): string | undefined {
  const prefix = thing.column(schema, table, '');
  return t.startsWith(prefix) ? t.slice(prefix.length) : undefined;
}

/** A relation and its row type, which Postgres makes and drops together. */
export function relationAndType(schema: string, name: string): Thing[] {
  return [thing.relation(schema, name), thing.type(schema, name)];
}

/**
 * The user types a type's text names: the schema-qualified names in it, as
 * `format_type()` prints them with an empty search path (`public.mood[]`,
 * `SETOF public.item`, `TABLE(a public.item, b integer)`); built-in types
 * print bare and name nothing.
 */
export function typesIn(text: string): Thing[] {
  if (!text.includes('.')) return [];
  return qualifiedReferences(tokenizeSql(text)).map((ref) => thing.type(ref.schema.text, ref.name.text));
}

/** The sequences an expression reads through a `'name'::regclass` literal (`nextval('public.s'::regclass)`), by schema and name. */
export function sequenceNamesIn(expression: string | null | undefined): { schema: string; name: string }[] {
  if (expression === null || expression === undefined || !expression.includes('regclass')) return [];
  const tokens = tokenizeSql(expression);
  return tokens.flatMap((token, i) => {
    const cast = tokens[i + 1];
    if (token.kind !== 'string' || cast?.kind !== 'op' || cast.text !== '::' || !isWord(tokens[i + 2], 'regclass'))
      return [];
    const name = qualifiedReferences(tokenizeSql(token.value))[0];
    return name === undefined ? [] : [{ schema: name.schema.text, name: name.name.text }];
  });
}

/** The sequences an expression reads (`sequenceNamesIn`), as relations. */
export function sequencesIn(expression: string | null | undefined): Thing[] {
  return sequenceNamesIn(expression).map((s) => thing.relation(s.schema, s.name));
}

/** What a column uses: its type's user types and the sequences its default reads. */
export function columnUses(column: Pick<ColumnModel, 'type' | 'default'>): Thing[] {
  return [...typesIn(column.type), ...sequencesIn(column.default)];
}

/**
 * The columns of its table a generation expression may read: each name it
 * spells, so that a column added in the same revision comes before it (a
 * name that is no column makes no edge).
 */
export function columnsRead(schema: string, table: string, expression: string | null | undefined): Thing[] {
  if (typeof expression !== 'string') return [];
  return tokenizeSql(expression).flatMap((token) =>
    token.kind === 'ident' ? [thing.column(schema, table, token.text)] : [],
  );
}

/** The sequence a serial column makes with its table, if it is one. */
export function columnMakes(schema: string, table: string, column: ColumnModel): Thing[] {
  return column.type in SERIAL_BASE_TYPES ? [thing.relation(schema, serialSequenceName(table, column.name))] : [];
}

/** What a foreign key uses: the table it references and, when that table is another's, its partitions. */
export function foreignKeyUses(schema: string, table: string, key: ForeignKeyModel): Thing[] {
  const target = thing.relation(key.refSchema, key.refTable);
  const self = key.refSchema === schema && key.refTable === table;
  return self ? [] : [target, thing.partitions(key.refSchema, key.refTable)];
}

/** The relations of a list of tables: those a column moves to or from (`keptBy`, `takenFrom`), or an object lists. */
export const relations = (tables: readonly { schema: string; table: string }[] | undefined): Thing[] =>
  (tables ?? []).map((t) => thing.relation(t.schema, t.table));

/** The footprint of an operation on a table that needs only the table. */
export const onTable = (op: { schema: string; table: string }): Footprint =>
  footprintOf({ needs: [thing.relation(op.schema, op.table)] });
