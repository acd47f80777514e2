import type { ColumnModel, ConstraintModel, ForeignKeyModel, IndexModel, TableModel } from '../../schema/model.js';
import { type AlterColumnOperation, compareColumns, recreatedColumns } from './compare-columns.js';
import { tableIndex, type Dependents } from '../../schema/model-index.js';
import { comparedInheritance } from './compare-inherited.js';
import { idKind, partId, tableColumnIds } from '../../schema/object-id.js';
import { blockedClosure, changed } from '../graph/closure.js';
import {
  compareConstraints,
  constraintKey,
  dependsOnKey,
  type ForeignKeyConstraint,
  foreignKeyConstraint,
  isForeignKey,
  type UniqueKeyRef,
} from './compare-constraints.js';
import { compareIndexes, indexKey } from './compare-indexes.js';
import { orderedTable, sameValue, sortByName, sortByQualifiedName } from './compare-values.js';
import { qualifiedKey } from '../../schema/model.js';

/** Everything that changes on a table both sides have. Lists are sorted by name unless noted. */
export interface TableChanges {
  schema: string;
  name: string;
  /** Foreign keys dropped, changed, depending on a unique key that is dropped, or on columns whose type changes. */
  dropForeignKeys: ForeignKeyConstraint[];
  /** Other constraints dropped or changed. */
  dropConstraints: ConstraintModel[];
  dropIndexes: IndexModel[];
  dropColumns: ColumnModel[];
  /** In the target's column order. */
  addColumns: ColumnModel[];
  /** In the target's column order. */
  alterColumns: AlterColumnOperation[];
  /** Constraints other than foreign keys, added or changed. */
  addConstraints: ConstraintModel[];
  createIndexes: IndexModel[];
  /** Foreign keys added, changed, or added back after a unique key or a column type they depend on changed. */
  addForeignKeys: ForeignKeyConstraint[];
}

/** Changes of a table with nothing in them yet. */
export function emptyTableChanges(schema: string, name: string): TableChanges {
  return {
    schema,
    name,
    dropForeignKeys: [],
    dropConstraints: [],
    dropIndexes: [],
    dropColumns: [],
    addColumns: [],
    alterColumns: [],
    addConstraints: [],
    createIndexes: [],
    addForeignKeys: [],
  };
}

export interface TablesComparison {
  /** Tables only the target has, sorted by (schema, name). */
  create: TableModel[];
  /** Tables only the current side has, sorted by (schema, name). */
  drop: TableModel[];
  /** Tables both sides have that differ, sorted by (schema, name). */
  changes: TableChanges[];
  /** Set by `compareTables`: changes `changes` leaves out, one message each with why, sorted by table (see `compareColumns`). */
  unsupported?: string[];
}

export function compareTables(
  current: readonly TableModel[],
  target: readonly TableModel[],
  dependents: Dependents,
): Required<TablesComparison> {
  const currentByKey = byKey(current);
  const targetByKey = byKey(target);
  const sides = { current: tableIndex(current), target: tableIndex(target) };
  const pairs = commonTables(currentByKey, target).map(([before, after]) => comparedInheritance(before, after, sides));
  const compared = pairs.map(([before, after]) => compareTable(before, after, dependents));
  const changes = compared.map((table) => table.changes);
  addDependentForeignKeys(pairs, changes);
  return {
    create: sortByQualifiedName(target.filter((t) => !currentByKey.has(keyOf(t)))).map(orderedTable),
    drop: sortByQualifiedName(current.filter((t) => !targetByKey.has(keyOf(t)))).map(orderedTable),
    changes: changes.filter(hasChanges),
    unsupported: compared.flatMap((table) => table.unsupported),
  };
}

/** The unique keys (primary keys, unique constraints, unique indexes) that the changes drop. */
export function droppedKeys(changes: readonly TableChanges[]): UniqueKeyRef[] {
  return changes.flatMap((change) => keysOf(change, change.dropConstraints, change.dropIndexes));
}

/** The unique keys (primary keys, unique constraints, unique indexes) that the changes add. */
export function addedKeys(changes: readonly TableChanges[]): UniqueKeyRef[] {
  return changes.flatMap((change) => keysOf(change, change.addConstraints, change.createIndexes));
}

function keysOf(change: TableChanges, constraints: ConstraintModel[], indexes: IndexModel[]): UniqueKeyRef[] {
  const keys = [
    ...constraints.map((c) => constraintKey(change.schema, change.name, c)),
    ...indexes.map((index) => indexKey(change.schema, change.name, index)),
  ];
  return keys.filter((key): key is UniqueKeyRef => key !== null);
}

/**
 * The changes of one table, and the column changes left out. A partition's
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
): { changes: TableChanges; unsupported: string[] } {
  // An unchanged table (most of them; where the canonical model took its live form, its parts are shared).
  if (sameValue(current, target)) return { changes: emptyTableChanges(target.schema, target.name), unsupported: [] };
  const columns = compareColumns(current, target);
  // The constraints and indexes on a column dropped and added again go with it, and come back after it.
  const recreated = blockedClosure(
    dependents,
    changed(tableColumnIds(current, recreatedColumns(current, target)), 'drop'),
    (id) => idKind(id) === 'constraint' || idKind(id) === 'index',
  );
  const uses = (kind: 'constraint' | 'index', name: string): boolean => recreated.has(partId(kind, current, name));
  const constraints = compareConstraints(current, target, (c) => uses('constraint', c.name));
  const indexes = compareIndexes(current.indexes, target.indexes, (i) => uses('index', i.name), true);
  const partition = current.partitionOf !== undefined || target.partitionOf !== undefined;
  const changes: TableChanges = {
    schema: target.schema,
    name: target.name,
    dropForeignKeys: constraints.drop.filter(isForeignKey),
    dropConstraints: constraints.drop.filter((c) => !isForeignKey(c)),
    dropIndexes: indexes.drop,
    dropColumns: columns.drop,
    addColumns: columns.add,
    alterColumns: columns.alter,
    addConstraints: constraints.add.filter((c) => !isForeignKey(c)),
    createIndexes: indexes.add,
    addForeignKeys: constraints.add.filter(isForeignKey),
  };
  return { changes, unsupported: partition ? [] : columns.unsupported };
}

/**
 * A foreign key that stays the same but references a unique key being
 * dropped (a primary key that changes, say) blocks that drop, and one whose
 * own or referenced columns change type would be checked by Postgres between
 * the two type changes (text -> uuid on both sides fails): it is dropped
 * first and added back at the end.
 */
function addDependentForeignKeys(pairs: [TableModel, TableModel][], changes: TableChanges[]): void {
  const keys = droppedKeys(changes);
  const retyped = retypedColumns(changes);
  if (keys.length === 0 && retyped.size === 0) return;
  pairs.forEach(([before], i) => {
    const change = changes[i] as TableChanges;
    const dropped = new Set(change.dropForeignKeys.map((key) => key.name));
    for (const key of before.foreignKeys) {
      if (dropped.has(key.name)) continue;
      if (!keys.some((unique) => dependsOnKey(key, unique)) && !usesRetypedColumn(before, key, retyped)) continue;
      change.dropForeignKeys.push(foreignKeyConstraint(key));
      change.addForeignKeys.push(foreignKeyConstraint(key));
    }
    change.dropForeignKeys = sortByName(change.dropForeignKeys);
    change.addForeignKeys = sortByName(change.addForeignKeys);
  });
}

/**
 * The columns whose type (or collation, set with it) changes, by table
 * (`qualifiedKey`): the one answer to "which columns are retyped" that the
 * foreign keys here and the dependents (dependents/retyped-column-dependents.ts) use.
 */
export function retypedColumns(changes: readonly TableChanges[]): Map<string, Set<string>> {
  const retyped = new Map<string, Set<string>>();
  for (const change of changes) {
    const columns = change.alterColumns.filter((op) => op.to.type !== undefined).map((op) => op.column);
    if (columns.length > 0) retyped.set(qualifiedKey(change.schema, change.name), new Set(columns));
  }
  return retyped;
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

function hasChanges(change: TableChanges): boolean {
  return (
    change.dropForeignKeys.length > 0 ||
    change.dropConstraints.length > 0 ||
    change.dropIndexes.length > 0 ||
    change.dropColumns.length > 0 ||
    change.addColumns.length > 0 ||
    change.alterColumns.length > 0 ||
    change.addConstraints.length > 0 ||
    change.createIndexes.length > 0 ||
    change.addForeignKeys.length > 0
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
