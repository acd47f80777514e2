import { qualifiedKey } from '../schema/qualified-key.js';
import { routineKey } from '../schema/object-keys.js';
import type {
  ColumnModel,
  CommentTarget,
  CompositeTypeModel,
  RangeTypeModel,
  DependencyRef,
  DomainModel,
  ForeignKeyModel,
  FunctionModel,
  PublicationModel,
  TableModel,
  ViewModel,
} from '../schema/model.js';
import { multirangeTypeName } from '../schema/model.js';
import { serialSequenceName } from '../schema/naming.js';
import { qualifiedTypeName, SERIAL_BASE_TYPES } from '../schema/types.js';
import { isPunct, isWord, tokenizeSql } from '../sql/lexer.js';
import { qualifiedReferences } from '../sql/references.js';
import type { Operation, OperationOf, PerKind } from './operation.js';

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
 * once no key references its table.
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
  | 'index';

const NONE: Footprint = { makes: [], needs: [], removes: [], releases: [], reads: [] };

function footprintOf(parts: Partial<Footprint>): Footprint {
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
  /** An index, as a replica identity names it: a plain one's, or a primary or unique key's. */
  index: (schema: string, name: string): Thing => `index:${qualifiedKey(schema, name)}`,
};

/** The footprint of `op`. */
export function footprint(op: Operation): Footprint {
  return (FOOTPRINTS[op.kind] as (op: Operation) => Footprint)(op);
}

/** The schemas `op` stops using (its footprint's `releases`): the one an object's drop or move leaves. */
export function releasedSchemas(op: Operation): string[] {
  const prefix = thing.schema('');
  return footprint(op)
    .releases.filter((released) => released.startsWith(prefix))
    .map((released) => released.slice(prefix.length));
}

/** A relation and its row type, which Postgres makes and drops together. */
function relationAndType(schema: string, name: string): Thing[] {
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

function sequencesIn(expression: string | null | undefined): Thing[] {
  return sequenceNamesIn(expression).map((s) => thing.relation(s.schema, s.name));
}

/** What a column uses: its type's user types and the sequences its default reads. */
function columnUses(column: Pick<ColumnModel, 'type' | 'default'>): Thing[] {
  return [...typesIn(column.type), ...sequencesIn(column.default)];
}

/** The sequence a serial column makes with its table, if it is one. */
function columnMakes(schema: string, table: string, column: ColumnModel): Thing[] {
  return column.type in SERIAL_BASE_TYPES ? [thing.relation(schema, serialSequenceName(table, column.name))] : [];
}

/** What a foreign key uses: the table it references and, when that table is another's, its partitions. */
function foreignKeyUses(schema: string, table: string, key: ForeignKeyModel): Thing[] {
  const target = thing.relation(key.refSchema, key.refTable);
  const self = key.refSchema === schema && key.refTable === table;
  return self ? [] : [target, thing.partitions(key.refSchema, key.refTable)];
}

/**
 * What a table uses: its schema, the types and sequences of its columns, its
 * parents, and what its foreign keys reference (a key to its own partitioned
 * parent, which every partition has, waits for no partitions).
 */
function tableUses(table: TableModel): Thing[] {
  const { schema, name, partitionOf } = table;
  const parent = partitionOf === undefined ? [] : [thing.relation(partitionOf.schema, partitionOf.table)];
  const keys = table.foreignKeys.flatMap((key) =>
    partitionOf !== undefined && key.refSchema === partitionOf.schema && key.refTable === partitionOf.table
      ? parent
      : foreignKeyUses(schema, name, key),
  );
  return [
    thing.schema(schema),
    ...table.columns.flatMap(columnUses),
    ...parent,
    ...(table.inherits ?? []).map((p) => thing.relation(p.schema, p.table)),
    ...keys,
  ];
}

/** What a table makes: itself, its row type, the sequences of its serial columns, and one of its parent's partitions. */
function tableMakes(table: TableModel): Thing[] {
  const { schema, name } = table;
  return [
    ...relationAndType(schema, name),
    ...table.columns.flatMap((column) => columnMakes(schema, name, column)),
    ...(table.partitionOf === undefined ? [] : [thing.partitions(table.partitionOf.schema, table.partitionOf.table)]),
  ];
}

/** What a view uses: its schema, the relations and routines the catalog records, and its columns' types. */
function viewUses(view: ViewModel): Thing[] {
  return [
    thing.schema(view.schema),
    ...view.dependsOn.map(dependencyThing),
    ...view.columns.flatMap((c) => typesIn(c.type)),
  ];
}

/** What a routine uses: its schema, its signature's types, and what the catalog records it using. */
function routineUses(routine: FunctionModel): Thing[] {
  return [
    thing.schema(routine.schema),
    ...typesIn(routine.argumentTypes),
    ...typesIn(routine.result),
    ...routine.dependsOn.map(dependencyThing),
  ];
}

function routineThing(routine: FunctionModel): Thing {
  return thing.routine(routine.schema, routine.name, routine.argumentTypes);
}

/** A `dependsOn` entry: a routine when it has argument types, a relation otherwise. */
function dependencyThing(ref: DependencyRef): Thing {
  return ref.argumentTypes === undefined
    ? thing.relation(ref.schema, ref.name)
    : thing.routine(ref.schema, ref.name, ref.argumentTypes);
}

function domainUses(domain: DomainModel): Thing[] {
  return [thing.schema(domain.schema), ...typesIn(domain.type)];
}

function compositeUses(composite: CompositeTypeModel): Thing[] {
  return [thing.schema(composite.schema), ...composite.attributes.flatMap((a) => typesIn(a.type))];
}

/**
 * What a range type uses: its schema, its subtype's user types, its
 * collation, and its functions: `subtype_diff(subtype, subtype)` and
 * `canonical(range)` (built-in ones, printed bare, name nothing).
 */
/** A range type and its multirange. */
function rangeTypes(range: RangeTypeModel): Thing[] {
  return [thing.type(range.schema, range.name), thing.type(range.schema, multirangeTypeName(range))];
}

function rangeUses(range: RangeTypeModel): Thing[] {
  const routine = (name: string | undefined, argumentTypes: string): Thing[] =>
    name === undefined
      ? []
      : qualifiedReferences(tokenizeSql(name)).map((r) => thing.routine(r.schema.text, r.name.text, argumentTypes));
  const collation = range.collation === undefined ? [] : qualifiedReferences(tokenizeSql(range.collation));
  return [
    thing.schema(range.schema),
    ...typesIn(range.subtype),
    ...collation.map((r) => thing.collation(r.schema.text, r.name.text)),
    ...routine(range.subtypeDiff, `${range.subtype}, ${range.subtype}`),
    ...routine(range.canonical, qualifiedTypeName(range.schema, range.name)),
  ];
}

/** The function a trigger's definition runs: `EXECUTE FUNCTION schema.name(...)`, a routine of no arguments. */
function triggerFunction(definition: string): Thing[] {
  const tokens = tokenizeSql(definition);
  const at = tokens.findIndex(
    (t, i) => isWord(t, 'execute') && (isWord(tokens[i + 1], 'function') || isWord(tokens[i + 1], 'procedure')),
  );
  if (at < 0) return [];
  const [schema, dot, name] = [tokens[at + 2], tokens[at + 3], tokens[at + 4]];
  if (schema?.kind !== 'ident' || !isPunct(dot, '.') || name?.kind !== 'ident') return [];
  return [thing.routine(schema.text, name.text, '')];
}

/** The object a renamed object's key names in its namespace, or the table it belongs to. */
function renamedThing(op: OperationOf<'renameObject'>, name: string): Thing[] {
  switch (op.object) {
    case 'enum':
    case 'domain':
      return [thing.type(op.schema, name)];
    case 'sequence':
      return [thing.relation(op.schema, name)];
    case 'view':
    case 'materializedView':
      return relationAndType(op.schema, name);
    case 'function':
    case 'procedure':
    case 'aggregate':
      return [thing.routine(op.schema, name, op.argumentTypes ?? '')];
    case 'constraint':
    case 'policy':
    case 'trigger':
      return [];
  }
}

/** The tables a column moves to or from (`keptBy`, `takenFrom`), or a publication lists. */
const relations = (tables: readonly { schema: string; table: string }[] | undefined): Thing[] =>
  (tables ?? []).map((t) => thing.relation(t.schema, t.table));

/** The tables and schemas a publication lists. */
function publicationUses(publication: PublicationModel): Thing[] {
  return [...relations(publication.tables), ...publication.schemas.map(thing.schema)];
}

const onTable = (op: { schema: string; table: string }): Footprint =>
  footprintOf({ needs: [thing.relation(op.schema, op.table)] });

/** What a comment is on, where the footprints name it. */
function commentOn(target: CommentTarget): Thing[] {
  const { schema, name, parent = '' } = target;
  switch (target.on) {
    case 'schema':
      return [thing.schema(name)];
    case 'table':
    case 'view':
    case 'materializedView':
    case 'foreignTable':
    case 'sequence':
    case 'index':
      return [thing.relation(schema, name)];
    case 'column':
    case 'constraint':
    case 'trigger':
    case 'rule':
    case 'policy':
      return [thing.relation(schema, parent)];
    case 'type':
      return [thing.type(schema, name)];
    case 'domainConstraint':
      return [thing.type(schema, parent)];
    case 'function':
    case 'procedure':
    case 'aggregate':
      return [thing.routine(schema, name, target.argumentTypes ?? '')];
    case 'collation':
      return [thing.collation(schema, name)];
    case 'extension':
      return [thing.extension(name)];
    case 'textSearchDictionary':
    case 'textSearchConfiguration':
    case 'operator':
    case 'cast':
    case 'publication':
      return [];
  }
}

/**
 * Every kind's footprint: a kind added to `Operation` fails to compile here
 * until it says what it makes, needs, removes and releases.
 */
const FOOTPRINTS: PerKind<Footprint> = {
  // Schemas.
  createSchema: (op) => footprintOf({ makes: [thing.schema(op.schema)] }),
  dropSchema: (op) => footprintOf({ removes: [thing.schema(op.schema)] }),
  renameSchema: (op) => footprintOf({ removes: [thing.schema(op.from)], makes: [thing.schema(op.to)] }),
  // Enums.
  createEnum: (op) =>
    footprintOf({ makes: [thing.type(op.enum.schema, op.enum.name)], needs: [thing.schema(op.enum.schema)] }),
  dropEnum: (op) => footprintOf({ removes: [thing.type(op.schema, op.name)], releases: [thing.schema(op.schema)] }),
  addEnumValue: (op) => footprintOf({ needs: [thing.type(op.schema, op.name)] }),
  renameEnumValue: (op) => footprintOf({ needs: [thing.type(op.schema, op.name)] }),
  replaceEnum: (op) =>
    footprintOf({
      makes: [thing.type(op.schema, op.name)],
      needs: op.columns.map((c) => thing.relation(c.schema, c.table)),
    }),
  // Tables.
  createTable: (op) => footprintOf({ makes: tableMakes(op.table), needs: tableUses(op.table) }),
  dropTable: (op) =>
    footprintOf({
      removes: op.removed === undefined ? relationAndType(op.schema, op.name) : tableMakes(op.removed),
      releases: op.removed === undefined ? [thing.schema(op.schema)] : tableUses(op.removed),
    }),
  setUnlogged: onTable,
  setReplicaIdentity: (op) =>
    footprintOf({
      needs: [
        thing.relation(op.schema, op.table),
        ...(op.to !== null && typeof op.to === 'object' ? [thing.index(op.schema, op.to.index)] : []),
      ],
    }),
  setStorageParameters: onTable,
  // Columns.
  addColumn: (op) =>
    footprintOf({
      makes: columnMakes(op.schema, op.table, op.column),
      needs: [thing.relation(op.schema, op.table), ...relations(op.takenFrom), ...columnUses(op.column)],
    }),
  dropColumn: (op) =>
    footprintOf({
      needs: [thing.relation(op.schema, op.table), ...relations(op.keptBy)],
      releases: op.removed === undefined ? [] : columnUses(op.removed),
    }),
  alterColumn: (op) =>
    footprintOf({
      needs: [
        thing.relation(op.schema, op.table),
        ...(op.to.type === undefined ? [] : typesIn(op.to.type)),
        ...sequencesIn(op.to.default),
      ],
      releases: [...(op.from?.type === undefined ? [] : typesIn(op.from.type)), ...sequencesIn(op.from?.default)],
    }),
  backfill: onTable,
  // Constraints and indexes.
  addConstraint: (op) =>
    footprintOf({
      makes:
        op.constraint.type === 'primaryKey' || op.constraint.type === 'unique'
          ? [thing.index(op.schema, op.constraint.name)]
          : [],
      needs: [
        thing.relation(op.schema, op.table),
        ...(op.constraint.type === 'foreignKey' ? foreignKeyUses(op.schema, op.table, op.constraint) : []),
      ],
    }),
  dropConstraint: (op) =>
    footprintOf({
      needs: [thing.relation(op.schema, op.table)],
      releases: op.removed?.type === 'foreignKey' ? foreignKeyUses(op.schema, op.table, op.removed) : [],
    }),
  createIndex: (op) =>
    footprintOf({ makes: [thing.index(op.schema, op.index.name)], needs: [thing.relation(op.schema, op.table)] }),
  dropIndex: onTable,
  renameIndex: () => NONE,
  // Renames.
  renameTable: (op) =>
    footprintOf({ removes: relationAndType(op.schema, op.from), makes: relationAndType(op.schema, op.to) }),
  renameColumn: onTable,
  renameObject: (op) =>
    op.table !== undefined
      ? footprintOf({ needs: [thing.relation(op.schema, op.table)] })
      : footprintOf({ removes: renamedThing(op, op.from), makes: renamedThing(op, op.to) }),
  // Row-level security.
  setRowLevelSecurity: onTable,
  createPolicy: onTable,
  dropPolicy: () => NONE,
  // Partitions and rebuilds.
  attachPartition: (op) =>
    footprintOf({
      makes: [thing.partitions(op.partitionOf.schema, op.partitionOf.table)],
      needs: [thing.relation(op.schema, op.table), thing.relation(op.partitionOf.schema, op.partitionOf.table)],
    }),
  // The partition leaves its parent's set: after what reads the set (a holding table's copy of the rows).
  detachPartition: (op) =>
    footprintOf({
      needs: [thing.relation(op.schema, op.table)],
      removes: [thing.partitions(op.partitionOf.schema, op.partitionOf.table)],
    }),
  stashRows: (op) =>
    footprintOf({
      makes: [thing.relation(op.schema, op.stash)],
      // Through the table, its partitions' rows too.
      reads: [thing.relation(op.schema, op.table), thing.partitions(op.schema, op.table)],
    }),
  restoreRows: (op) =>
    footprintOf({
      removes: [thing.relation(op.schema, op.stash)],
      needs: [thing.relation(op.schema, op.table), thing.relation(op.schema, op.stash)],
    }),
  // Inheritance.
  inheritTable: (op) =>
    footprintOf({ needs: [thing.relation(op.schema, op.table), thing.relation(op.parent.schema, op.parent.table)] }),
  noInheritTable: onTable,
  // Extensions, sequences, domains, triggers, comments.
  createExtension: (op) =>
    footprintOf({ makes: [thing.extension(op.extension.name)], needs: [thing.schema(op.extension.schema)] }),
  dropExtension: (op) =>
    footprintOf({
      removes: [thing.extension(op.name)],
      releases: op.removed === undefined ? [] : [thing.schema(op.removed.schema)],
    }),
  alterExtension: (op) =>
    footprintOf({
      needs: [thing.extension(op.name), thing.schema(op.schema)],
      releases: op.from === undefined ? [] : [thing.schema(op.from)],
    }),
  createSequence: (op) =>
    footprintOf({
      makes: [thing.relation(op.sequence.schema, op.sequence.name)],
      needs: [
        thing.schema(op.sequence.schema),
        ...(op.sequence.ownedBy === null ? [] : [thing.relation(op.sequence.schema, op.sequence.ownedBy.table)]),
      ],
    }),
  dropSequence: (op) =>
    footprintOf({ removes: [thing.relation(op.schema, op.name)], releases: [thing.schema(op.schema)] }),
  alterSequence: (op) =>
    footprintOf({
      needs: [
        thing.relation(op.schema, op.name),
        ...(op.to.ownedBy === undefined || op.to.ownedBy === null
          ? []
          : [thing.relation(op.schema, op.to.ownedBy.table)]),
      ],
    }),
  createDomain: (op) =>
    footprintOf({ makes: [thing.type(op.domain.schema, op.domain.name)], needs: domainUses(op.domain) }),
  dropDomain: (op) =>
    footprintOf({
      removes: [thing.type(op.schema, op.name)],
      releases: op.removed === undefined ? [thing.schema(op.schema)] : domainUses(op.removed),
    }),
  alterDomain: (op) => footprintOf({ needs: [thing.type(op.schema, op.name)] }),
  replaceDomain: (op) =>
    footprintOf({
      makes: [thing.type(op.domain.schema, op.domain.name)],
      needs: [...domainUses(op.domain), ...op.columns.map((c) => thing.relation(c.schema, c.table))],
      releases: op.from === undefined ? [] : typesIn(op.from.type),
    }),
  createTrigger: (op) =>
    footprintOf({
      needs: [thing.relation(op.trigger.schema, op.trigger.table), ...triggerFunction(op.trigger.definition)],
    }),
  alterFiring: (op) => footprintOf({ needs: [thing.relation(op.schema, op.table)] }),
  createEventTrigger: (op) =>
    footprintOf({ needs: [thing.routine(op.eventTrigger.functionSchema, op.eventTrigger.function, '')] }),
  dropEventTrigger: (op) =>
    footprintOf({
      releases: op.removed === undefined ? [] : [thing.routine(op.removed.functionSchema, op.removed.function, '')],
    }),
  alterEventTrigger: () => NONE,
  dropTrigger: (op) =>
    footprintOf({ releases: op.removed === undefined ? [] : triggerFunction(op.removed.definition) }),
  // A comment removed is removed from the object as it stands (before a rebuild drops it); one set, from the object made.
  setComment: (op) =>
    op.comment === null ? footprintOf({ reads: commentOn(op.target) }) : footprintOf({ needs: commentOn(op.target) }),
  // Composite types.
  createCompositeType: (op) =>
    footprintOf({
      makes: [thing.type(op.composite.schema, op.composite.name)],
      needs: compositeUses(op.composite),
    }),
  dropCompositeType: (op) =>
    footprintOf({
      removes: [thing.type(op.schema, op.name)],
      releases: op.removed === undefined ? [thing.schema(op.schema)] : compositeUses(op.removed),
    }),
  addCompositeAttribute: (op) =>
    footprintOf({ needs: [thing.type(op.schema, op.name), ...typesIn(op.attribute.type)] }),
  dropCompositeAttribute: (op) =>
    footprintOf({
      needs: [thing.type(op.schema, op.name)],
      releases: op.removed === undefined ? [] : typesIn(op.removed.type),
    }),
  alterCompositeAttribute: (op) =>
    footprintOf({
      needs: [thing.type(op.schema, op.name), ...typesIn(op.to.type)],
      releases: op.from === undefined ? [] : typesIn(op.from.type),
    }),
  // Range types.
  // A range makes its multirange too (PostgreSQL 14 on), and dropping it drops that.
  createRangeType: (op) => footprintOf({ makes: rangeTypes(op.range), needs: rangeUses(op.range) }),
  dropRangeType: (op) =>
    footprintOf({
      removes: op.removed === undefined ? [thing.type(op.schema, op.name)] : rangeTypes(op.removed),
      releases: op.removed === undefined ? [thing.schema(op.schema)] : rangeUses(op.removed),
    }),
  // Views and routines.
  createView: (op) => footprintOf({ makes: relationAndType(op.view.schema, op.view.name), needs: viewUses(op.view) }),
  dropView: (op) =>
    footprintOf({
      removes: relationAndType(op.schema, op.name),
      releases: op.removed === undefined ? [thing.schema(op.schema)] : viewUses(op.removed),
    }),
  replaceView: (op) =>
    footprintOf({
      makes: relationAndType(op.view.schema, op.view.name),
      needs: viewUses(op.view),
      releases: op.from === undefined ? [] : viewUses(op.from),
    }),
  createFunction: (op) => footprintOf({ makes: [routineThing(op.function)], needs: routineUses(op.function) }),
  dropFunction: (op) =>
    footprintOf({
      removes: [thing.routine(op.schema, op.name, op.argumentTypes)],
      releases: op.removed === undefined ? [thing.schema(op.schema)] : routineUses(op.removed),
    }),
  replaceFunction: (op) =>
    footprintOf({
      makes: [routineThing(op.function)],
      needs: routineUses(op.function),
      releases: op.from === undefined ? [] : routineUses(op.from),
    }),
  // Collations and rules.
  createCollation: (op) =>
    footprintOf({
      makes: [thing.collation(op.collation.schema, op.collation.name)],
      needs: [thing.schema(op.collation.schema)],
    }),
  dropCollation: (op) =>
    footprintOf({ removes: [thing.collation(op.schema, op.name)], releases: [thing.schema(op.schema)] }),
  createRule: (op) => footprintOf({ needs: [thing.relation(op.rule.schema, op.rule.table)] }),
  dropRule: () => NONE,
  replaceRule: (op) => footprintOf({ needs: [thing.relation(op.rule.schema, op.rule.table)] }),
  // Extended statistics.
  createStatistics: (op) =>
    footprintOf({
      needs: [thing.schema(op.statistics.schema), thing.relation(op.statistics.tableSchema, op.statistics.table)],
    }),
  dropStatistics: (op) => footprintOf({ releases: [thing.schema(op.schema)] }),
  alterStatistics: () => NONE,
  // Publications: what they list must exist; a table they stop listing is dropped after.
  createPublication: (op) => footprintOf({ needs: publicationUses(op.publication) }),
  dropPublication: (op) => footprintOf({ releases: op.removed === undefined ? [] : publicationUses(op.removed) }),
  alterPublication: (op) => {
    const kept = new Set(publicationUses(op.to));
    return footprintOf({ needs: [...kept], releases: publicationUses(op.from).filter((t) => !kept.has(t)) });
  },
  // Casts.
  createCast: (op) => footprintOf({ needs: [...typesIn(op.cast.source), ...typesIn(op.cast.target)] }),
  dropCast: (op) => footprintOf({ releases: [...typesIn(op.source), ...typesIn(op.target)] }),
  // Text search.
  createTextSearchDictionary: (op) => footprintOf({ needs: [thing.schema(op.dictionary.schema)] }),
  alterTextSearchDictionary: () => NONE,
  dropTextSearchDictionary: (op) => footprintOf({ releases: [thing.schema(op.schema)] }),
  createTextSearchConfiguration: (op) => footprintOf({ needs: [thing.schema(op.configuration.schema)] }),
  alterTextSearchConfiguration: () => NONE,
  dropTextSearchConfiguration: (op) => footprintOf({ releases: [thing.schema(op.schema)] }),
  // Operators.
  createOperator: (op) =>
    footprintOf({
      needs: [
        thing.schema(op.operator.schema),
        ...(op.operator.left === null ? [] : typesIn(op.operator.left)),
        ...typesIn(op.operator.right),
      ],
    }),
  dropOperator: (op) =>
    footprintOf({
      releases: [thing.schema(op.schema), ...(op.left === null ? [] : typesIn(op.left)), ...typesIn(op.right)],
    }),
  alterOperator: () => NONE,
  createOperatorClass: (op) =>
    footprintOf({ needs: [thing.schema(op.operatorClass.schema), ...typesIn(op.operatorClass.type)] }),
  dropOperatorClass: (op) =>
    footprintOf({
      releases: [thing.schema(op.schema), ...(op.removed === undefined ? [] : typesIn(op.removed.type))],
    }),
  // Foreign data.
  createForeignDataWrapper: (op) => footprintOf({ makes: [thing.wrapper(op.wrapper.name)] }),
  dropForeignDataWrapper: (op) => footprintOf({ removes: [thing.wrapper(op.name)] }),
  alterForeignDataWrapper: (op) => footprintOf({ needs: [thing.wrapper(op.name)] }),
  createForeignServer: (op) =>
    footprintOf({ makes: [thing.server(op.server.name)], needs: [thing.wrapper(op.server.wrapper)] }),
  dropForeignServer: (op) =>
    footprintOf({
      removes: [thing.server(op.name)],
      releases: op.removed === undefined ? [] : [thing.wrapper(op.removed.wrapper)],
    }),
  alterForeignServer: (op) => footprintOf({ needs: [thing.server(op.name)] }),
  createForeignTable: (op) =>
    footprintOf({
      makes: relationAndType(op.table.schema, op.table.name),
      needs: [
        thing.schema(op.table.schema),
        thing.server(op.table.server),
        ...op.table.columns.flatMap((c) => typesIn(c.type)),
      ],
    }),
  dropForeignTable: (op) =>
    footprintOf({
      removes: relationAndType(op.schema, op.name),
      releases:
        op.removed === undefined
          ? [thing.schema(op.schema)]
          : [
              thing.schema(op.schema),
              thing.server(op.removed.server),
              ...op.removed.columns.flatMap((c) => typesIn(c.type)),
            ],
    }),
  alterForeignTable: (op) =>
    footprintOf({
      needs: [thing.relation(op.schema, op.name), ...op.to.columns.flatMap((c) => typesIn(c.type))],
      releases: op.from.columns.flatMap((c) => typesIn(c.type)),
    }),
  // Privileges and owners: the revision's frame runs them around the rest.
  grant: () => NONE,
  revoke: () => NONE,
  grantDefault: () => NONE,
  revokeDefault: () => NONE,
  alterOwner: () => NONE,
  // SQL a revision runs itself says nothing of what it uses.
  executeSql: () => NONE,
};
