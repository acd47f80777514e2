import type { ColumnModel, ConstraintModel, TableModel, ViewModel } from '../schema/model.js';
import { constraintsOf } from '../schema/model.js';
import { plainIntegerType } from '../schema/types.js';
import { footprint } from './footprint.js';
import { thing } from './things.js';
import { forKind, type Operation, type PerKind } from './operation.js';
import { everyObjectFamilyKind } from './operation-specs.js';

/*
 * The relations an operation locks, each held until its transaction ends:
 * what the server's shared lock table must have room for while a revision
 * runs (`max_locks_per_transaction` for each connection slot). A relation
 * created, dropped or altered takes a lock of its own, and so does each
 * relation that comes with it: a table's indexes, the sequences of its
 * serial and identity columns, and its TOAST table and TOAST index when a
 * column may be stored out of line. The footprint (`footprint.ts`) names
 * the relations an operation makes, needs, removes, releases and reads;
 * the indexes and TOAST relations it does not name are added here. A table
 * dropped also locks each object that goes with it (each constraint, column
 * default or generation expression, policy, and its row and array types),
 * each an entry of the same lock table, keyed under the table here: a
 * downgrade dropping many tables holds several times the locks their
 * creation did. An estimate: a relation counts once however many operations
 * lock it, and what a cascade or `op.execute` SQL locks is not read.
 */

/** The keys of the relations `op` locks; a relation's own index or TOAST relation is keyed under it. */
export function lockedRelations(op: Operation): string[] {
  const { makes, needs, removes, releases, reads } = footprint(op);
  const named = [...makes, ...needs, ...removes, ...releases, ...reads].flatMap((thing) =>
    thing.startsWith('relation:') ? [thing] : [],
  );
  return [...named, ...comesWith(op)];
}

/** How many distinct relations the operations lock, run in one transaction. */
export function countLockedRelations(operations: Iterable<Operation>): number {
  const keys = new Set<string>();
  for (const op of operations) for (const key of lockedRelations(op)) keys.add(key);
  return keys.size;
}

/**
 * The relations an operation locks besides those its footprint names: those
 * that come with a table, index, constraint or materialized view it creates
 * or drops. A kind added to `Operation` fails to compile here until it says,
 * but for the operations on the objects besides tables: only a materialized
 * view's come with relations.
 */
function comesWith(op: Operation): string[] {
  return forKind(COMES_WITH, op);
}

const none = (): string[] => [];

const COMES_WITH: PerKind<string[]> = {
  // Schemas.
  createSchema: none,
  dropSchema: none,
  renameSchema: none,
  // Enums.
  createEnum: none,
  dropEnum: none,
  addEnumValue: none,
  renameEnumValue: none,
  replaceEnum: none,
  // Tables.
  createTable: (op) => tableParts(op.table),
  // Without the removed table, only its TOAST relations can be assumed.
  dropTable: (op) =>
    op.removed === undefined ? toastOf(op.schema, op.name) : [...tableParts(op.removed), ...droppedWith(op.removed)],
  setUnlogged: none,
  // The table a replica identity is set on is in the footprint.
  setReplicaIdentity: none,
  setClusterOn: none,
  setStorageParameters: none,
  setIndexStatistics: none,
  // Columns.
  addColumn: (op) => identitySequences(op.schema, op.table, [op.column]),
  dropColumn: none,
  alterColumn: none,
  backfill: none,
  // Constraints and indexes.
  addConstraint: (op) => constraintIndex(op.schema, op.constraint),
  dropConstraint: (op) => (op.removed === undefined ? [] : constraintIndex(op.schema, op.removed)),
  // A foreign key or check: no index of its own.
  alterConstraint: none,
  createIndex: (op) => [indexKey(op.schema, op.index.name)],
  dropIndex: (op) => [indexKey(op.schema, op.name)],
  renameIndex: (op) => [indexKey(op.schema, op.from)],
  // Renames.
  renameTable: none,
  renameColumn: none,
  renameObject: none,
  // Row-level security.
  setRowLevelSecurity: none,
  createPolicy: none,
  dropPolicy: none,
  // Partitions and rebuilds.
  attachPartition: none,
  detachPartition: none,
  stashRows: none,
  restoreRows: none,
  // Inheritance.
  inheritTable: none,
  noInheritTable: none,
  // The objects besides tables: the relations they lock are those their footprints name, but a materialized
  // view comes with its indexes and TOAST relations.
  ...everyObjectFamilyKind(none),
  createView: (op) => viewParts(op.view),
  dropView: (op) => (op.removed === undefined ? [] : viewParts(op.removed)),
  // SQL a revision runs itself says nothing of what it uses.
  executeSql: none,
};

/** A table's indexes (its constraints' too), the sequences of its identity columns, and its TOAST relations. */
function tableParts(table: TableModel): string[] {
  const { schema, name } = table;
  const indexNames = [
    ...(table.primaryKey === null ? [] : [table.primaryKey.name]),
    ...table.uniques.map((u) => u.name),
    ...(table.exclusions ?? []).map((e) => e.name),
    ...table.indexes.map((i) => i.name),
  ];
  return [
    ...indexNames.map((index) => indexKey(schema, index)),
    ...identitySequences(schema, name, table.columns),
    // A partitioned table stores no rows; a partition's columns are its parent's, not seen here.
    ...(table.partitionBy === undefined && (table.partitionOf !== undefined || table.columns.some(isToastable))
      ? toastOf(schema, name)
      : []),
  ];
}

/** The objects besides relations a table's drop locks: its constraints, defaults, policies and types. */
function droppedWith(table: TableModel): string[] {
  const key = thing.relation(table.schema, table.name);
  return [
    ...constraintsOf(table).map((c) => `${key}#constraint:${c.name}`),
    ...table.columns
      .filter((c) => c.default !== null || c.generated !== undefined || plainIntegerType(c.type) !== c.type)
      .map((c) => `${key}#default:${c.name}`),
    ...(table.policies ?? []).map((p) => `${key}#policy:${p.name}`),
    `${key}#type`,
    `${key}#array-type`,
  ];
}

function viewParts(view: ViewModel): string[] {
  if (!view.materialized) return [];
  return [...view.indexes.map((i) => indexKey(view.schema, i.name)), ...toastOf(view.schema, view.name)];
}

function constraintIndex(schema: string, constraint: ConstraintModel): string[] {
  return constraint.type === 'primaryKey' || constraint.type === 'unique' || constraint.type === 'exclusion'
    ? [indexKey(schema, constraint.name)]
    : [];
}

/** An identity column's sequence (a serial column's is in the footprint). */
function identitySequences(schema: string, table: string, columns: readonly ColumnModel[]): string[] {
  return columns.filter((c) => c.identity !== null).map((c) => `${thing.relation(schema, table)}#identity:${c.name}`);
}

/** An index is a relation of its table's schema. */
function indexKey(schema: string, index: string): string {
  return thing.relation(schema, index);
}

function toastOf(schema: string, name: string): string[] {
  const table = thing.relation(schema, name);
  return [`${table}#toast`, `${table}#toast-index`];
}

/** Types of a fixed length, which Postgres never stores out of line; any other may need a TOAST table. */
const FIXED_LENGTH = new Set([
  'smallint',
  'integer',
  'bigint',
  'int2',
  'int4',
  'int8',
  'int',
  'smallserial',
  'serial',
  'bigserial',
  'serial2',
  'serial4',
  'serial8',
  'real',
  'double precision',
  'float4',
  'float8',
  'boolean',
  'bool',
  'date',
  'time',
  'timetz',
  'timestamp',
  'timestamptz',
  'time without time zone',
  'time with time zone',
  'timestamp without time zone',
  'timestamp with time zone',
  'interval',
  'uuid',
  'money',
  'oid',
  '"char"',
  'macaddr',
  'macaddr8',
  'point',
  'box',
  'lseg',
  'line',
  'circle',
  'pg_lsn',
]);

function isToastable(column: ColumnModel): boolean {
  const type = column.type
    .toLowerCase()
    .replace(/\(\d+\)/, '')
    .trim();
  return !FIXED_LENGTH.has(type);
}
