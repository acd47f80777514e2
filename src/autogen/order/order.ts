import type { Operation } from '../../ops/operation.js';
import { declaredTable, type ForeignKeyModel, type TableModel } from '../../schema/model.js';
import type { ForeignKeyConstraint, UniqueKeyRef } from '../diff/compare-constraints.js';
import { dependsOnKey, foreignKeyConstraint } from '../diff/compare-constraints.js';
import type { EnumsComparison } from '../diff/compare-enums.js';
import { typeUsesEnum } from '../diff/compare-enums.js';
import type { SchemasComparison } from '../diff/compare-schemas.js';
import type { TableChanges, TablesComparison } from '../diff/compare-tables.js';
import { addedKeys, droppedKeys } from '../diff/compare-tables.js';
import { compareTuples } from '../diff/compare-values.js';
import { qualifiedKey } from '../../schema/model.js';
import { afterTablesSteps, objectPhases } from './object-phases.js';
import { emptyObjectSteps, type ObjectSteps } from '../object-steps.js';
import { removedUsesEnum } from '../diff/enums/enum-text.js';
import { readyOrder } from '../../util/ready-order.js';

/** What the comparators found, before it is put in a safe order. */
export interface ChangePlan {
  schemas: SchemasComparison;
  enums: EnumsComparison;
  tables: TablesComparison;
  /** Extensions, sequences, domains, views, routines and triggers, already in their own order. */
  objects?: ObjectSteps;
  /**
   * Each table's depth in a partition tree (see partition-depths.ts): the
   * changes of a table run before those of its partitions.
   */
  partitionDepths?: ReadonlyMap<string, number>;
  /**
   * Partitions' `alterColumn` steps run before the table changes, whose
   * reverses set a partition's own DEFAULT / NOT NULL back after its parents'
   * reversed changes (see partition-restore-steps.ts).
   */
  partitionRestores?: readonly Operation[];
  /**
   * `renameIndex` steps for partitions' indexes attached to their parents'
   * (see compare-partition-indexes.ts), once every index exists.
   */
  indexRenames?: readonly Operation[];
  /**
   * Renames of NOT NULL constraints (see compare-not-null-names.ts): `early`
   * before the table changes, `late` after them.
   */
  notNullRenames?: { early: readonly Operation[]; late: readonly Operation[] };
}

/** A foreign key to add or drop on its own, apart from its table's create or drop. */
interface ForeignKeyStep {
  schema: string;
  table: string;
  key: ForeignKeyConstraint;
}

/**
 * Puts the planned changes in an order Postgres accepts:
 * 1. drop foreign keys that go or change, and those in a cycle among dropped tables;
 *    rename NOT NULL constraints that exist already;
 * 2. per table (a partition before its parent): drop other constraints, indexes, then columns;
 * 3. drop tables, dependents first;
 * 4. drop enums and schemas;
 * 5. create schemas and enums, add, rename and replace enum values;
 * 6. create tables, referenced tables and partitioned parents first (foreign keys in a cycle wait);
 * 7. per table (a partition after its parent): alter then add columns, add constraints, create indexes;
 * 8. add foreign keys, then rename partitions' indexes attached to their parents',
 *    and NOT NULL constraints set in step 7;
 * 9. drop enums (and their schemas) that altered columns used until step 7.
 * The steps of other objects (`plan.objects`) go first (drops of triggers
 * and views), after step 5's schemas (extensions), before step 6 (domains,
 * sequences, routines tables may use) and after step 8 (views, the other
 * routines, triggers, then drops of what tables used); schemas holding what
 * is dropped there wait for step 9.
 * Ties are broken by (schema, table, name), so the result is byte-stable.
 */
export function orderOperations(plan: ChangePlan): Operation[] {
  const { tables } = plan;
  const early = droppedTableForeignKeys(tables);
  const creation = tableCreation(tables);
  const late = lateEnumDrops(plan);
  const objects = objectPhases(plan.objects ?? emptyObjectSteps());
  const depths = plan.partitionDepths;
  return [
    ...objects.first,
    ...foreignKeyDrops([...tables.changes.flatMap(ownForeignKeyDrops), ...early]),
    ...(plan.notNullRenames?.early ?? []),
    ...(plan.partitionRestores ?? []),
    ...byDepth(tables.changes, depths, -1).flatMap(tableDropSteps),
    ...tableDrops(tables.drop, early),
    ...enumAndSchemaDrops(plan, late, false),
    ...plan.schemas.create.map((schema): Operation => ({ kind: 'createSchema', schema })),
    ...objects.afterSchemas,
    ...plan.enums.create.map((model): Operation => ({ kind: 'createEnum', enum: model })),
    ...plan.enums.addValues,
    ...(plan.enums.renameValues ?? []),
    ...(plan.enums.replace ?? []),
    ...objects.beforeTables,
    ...creation.ops,
    ...byDepth(tables.changes, depths, 1).flatMap(tableAddSteps),
    ...foreignKeyAdds([...tables.changes.flatMap(ownForeignKeyAdds), ...creation.laterForeignKeys]),
    ...(plan.indexRenames ?? []),
    ...(plan.notNullRenames?.late ?? []),
    ...objects.afterTables,
    ...enumAndSchemaDrops(plan, late, true),
  ];
}

/**
 * The table changes sorted by partition depth (stable), parents first
 * (`direction` 1) or partitions first (-1). A parent's new DEFAULT or NOT NULL
 * reaches its partitions, so a partition's own is set after it; a parent's
 * dropped column takes the partitions' indexes and constraints on it along,
 * so a partition's own drops run before it.
 */
function byDepth(
  changes: readonly TableChanges[],
  depths: ReadonlyMap<string, number> | undefined,
  direction: 1 | -1,
): TableChanges[] {
  if (depths === undefined) return [...changes];
  const depth = (change: TableChanges): number => depths.get(qualifiedKey(change.schema, change.name)) ?? 0;
  return [...changes].sort((a, b) => direction * (depth(a) - depth(b)));
}

function ownForeignKeyDrops(change: TableChanges): ForeignKeyStep[] {
  return change.dropForeignKeys.map((key) => ({ schema: change.schema, table: change.name, key }));
}

function ownForeignKeyAdds(change: TableChanges): ForeignKeyStep[] {
  return change.addForeignKeys.map((key) => ({ schema: change.schema, table: change.name, key }));
}

function sortSteps(steps: ForeignKeyStep[]): ForeignKeyStep[] {
  return [...steps].sort((a, b) => compareTuples([a.schema, a.table, a.key.name], [b.schema, b.table, b.key.name]));
}

function foreignKeyDrops(steps: ForeignKeyStep[]): Operation[] {
  return sortSteps(steps).map((step) => ({
    kind: 'dropConstraint',
    schema: step.schema,
    table: step.table,
    name: step.key.name,
    removed: step.key,
  }));
}

function foreignKeyAdds(steps: ForeignKeyStep[]): Operation[] {
  return sortSteps(steps).map((step) => ({
    kind: 'addConstraint',
    schema: step.schema,
    table: step.table,
    constraint: step.key,
  }));
}

/**
 * Foreign keys of dropped tables that would block a drop: those in a cycle
 * among dropped tables, and those depending on a unique key being dropped.
 * Other references between dropped tables go with their table, since
 * dependents are dropped first.
 */
function droppedTableForeignKeys(tables: TablesComparison): ForeignKeyStep[] {
  const dropped = new Set(tables.drop.map(tableKey));
  const edges = new Map(tables.drop.map((table) => [tableKey(table), referencedTables(table, dropped)]));
  const component = stronglyConnected([...dropped], edges);
  const keys = droppedKeys(tables.changes);
  const steps: ForeignKeyStep[] = [];
  for (const table of tables.drop) {
    const self = tableKey(table);
    for (const key of table.foreignKeys) {
      const target = qualifiedKey(key.refSchema, key.refTable);
      const inCycle = target !== self && dropped.has(target) && component.get(target) === component.get(self);
      if (inCycle || keys.some((unique) => dependsOnKey(key, unique))) {
        steps.push({ schema: table.schema, table: table.name, key: foreignKeyConstraint(key) });
      }
    }
  }
  return steps;
}

function tableDropSteps(change: TableChanges): Operation[] {
  const { schema, name: table } = change;
  return [
    ...change.dropConstraints.map((c): Operation => ({
      kind: 'dropConstraint',
      schema,
      table,
      name: c.name,
      removed: c,
    })),
    ...change.dropIndexes.map((i): Operation => ({ kind: 'dropIndex', schema, table, name: i.name, removed: i })),
    ...change.dropColumns.map((c): Operation => ({ kind: 'dropColumn', schema, table, column: c.name, removed: c })),
  ];
}

function tableAddSteps(change: TableChanges): Operation[] {
  const { schema, name: table } = change;
  return [
    // A column added back (a generated one, say) may use a column whose type changes first.
    ...change.alterColumns,
    ...change.addColumns.map((column): Operation => ({ kind: 'addColumn', schema, table, column })),
    ...change.addConstraints.map((constraint): Operation => ({ kind: 'addConstraint', schema, table, constraint })),
    ...change.createIndexes.map((index): Operation => ({ kind: 'createIndex', schema, table, index })),
  ];
}

/**
 * Drops tables that reference others first, following the foreign keys that
 * step 1 left in place (within a cycle, by name). The removed model leaves
 * out the foreign keys dropped in step 1, so the reverse creates them once.
 */
function tableDrops(dropped: TableModel[], early: ForeignKeyStep[]): Operation[] {
  const earlyNames = new Set(early.map((step) => qualifiedKey(qualifiedKey(step.schema, step.table), step.key.name)));
  const remaining = dropped.map((table): TableModel => {
    const foreignKeys = table.foreignKeys.filter((key) => !earlyNames.has(qualifiedKey(tableKey(table), key.name)));
    return { ...declaredTable(table), foreignKeys };
  });
  const keys = new Set(remaining.map(tableKey));
  const referencedBy = new Map<string, string[]>(remaining.map((table) => [tableKey(table), []]));
  for (const table of remaining) {
    for (const target of referencedTables(table, keys)) referencedBy.get(target)?.push(tableKey(table));
  }
  return topologicalOrder(remaining, referencedBy).map((table): Operation => ({
    kind: 'dropTable',
    schema: table.schema,
    name: table.name,
    removed: table,
  }));
}

interface TableCreation {
  ops: Operation[];
  /** Foreign keys held back from `createTable`, added with the others at the end. */
  laterForeignKeys: ForeignKeyStep[];
}

/**
 * Creates new tables, referenced ones first. A foreign key waits until the
 * end when it closes a cycle among new tables, or when it references an
 * existing table whose key or referenced columns this change adds or alters.
 */
function tableCreation(tables: TablesComparison): TableCreation {
  const created = tables.create;
  const keys = new Set(created.map(tableKey));
  const edges = new Map(created.map((table) => [tableKey(table), referencedTables(table, keys)]));
  const component = stronglyConnected([...keys], edges);
  const waits = waitingForChanges(tables.changes);
  const laterForeignKeys: ForeignKeyStep[] = [];
  const kept = created.map((table): TableModel => {
    const self = tableKey(table);
    const foreignKeys = table.foreignKeys.filter((key) => {
      const target = qualifiedKey(key.refSchema, key.refTable);
      const inCycle = target !== self && keys.has(target) && component.get(target) === component.get(self);
      if (!inCycle && !waits(key)) return true;
      laterForeignKeys.push({ schema: table.schema, table: table.name, key: foreignKeyConstraint(key) });
      return false;
    });
    return { ...declaredTable(table), foreignKeys };
  });
  const prerequisites = new Map(kept.map((table) => [tableKey(table), referencedTables(table, keys)]));
  const ops = topologicalOrder(kept, prerequisites).map((table): Operation => ({ kind: 'createTable', table }));
  return { ops, laterForeignKeys };
}

/** Whether a foreign key must wait for the changes to the existing table it references. */
function waitingForChanges(changes: TableChanges[]): (key: ForeignKeyModel) => boolean {
  const added: UniqueKeyRef[] = addedKeys(changes);
  const touched = new Map<string, Set<string>>();
  for (const change of changes) {
    const columns = [...change.addColumns.map((c) => c.name), ...change.alterColumns.map((op) => op.column)];
    touched.set(qualifiedKey(change.schema, change.name), new Set(columns));
  }
  return (key) => {
    const columns = touched.get(qualifiedKey(key.refSchema, key.refTable));
    if (columns === undefined) return false;
    return key.refColumns.some((column) => columns.has(column)) || added.some((unique) => dependsOnKey(key, unique));
  };
}

/**
 * Enums dropped while a column altered in step 7 still has them as its type
 * must wait until after that step, and those a routine or domain dropped
 * after the tables uses wait for it; so must the schemas holding them.
 */
function lateEnumDrops(plan: ChangePlan): Set<string> {
  const oldTypes = plan.tables.changes.flatMap((change) =>
    change.alterColumns.flatMap((op) => (op.from?.type === undefined ? [] : [op.from.type])),
  );
  const lateObjectDrops = plan.objects === undefined ? [] : afterTablesSteps(plan.objects);
  const late = new Set<string>();
  for (const model of plan.enums.drop) {
    const used =
      oldTypes.some((type) => typeUsesEnum(type, model)) || lateObjectDrops.some((op) => removedUsesEnum(op, model));
    if (used) late.add(qualifiedKey(model.schema, model.name));
  }
  return late;
}

function enumAndSchemaDrops(plan: ChangePlan, late: Set<string>, wanted: boolean): Operation[] {
  const lateSchemas = new Set(
    plan.enums.drop.filter((m) => late.has(qualifiedKey(m.schema, m.name))).map((m) => m.schema),
  );
  for (const schema of plan.objects?.lateSchemas ?? []) lateSchemas.add(schema);
  const enums = plan.enums.drop.filter((model) => late.has(qualifiedKey(model.schema, model.name)) === wanted);
  const schemas = plan.schemas.drop.filter((schema) => lateSchemas.has(schema) === wanted);
  return [
    ...enums.map((model): Operation => ({ kind: 'dropEnum', schema: model.schema, name: model.name, removed: model })),
    ...schemas.map((schema): Operation => ({ kind: 'dropSchema', schema })),
  ];
}

function tableKey(table: TableModel): string {
  return qualifiedKey(table.schema, table.name);
}

/** Keys of the tables among `keys` that `table` references, itself excluded, sorted and unique. */
function referencedTables(table: TableModel, keys: Set<string>): string[] {
  const self = tableKey(table);
  // A partition or an inheritance child needs its parents as a referencing table needs the referenced one.
  const parent = [
    ...(table.partitionOf === undefined ? [] : [qualifiedKey(table.partitionOf.schema, table.partitionOf.table)]),
    ...(table.inherits ?? []).map((p) => qualifiedKey(p.schema, p.table)),
  ];
  const targets = [...table.foreignKeys.map((key) => qualifiedKey(key.refSchema, key.refTable)), ...parent].filter(
    (target) => target !== self && keys.has(target),
  );
  return [...new Set(targets)].sort();
}

/**
 * Orders tables so that each comes after its prerequisites; among the tables
 * that are ready, the first by (schema, name) goes first. A cycle is broken
 * at its first table by (schema, name).
 */
export function topologicalOrder(tables: TableModel[], prerequisites: Map<string, string[]>): TableModel[] {
  const sorted = [...tables].sort((a, b) => compareTuples([a.schema, a.name], [b.schema, b.name]));
  return readyOrder(sorted, tableKey, (table) => prerequisites.get(tableKey(table)) ?? []);
}

/** Strongly connected component number of each node (Tarjan). */
function stronglyConnected(nodes: string[], edges: Map<string, string[]>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const component = new Map<string, number>();
  const stack: string[] = [];
  let counter = 0;
  let components = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (!component.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const id = components;
    components += 1;
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      component.set(member, id);
      if (member === node) break;
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return component;
}
