import type {
  ColumnModel,
  ConstraintModel,
  ForeignKeyModel,
  IndexModel,
  ServerTraits,
  TableModel,
} from '../../schema/model.js';
import type { Operation, OperationOf } from '../../ops/operation.js';
import type { MovedColumnTable } from '../../ops/families/columns.js';
import type { AlterableConstraint, ConstraintState } from '../../ops/families/keys.js';
import type { Step } from '../steps.js';
import { type AlterColumnOperation, compareColumns } from './compare-columns.js';
import { tableIndex, type Dependents } from '../../schema/model-index.js';
import { comparedInheritance, type ColumnMove } from './compare-inherited.js';
import { idKind, partId, tableColumnIds } from '../../schema/object-id.js';
import { blockedClosure, changed } from '../graph/closure.js';
import {
  compareConstraints,
  constraintKey,
  dependsOnKey,
  foreignKeyConstraint,
  isForeignKey,
  type UniqueKeyRef,
} from './compare-constraints.js';
import { compareIndexes, indexKey, storageInPlace } from './compare-indexes.js';
import { compareTuples, orderedTable, sameValue, sortByQualifiedName } from './compare-values.js';
import { qualifiedKey } from '../../schema/model.js';

/**
 * An operation on a table both sides have: a constraint, an index or a
 * column dropped, altered or added.
 */
export type TableChangeOp =
  | (OperationOf<'dropConstraint'> & { removed: ConstraintModel })
  | (OperationOf<'dropIndex'> & { removed: IndexModel })
  | (OperationOf<'dropColumn'> & { removed: ColumnModel })
  | AlterColumnOperation
  | OperationOf<'addColumn'>
  | OperationOf<'addConstraint'>
  | OperationOf<'alterConstraint'>
  | OperationOf<'createIndex'>;

/** The slots of a table's changes: its foreign keys dropped first and added last, the rest dropped, then altered and added. */
export type TableChangeSlot = 'foreignKeyDrops' | 'tableChangeDrops' | 'tableChangeAdds' | 'foreignKeyAdds';

/** A step of a table both sides have. */
export interface TableStep extends Step {
  readonly op: TableChangeOp;
  readonly slot: TableChangeSlot;
}

/** Dropping `constraint` (a foreign key first, before the other drops). */
export function dropConstraintStep(schema: string, table: string, constraint: ConstraintModel): TableStep {
  return {
    op: { kind: 'dropConstraint', schema, table, name: constraint.name, removed: constraint },
    slot: isForeignKey(constraint) ? 'foreignKeyDrops' : 'tableChangeDrops',
  };
}

/** Adding `constraint` (a foreign key last, after the other adds). */
export function addConstraintStep(schema: string, table: string, constraint: ConstraintModel): TableStep {
  return {
    op: { kind: 'addConstraint', schema, table, constraint },
    slot: isForeignKey(constraint) ? 'foreignKeyAdds' : 'tableChangeAdds',
  };
}

/** Changing a constraint in place (a foreign key last, with the adds). */
export function alterConstraintStep(
  schema: string,
  table: string,
  { constraint, from }: { constraint: AlterableConstraint; from: ConstraintState },
): TableStep {
  return {
    op: { kind: 'alterConstraint', schema, table, constraint, from },
    slot: isForeignKey(constraint) ? 'foreignKeyAdds' : 'tableChangeAdds',
  };
}

export function dropIndexStep(schema: string, table: string, index: IndexModel): TableStep {
  return { op: { kind: 'dropIndex', schema, table, name: index.name, removed: index }, slot: 'tableChangeDrops' };
}

export function createIndexStep(schema: string, table: string, index: IndexModel): TableStep {
  return { op: { kind: 'createIndex', schema, table, index }, slot: 'tableChangeAdds' };
}

export function dropColumnStep(schema: string, table: string, column: ColumnModel): TableStep {
  return { op: { kind: 'dropColumn', schema, table, column: column.name, removed: column }, slot: 'tableChangeDrops' };
}

export function addColumnStep(schema: string, table: string, column: ColumnModel): TableStep {
  return { op: { kind: 'addColumn', schema, table, column }, slot: 'tableChangeAdds' };
}

export function alterColumnStep(op: AlterColumnOperation): TableStep {
  return { op, slot: 'tableChangeAdds' };
}

/** The table (`qualifiedKey`) a step changes. */
export function tableOfStep(step: TableStep): string {
  return qualifiedKey(step.op.schema, step.op.table);
}

/**
 * The name a step's constraint or index has, or its column's; the scheduler
 * sorts a table's steps of one kind by it, except columns, which go by their
 * places in the table (`order/places.ts`).
 */
export function nameOfStep(step: TableStep): string {
  const { op } = step;
  switch (op.kind) {
    case 'dropConstraint':
    case 'dropIndex':
      return op.name;
    case 'addConstraint':
    case 'alterConstraint':
      return op.constraint.name;
    case 'createIndex':
      return op.index.name;
    case 'dropColumn':
    case 'alterColumn':
      return op.column;
    case 'addColumn':
      return op.column.name;
  }
}

/** The key of the object named `name` on a table: what `stepKeys` holds. */
export function stepKey(schema: string, table: string, name: string): string {
  return qualifiedKey(qualifiedKey(schema, table), name);
}

/** The keys (`stepKey`) of the objects the steps of `kind` name. */
export function stepKeys(steps: readonly TableStep[], kind: TableChangeOp['kind']): Set<string> {
  const keys = new Set<string>();
  for (const step of steps)
    if (step.op.kind === kind) keys.add(stepKey(step.op.schema, step.op.table, nameOfStep(step)));
  return keys;
}

/** `steps` with each of `more` after them, unless a step of its kind on its table names the same object. */
export function withStepsOnce(steps: readonly TableStep[], more: readonly TableStep[]): TableStep[] {
  const seen = new Map<TableChangeOp['kind'], Set<string>>();
  const result = [...steps];
  for (const step of more) {
    const { kind, schema, table } = step.op;
    const keys = seen.get(kind) ?? stepKeys(steps, kind);
    seen.set(kind, keys);
    const key = stepKey(schema, table, nameOfStep(step));
    if (keys.has(key)) continue;
    keys.add(key);
    result.push(step);
  }
  return result;
}

/**
 * The table changes without the constraints changed in place that another
 * step drops (the rows of a column retyped, a routine a check calls, a key a
 * foreign key references): each of those comes back as the target has it
 * already. `others` are the revision's operations besides the table changes.
 */
export function withoutAltersOfRenewed(steps: readonly TableStep[], others: readonly Operation[]): TableStep[] {
  const dropped = stepKeys(steps, 'dropConstraint');
  for (const op of others) if (op.kind === 'dropConstraint') dropped.add(stepKey(op.schema, op.table, op.name));
  return steps.filter(
    (step) =>
      step.op.kind !== 'alterConstraint' || !dropped.has(stepKey(step.op.schema, step.op.table, nameOfStep(step))),
  );
}

/** The columns the steps that pass `test` name, by table (`qualifiedKey`). */
export function columnsOf(steps: readonly TableStep[], test: (op: TableChangeOp) => boolean): Map<string, Set<string>> {
  const columns = new Map<string, Set<string>>();
  for (const step of steps) {
    if (!test(step.op)) continue;
    const key = tableOfStep(step);
    const names = columns.get(key) ?? new Set<string>();
    names.add(nameOfStep(step));
    columns.set(key, names);
  }
  return columns;
}

export interface TablesComparison {
  /** Tables only the target has (the scheduler orders them). */
  create: TableModel[];
  /** Tables only the current side has (the scheduler orders them). */
  drop: TableModel[];
  /**
   * The steps that change the tables both sides have, in any order: the
   * scheduler puts them in order (`order/order.ts`), a table's columns by
   * their places in it (`order/places.ts`).
   */
  changes: TableStep[];
  /** Set by `compareTables`: changes `changes` leaves out, one message each with why, sorted by table (see `compareColumns`). */
  unsupported?: string[];
}

/** `published`: the tables (by `qualifiedKey`) whose changes are published on either side (see `compareColumns`). */
export function compareTables(
  current: readonly TableModel[],
  target: readonly TableModel[],
  dependents: Dependents,
  server: ServerTraits = {},
  published: ReadonlySet<string> = new Set(),
): Required<TablesComparison> {
  const currentByKey = byKey(current);
  const targetByKey = byKey(target);
  const sides = { current: tableIndex(current), target: tableIndex(target) };
  const inheritance = commonTables(currentByKey, target).map(([before, after]) =>
    comparedInheritance(before, after, sides),
  );
  const pairs = inheritance.map((table): [TableModel, TableModel] => [table.current, table.target]);
  const related = inheritedTables([...current, ...target]);
  const compared = inheritance.map((table) =>
    compareTable(table.current, table.target, dependents, movedColumns(table.moves), { server, published, related }),
  );
  const changes = withColumnMoves(
    compared.flatMap((table) => table.steps),
    inheritance.flatMap((table) => table.moves),
  );
  return {
    create: target.filter((t) => !currentByKey.has(keyOf(t))).map(orderedTable),
    drop: current.filter((t) => !targetByKey.has(keyOf(t))).map(orderedTable),
    changes: [...changes, ...dependentForeignKeys(pairs, changes)],
    unsupported: compared.flatMap((table) => table.unsupported),
  };
}

/** The tables (`qualifiedKey`) in an inheritance or partitioning, as parent or child, on either side. */
function inheritedTables(tables: readonly TableModel[]): Set<string> {
  const related = new Set<string>();
  for (const table of tables) {
    const parents = [...(table.inherits ?? []), ...(table.partitionOf === undefined ? [] : [table.partitionOf])];
    if (parents.length === 0 && table.partitionBy === undefined) continue;
    related.add(keyOf(table));
    for (const parent of parents) related.add(qualifiedKey(parent.schema, parent.table));
  }
  return related;
}

/** The names of the columns that move to or from the table the moves are of (`ColumnMove.child`). */
function movedColumns(moves: readonly ColumnMove[]): Set<string> {
  return new Set(moves.map((move) => move.column));
}

/**
 * The steps with each column that moves between a table and those that
 * inherit from it (`ColumnMove`) on the step that drops it from the table
 * (`keptBy`) or adds it there (`takenFrom`), the tables sorted by (schema, name).
 */
function withColumnMoves(steps: readonly TableStep[], moves: readonly ColumnMove[]): TableStep[] {
  if (moves.length === 0) return [...steps];
  const children = (way: ColumnMove['way']): Map<string, MovedColumnTable[]> => {
    const found = new Map<string, MovedColumnTable[]>();
    for (const move of moves.filter((m) => m.way === way)) {
      const key = stepKey(move.owner.schema, move.owner.table, move.column);
      const child = move.notNullName === undefined ? move.child : { ...move.child, notNullName: move.notNullName };
      found.set(key, [...(found.get(key) ?? []), child]);
    }
    for (const tables of found.values()) tables.sort((a, b) => compareTuples([a.schema, a.table], [b.schema, b.table]));
    return found;
  };
  const kept = children('kept');
  const taken = children('taken');
  return steps.map((step) => {
    const { op } = step;
    const key = stepKey(op.schema, op.table, nameOfStep(step));
    const keptBy = op.kind === 'dropColumn' ? kept.get(key) : undefined;
    if (op.kind === 'dropColumn' && keptBy !== undefined)
      return { ...step, op: { ...op, keptBy, keptColumn: op.removed } };
    const takenFrom = op.kind === 'addColumn' ? taken.get(key) : undefined;
    if (op.kind === 'addColumn' && takenFrom !== undefined) return { ...step, op: { ...op, takenFrom } };
    return step;
  });
}

/** The unique keys (primary keys, unique constraints, unique indexes) that the steps drop. */
export function droppedKeys(changes: readonly TableStep[]): UniqueKeyRef[] {
  return changes.flatMap(({ op }) => {
    const key = op.kind === 'dropConstraint' || op.kind === 'dropIndex' ? uniqueKeyOf(op) : null;
    return key === null ? [] : [key];
  });
}

/** The unique keys (primary keys, unique constraints, unique indexes) that the steps add. */
export function addedKeys(changes: readonly TableStep[]): UniqueKeyRef[] {
  return changes.flatMap(({ op }) => {
    const key = op.kind === 'addConstraint' || op.kind === 'createIndex' ? uniqueKeyOf(op) : null;
    return key === null ? [] : [key];
  });
}

/** The unique key a step's constraint or index is, or null. */
function uniqueKeyOf(op: TableChangeOp): UniqueKeyRef | null {
  switch (op.kind) {
    case 'dropConstraint':
      return constraintKey(op.schema, op.table, op.removed);
    case 'addConstraint':
      return constraintKey(op.schema, op.table, op.constraint);
    case 'dropIndex':
      return indexKey(op.schema, op.table, op.removed);
    case 'createIndex':
      return indexKey(op.schema, op.table, op.index);
    default:
      return null;
  }
}

/**
 * The steps of one table, and the column changes left out. A partition's
 * columns belong to its parent (the model lists none for it; here they are
 * the parent's, compared for their DEFAULT and NOT NULL, or as they stand
 * around an attach or a detach), so nothing is reported on a table that is
 * a partition on either side: a serial change is reported on the table that
 * declares the column.
 */
function compareTable(
  current: TableModel,
  target: TableModel,
  dependents: Dependents,
  moved: ReadonlySet<string>,
  around: { server: ServerTraits; published: ReadonlySet<string>; related: ReadonlySet<string> },
): { steps: TableStep[]; unsupported: string[] } {
  const { server, published, related } = around;
  // An unchanged table (most of them; where the canonical model took its live form, its parts are shared).
  if (sameValue(current, target) && moved.size === 0) return { steps: [], unsupported: [] };
  const sent = published.has(qualifiedKey(target.schema, target.name));
  const columns = compareColumns(current, target, server.expressionsInPlace === true, sent);
  // The constraints and indexes on a column dropped and added again go with it, and come back after it; so do
  // those on a column that moves from or to a parent (the column they were made on is dropped).
  const recreated = blockedClosure(
    dependents,
    changed(tableColumnIds(current, new Set([...columns.rebuilt, ...moved])), 'drop'),
    (id) => idKind(id) === 'constraint' || idKind(id) === 'index',
  );
  const uses = (kind: 'constraint' | 'index', name: string): boolean => recreated.has(partId(kind, current, name));
  // A partitioned table's indexes take no ALTER INDEX ... SET: one whose storage changes is built again.
  const inPlace = storageInPlace(target);
  // Changed in place only where a constraint is one row of the catalog: on a table of no inheritance or
  // partitioning, a foreign key referencing no partitioned table (its partitions' rows are apart).
  const alone = !related.has(keyOf(current)) && !related.has(keyOf(target));
  const constraints = compareConstraints(current, target, (c) => uses('constraint', c.name), {
    storageInPlace: inPlace,
    inPlace: (c) => alone && (c.type !== 'foreignKey' || !related.has(qualifiedKey(c.refSchema, c.refTable))),
  });
  const indexes = compareIndexes(current.indexes, target.indexes, (i) => uses('index', i.name), inPlace);
  const partition = current.partitionOf !== undefined || target.partitionOf !== undefined;
  const { schema, name: table } = target;
  const steps = [
    ...constraints.drop.map((c) => dropConstraintStep(schema, table, c)),
    ...indexes.drop.map((i) => dropIndexStep(schema, table, i)),
    ...columns.drop.map((c) => dropColumnStep(schema, table, c)),
    ...columns.alter.map(alterColumnStep),
    ...columns.add.map((c) => addColumnStep(schema, table, c)),
    ...constraints.add.map((c) => addConstraintStep(schema, table, c)),
    ...constraints.alter.map((c) => alterConstraintStep(schema, table, c)),
    ...indexes.add.map((i) => createIndexStep(schema, table, i)),
  ];
  return { steps, unsupported: partition ? [] : columns.unsupported };
}

/**
 * A foreign key that stays the same but references a unique key being
 * dropped (a primary key that changes, say) blocks that drop, and one whose
 * own or referenced columns change type would be checked by Postgres between
 * the two type changes (text -> uuid on both sides fails): it is dropped
 * first and added back at the end.
 */
function dependentForeignKeys(pairs: [TableModel, TableModel][], changes: readonly TableStep[]): TableStep[] {
  const keys = droppedKeys(changes);
  const retyped = retypedColumns(changes);
  if (keys.length === 0 && retyped.size === 0) return [];
  const dropped = stepKeys(changes, 'dropConstraint');
  return pairs.flatMap(([before, after]) =>
    before.foreignKeys.flatMap((key): TableStep[] => {
      if (dropped.has(stepKey(after.schema, after.name, key.name))) return [];
      if (!keys.some((unique) => dependsOnKey(key, unique)) && !usesRetypedColumn(before, key, retyped)) return [];
      // One changed in place comes back as the target has it (`withoutAltersOfRenewed` drops its change).
      const kept = after.foreignKeys.find((k) => k.name === key.name) ?? key;
      return [
        dropConstraintStep(after.schema, after.name, foreignKeyConstraint(key)),
        addConstraintStep(after.schema, after.name, foreignKeyConstraint(kept)),
      ];
    }),
  );
}

/**
 * The columns whose type (or collation, set with it) changes, by table
 * (`qualifiedKey`): the one answer to "which columns are retyped" that the
 * foreign keys here and the dependents (dependents/retyped-column-dependents.ts) use.
 */
export function retypedColumns(changes: readonly TableStep[]): Map<string, Set<string>> {
  return columnsOf(changes, retypes);
}

/** Whether a table step changes a column's type (or collation, set with it). */
export function retypes(op: TableChangeOp): boolean {
  return op.kind === 'alterColumn' && op.to.type !== undefined;
}

function usesRetypedColumn(
  table: TableModel,
  key: ForeignKeyModel,
  retyped: ReadonlyMap<string, ReadonlySet<string>>,
): boolean {
  const own = retyped.get(qualifiedKey(table.schema, table.name));
  const referenced = retyped.get(qualifiedKey(key.refSchema, key.refTable));
  return (
    key.columns.some((name) => own?.has(name) === true) || key.refColumns.some((name) => referenced?.has(name) === true)
  );
}

/** Pairs (current, target) of tables both sides have, sorted by (schema, name). */
function commonTables(
  currentByKey: Map<string, TableModel>,
  target: readonly TableModel[],
): [TableModel, TableModel][] {
  const pairs: [TableModel, TableModel][] = [];
  for (const table of sortByQualifiedName(target)) {
    const before = currentByKey.get(keyOf(table));
    if (before !== undefined) pairs.push([before, table]);
  }
  return pairs;
}

function keyOf(table: TableModel): string {
  return qualifiedKey(table.schema, table.name);
}

function byKey(tables: readonly TableModel[]): Map<string, TableModel> {
  return new Map(tables.map((table) => [keyOf(table), table]));
}
