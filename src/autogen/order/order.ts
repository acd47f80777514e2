import type { Operation, OperationOf } from '../../ops/operation.js';
import { declaredTable, type EnumModel, type ForeignKeyModel, type TableModel } from '../../schema/model.js';
import type { UniqueKeyRef } from '../diff/compare-constraints.js';
import { dependsOnKey, foreignKeyConstraint } from '../diff/compare-constraints.js';
import type { AddEnumValueOperation, EnumsComparison } from '../diff/compare-enums.js';
import { typeUsesEnum } from '../diff/compare-enums.js';
import type { SchemasComparison } from '../diff/compare-schemas.js';
import type { TableChangeOp, TableChangeSlot, TablesComparison, TableStep } from '../diff/compare-tables.js';
import { addedKeys, columnsOf, droppedKeys, nameOfStep, tableOfStep } from '../diff/compare-tables.js';
import { compareText, compareTuples, sortByQualifiedName } from '../diff/compare-values.js';
import { qualifiedKey } from '../../schema/model.js';
import { afterTablesSteps, inSlotOrder, lateDropSteps, withCallsDroppedFirst, withLateCallsHeldBack } from './slots.js';
import { referencedTables } from './edges.js';
import { dependencyEdges, withDefaultsHeldBack } from '../../ops/dependency-order.js';
import type { TableIndex } from '../../schema/model-index.js';
import { footprint, releasedSchemas } from '../../ops/footprint.js';
import { detachedFrom } from '../../ops/families/tables.js';
import type { Thing } from '../../ops/things.js';
import { stepsIn, type Step } from '../steps.js';
import { removedUsesEnum } from '../diff/enums/enum-text.js';
import { readyOrder } from '../../util/ready-order.js';
import { NO_PLACES, type Place } from './places.js';
import { placeText } from '../../util/strings.js';

/** What the comparators found, before it is put in a safe order. */
export interface ChangePlan {
  schemas: SchemasComparison;
  enums: EnumsComparison;
  tables: TablesComparison;
  /**
   * Every other step, in its slot: the tables' features (policies,
   * partitions detached and attached, row-level security and the rest); the
   * objects' (extensions, sequences, domains, views, routines, triggers and
   * the rest); partitions' `alterColumn` steps that run before the table
   * changes, whose reverses set a partition's own DEFAULT / NOT NULL back
   * after its parents' reversed changes (see partition-restore-steps.ts);
   * renames of partitions' indexes attached to their parents' (see
   * compare-partition-indexes.ts) and of NOT NULL constraints (see
   * compare-not-null-names.ts).
   */
  steps?: readonly Step[];
  /**
   * Each table's depth under the tables it is a partition of or inherits
   * from (see table-depths.ts): the changes of a table run before those of
   * its partitions and children.
   */
  tableDepths?: ReadonlyMap<string, number>;
  /** The target's tables (`dependencyEdges`): a new partition follows the columns added above it. */
  partitionTree?: TableIndex;
  /**
   * Each step's place inside the object it changes (`places.ts`): a table's
   * columns and a composite type's attributes added and altered in the
   * target's order, dropped last first. Without it, they keep the order they
   * come in.
   */
  places?: Place;
}

/**
 * Puts the planned changes in an order Postgres accepts: every operation as a
 * step of its slot, in the slots' order (`slots.ts`), each held back until
 * the operations it waits for have run (`edges.ts`). Within a slot, a
 * table's changes go by depth (`table-depths.ts`), table, kind and name
 * (`tableChangeOrder`), the views, routines and types of a run of slots by
 * what they use (`slots.ts`), foreign keys by (schema, table, name), the
 * rest by their keys (`tie-break.ts`), a table's columns and a composite
 * type's attributes by their places in it (`places.ts`): the result is the same, byte for byte, whatever
 * order the stages emitted the steps in.
 */
export function orderOperations(plan: ChangePlan): Operation[] {
  const place = plan.places ?? NO_PLACES;
  return schedule(
    [...partitionRestoreOrder(plan.steps ?? [], plan.tableDepths, place), ...planSteps(schemasAndEnumsByName(plan))],
    place,
    plan.partitionTree,
  );
}

/** The plan with its schemas and enums created and dropped by name, enums by (schema, name). */
function schemasAndEnumsByName(plan: ChangePlan): ChangePlan {
  const { schemas, enums } = plan;
  return {
    ...plan,
    schemas: { create: [...schemas.create].sort(compareText), drop: [...schemas.drop].sort(compareText) },
    enums: { ...enums, create: sortByQualifiedName(enums.create), drop: sortByQualifiedName(enums.drop) },
  };
}

/**
 * The partitions' restoring steps (`partitionRestores`) deepest partitions
 * first, then by table (schema, name), a table's columns by their places: their
 * reverses, in the downgrade, then set a parent's value before its
 * partitions'. The other steps stay where they are.
 */
function partitionRestoreOrder(
  steps: readonly Step[],
  depths: ReadonlyMap<string, number> | undefined,
  place: Place,
): Step[] {
  const restores = steps.filter((step) => step.slot === 'partitionRestores');
  if (restores.length < 2) return [...steps];
  const tableOf = ({ op }: Step): [string, string] => (op.kind === 'alterColumn' ? [op.schema, op.table] : ['', '']);
  const depth = (step: Step): number => depths?.get(qualifiedKey(...tableOf(step))) ?? 0;
  const sorted = [...restores].sort(
    (a, b) => depth(b) - depth(a) || compareTuples([...tableOf(a), place(a.op)], [...tableOf(b), place(b.op)]),
  );
  let next = 0;
  return steps.map((step) => (step.slot === 'partitionRestores' ? sorted[next++]! : step));
}

/**
 * `steps` in their slots' order (a table's columns by their places, `place`),
 * each after the operations it waits for (the first in that order among those ready).
 */
export function schedule(steps: readonly Step[], place: Place = NO_PLACES, partitionTree?: TableIndex): Operation[] {
  const ops = inSlotOrder(withCallsDroppedFirst(withLateCallsHeldBack(steps)), place);
  // The slots' order holds: an operation placed before a thing's removal needs the thing there before (a
  // sequence let go by its owner before the owner's table is dropped, the name taken after by a serial's).
  const waits = dependencyEdges(ops, {
    placedBeforeRemovalNeedsOld: true,
    ...(partitionTree === undefined ? {} : { partitionTree }),
  });
  const positions = ops.map((_, i) => i);
  return readyOrder(positions, String, (i) => waits[i]!.map(String)).map((i) => ops[i]!);
}

/** The schemas', enums' and tables' steps, each in its slot. */
function planSteps(plan: ChangePlan): Step[] {
  const { tables } = plan;
  const early = droppedTableForeignKeys(tables);
  const creation = tableCreation(tables);
  const late = lateEnumDrops(plan);
  const depths = plan.tableDepths;
  const place = plan.places ?? NO_PLACES;
  const drops = enumAndSchemaDrops(plan, late);
  const changes = (slot: TableChangeSlot): TableStep[] => tables.changes.filter((step) => step.slot === slot);
  return [
    ...stepsIn('foreignKeyDrops', byForeignKey([...changes('foreignKeyDrops').map((step) => step.op), ...early])),
    ...tableChangeOrder(changes('tableChangeDrops'), depths, -1, place),
    ...stepsIn('tableDrops', tableDrops(tables.drop, early)),
    ...drops,
    ...stepsIn(
      'schemaCreates',
      plan.schemas.create.map((schema): Operation => ({ kind: 'createSchema', schema })),
    ),
    ...stepsIn(
      'enumCreates',
      plan.enums.create.map((model): Operation => ({ kind: 'createEnum', enum: model })),
    ),
    ...stepsIn('enumValueAdds', enumAdditionsInOrder(plan.enums.addValues)),
    ...stepsIn('enumReplaces', plan.enums.replace ?? []),
    ...stepsIn('tableCreates', creation.ops),
    ...tableChangeOrder(changes('tableChangeAdds'), depths, 1, place),
    ...stepsIn(
      'foreignKeyAdds',
      byForeignKey([...changes('foreignKeyAdds').map((step) => step.op), ...creation.laterForeignKeys]),
    ),
  ];
}

/**
 * The rank of each operation among a table's changes: constraints, indexes,
 * then columns dropped; columns altered, then added (a column added back, a
 * generated one say, may use a column whose type changes first), then
 * constraints and indexes added.
 */
const TABLE_CHANGE_RANK: Record<TableChangeOp['kind'], number> = {
  dropConstraint: 0,
  dropIndex: 1,
  dropColumn: 2,
  alterColumn: 0,
  addColumn: 1,
  addConstraint: 2,
  alterConstraint: 2,
  createIndex: 3,
};

/**
 * A slot's table changes in order: by depth under partitioned and inherited
 * tables, parents first (`direction` 1) or partitions and children first (-1); then by table (schema, name);
 * then constraints, indexes and columns by `TABLE_CHANGE_RANK`, a table's
 * constraints and indexes by name and its columns by their places in it
 * (`places.ts`). A parent's new DEFAULT or NOT NULL (or column) reaches its partitions
 * and children, so a partition's own is set after it (and a child's index on
 * the column made after it); a parent's dropped column takes the partitions'
 * and children's indexes and constraints on it along, so their own drops run
 * before it.
 */
function tableChangeOrder(
  steps: readonly TableStep[],
  depths: ReadonlyMap<string, number> | undefined,
  direction: 1 | -1,
  place: Place,
): TableStep[] {
  const depth = (step: TableStep): number => depths?.get(tableOfStep(step)) ?? 0;
  const named = (step: TableStep): string => (isColumnStep(step) ? place(step.op) : nameOfStep(step));
  return [...steps].sort(
    (a, b) =>
      direction * (depth(a) - depth(b)) ||
      compareTuples([a.op.schema, a.op.table], [b.op.schema, b.op.table]) ||
      TABLE_CHANGE_RANK[a.op.kind] - TABLE_CHANGE_RANK[b.op.kind] ||
      compareText(named(a), named(b)),
  );
}

/** Whether a step drops, alters or adds a column: those go by their places in the table, not by name. */
function isColumnStep(step: TableStep): boolean {
  return step.op.kind === 'dropColumn' || step.op.kind === 'alterColumn' || step.op.kind === 'addColumn';
}

/** Foreign keys dropped or added, by (schema, table, name). */
function byForeignKey(ops: readonly Operation[]): Operation[] {
  return [...ops].sort((x, y) => compareTuples(foreignKeyOf(x), foreignKeyOf(y)));
}

/** The (schema, table, name) of a foreign key's drop, add or change. */
function foreignKeyOf(op: Operation): string[] {
  switch (op.kind) {
    case 'dropConstraint':
      return [op.schema, op.table, op.name];
    case 'addConstraint':
    case 'alterConstraint':
      return [op.schema, op.table, op.constraint.name];
    default:
      throw new Error(`a foreign key step is a constraint dropped, added or altered, not ${op.kind}`);
  }
}

/**
 * Foreign keys of dropped tables that would block a drop: those in a cycle
 * among dropped tables, and those depending on a unique key being dropped.
 * Other references between dropped tables go with their table, since
 * dependents are dropped first.
 */
function droppedTableForeignKeys(tables: TablesComparison): OperationOf<'dropConstraint'>[] {
  const dropped = new Set(tables.drop.map(tableKey));
  const edges = new Map(tables.drop.map((table) => [tableKey(table), referencedAmong(table, dropped)]));
  const component = stronglyConnected([...dropped], edges);
  const keys = droppedKeys(tables.changes);
  const steps: OperationOf<'dropConstraint'>[] = [];
  for (const table of tables.drop) {
    const self = tableKey(table);
    for (const key of table.foreignKeys) {
      const target = qualifiedKey(key.refSchema, key.refTable);
      const inCycle = target !== self && dropped.has(target) && component.get(target) === component.get(self);
      if (inCycle || keys.some((unique) => dependsOnKey(key, unique))) {
        const removed = foreignKeyConstraint(key);
        steps.push({ kind: 'dropConstraint', schema: table.schema, table: table.name, name: key.name, removed });
      }
    }
  }
  return steps;
}

/**
 * Drops tables, those that reference others first (the scheduler's edges):
 * the removed model leaves out the foreign keys dropped in step 1, so the
 * reverse creates them once. A partition is detached from its parent first
 * (`detachFrom`). Sorted by (schema, name) for ties.
 */
function tableDrops(dropped: TableModel[], early: readonly OperationOf<'dropConstraint'>[]): Operation[] {
  const earlyNames = new Set(early.map((op) => qualifiedKey(qualifiedKey(op.schema, op.table), op.name)));
  return byName(dropped).map((table): Operation => {
    const foreignKeys = table.foreignKeys.filter((key) => !earlyNames.has(qualifiedKey(tableKey(table), key.name)));
    return {
      kind: 'dropTable',
      schema: table.schema,
      name: table.name,
      removed: { ...declaredTable(table), foreignKeys },
      ...detachedFrom(table),
    };
  });
}

interface TableCreation {
  ops: Operation[];
  /** Foreign keys held back from `createTable`, added with the others at the end. */
  laterForeignKeys: Operation[];
}

/**
 * Creates new tables. A foreign key waits until the
 * end when it closes a cycle among new tables, or when it references an
 * existing table whose key or referenced columns this change adds or alters;
 * a default that closes a cycle through another new table's sequence is set
 * once that table exists (`withDefaultsHeldBack`).
 */
function tableCreation(tables: TablesComparison): TableCreation {
  const created = tables.create;
  const keys = new Set(created.map(tableKey));
  const component = stronglyConnected([...keys], creationEdges(created));
  const waits = waitingForChanges(tables.changes);
  const laterForeignKeys: Operation[] = [];
  const kept = created.map((table): TableModel => {
    const self = tableKey(table);
    const foreignKeys = table.foreignKeys.filter((key) => {
      const target = qualifiedKey(key.refSchema, key.refTable);
      const inCycle = target !== self && keys.has(target) && component.get(target) === component.get(self);
      if (!inCycle && !waits(key)) return true;
      const constraint = foreignKeyConstraint(key);
      laterForeignKeys.push({ kind: 'addConstraint', schema: table.schema, table: table.name, constraint });
      return false;
    });
    return { ...declaredTable(table), foreignKeys };
  });
  // Referenced tables and parents first: the scheduler's edges; a default closing a cycle is set after.
  const { creations, defaults } = withDefaultsHeldBack(
    byName(kept).map((table): OperationOf<'createTable'> => ({ kind: 'createTable', table })),
  );
  return { ops: [...creations, ...defaults], laterForeignKeys };
}

/**
 * The new tables each new table needs first: those its foreign keys
 * reference, and those that make what it uses (the serial sequence its
 * default reads), so that a key closing a cycle through a sequence waits too.
 */
function creationEdges(created: readonly TableModel[]): Map<string, string[]> {
  const keys = new Set(created.map(tableKey));
  const footprints = new Map(created.map((table) => [tableKey(table), footprint({ kind: 'createTable', table })]));
  const maker = new Map<Thing, string>();
  for (const [key, print] of footprints) for (const made of print.makes) maker.set(made, key);
  return new Map(
    created.map((table) => {
      const self = tableKey(table);
      const uses = footprints.get(self)!.needs.flatMap((need) => {
        const owner = maker.get(need);
        return owner === undefined || owner === self ? [] : [owner];
      });
      return [self, [...new Set([...referencedAmong(table, keys), ...uses])]];
    }),
  );
}

/** Whether a foreign key must wait for the changes to the existing table it references. */
function waitingForChanges(changes: readonly TableStep[]): (key: ForeignKeyModel) => boolean {
  const added: UniqueKeyRef[] = addedKeys(changes);
  const touched = columnsOf(changes, (op) => op.kind === 'addColumn' || op.kind === 'alterColumn');
  return (key) => {
    const columns = touched.get(qualifiedKey(key.refSchema, key.refTable));
    return (
      key.refColumns.some((column) => columns?.has(column) === true) ||
      added.some((unique) => dependsOnKey(key, unique))
    );
  };
}

/**
 * Enums dropped while a column altered in step 7 still has them as its type
 * must wait until after that step, and those a routine or domain dropped
 * after the tables uses wait for it; so must the schemas holding them.
 */
function lateEnumDrops(plan: ChangePlan): Set<string> {
  const oldTypes = plan.tables.changes.flatMap(({ op }) =>
    op.kind === 'alterColumn' && op.from?.type !== undefined ? [op.from.type] : [],
  );
  const lateObjectDrops = afterTablesSteps(plan.steps ?? []);
  const late = new Set<string>();
  for (const model of plan.enums.drop) {
    const used =
      oldTypes.some((type) => typeUsesEnum(type, model)) || lateObjectDrops.some((op) => removedUsesEnum(op, model));
    if (used) late.add(qualifiedKey(model.schema, model.name));
  }
  return late;
}

/** The enums and schemas dropped, each in its slot: early, or late when `late` or the objects' late drops still use them. */
function enumAndSchemaDrops(plan: ChangePlan, late: Set<string>): Step[] {
  const lateSchemas = new Set(
    plan.enums.drop.filter((m) => late.has(qualifiedKey(m.schema, m.name))).map((m) => m.schema),
  );
  // An extension leaves its schema before the schema is dropped, and comes back to it after it is created.
  for (const op of lateDropSteps(plan.steps ?? [])) for (const schema of releasedSchemas(op)) lateSchemas.add(schema);
  const isLate = (model: EnumModel): boolean => late.has(qualifiedKey(model.schema, model.name));
  const enumDrop = (model: EnumModel): Operation => ({
    kind: 'dropEnum',
    schema: model.schema,
    name: model.name,
    removed: model,
  });
  const schemaDrop = (schema: string): Operation => ({ kind: 'dropSchema', schema });
  return [
    ...stepsIn('enumDrops', plan.enums.drop.filter((m) => !isLate(m)).map(enumDrop)),
    ...stepsIn('schemaDrops', plan.schemas.drop.filter((s) => !lateSchemas.has(s)).map(schemaDrop)),
    ...stepsIn('lateEnumDrops', plan.enums.drop.filter(isLate).map(enumDrop)),
    ...stepsIn('lateSchemaDrops', plan.schemas.drop.filter((s) => lateSchemas.has(s)).map(schemaDrop)),
  ];
}

function tableKey(table: TableModel): string {
  return qualifiedKey(table.schema, table.name);
}

/** Keys of the tables among `keys` that `table` references or inherits from, itself excluded, sorted and unique. */
function referencedAmong(table: TableModel, keys: Set<string>): string[] {
  return referencedTables(table).filter((target) => keys.has(target));
}

/** Tables sorted by (schema, name). */
function byName(tables: readonly TableModel[]): TableModel[] {
  return [...tables].sort((a, b) => compareTuples([a.schema, a.name], [b.schema, b.name]));
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

/**
 * Values added to enums, whatever order the comparison found them in: by
 * enum, then by how many added values come before each in its chain (a value
 * is added after or before another; when that one is added too, right after
 * it), then by value. A generated addition also carries the values before it
 * (`previous`), by which the tie-break orders it with the same result; this
 * order is the one left for an addition without them (an enum whose
 * replacement is blocked).
 */
function enumAdditionsInOrder(ops: readonly AddEnumValueOperation[]): AddEnumValueOperation[] {
  const valueKey = (op: AddEnumValueOperation, value: string): string =>
    `${qualifiedKey(op.schema, op.name)}\0${value}`;
  const added = new Map(ops.map((op) => [valueKey(op, op.value), op]));
  const depth = (op: AddEnumValueOperation, seen: number): number => {
    const anchor = op.after ?? op.before;
    const before = anchor === undefined ? undefined : added.get(valueKey(op, anchor));
    return before === undefined || seen > ops.length ? 0 : depth(before, seen + 1) + 1;
  };
  const keyed = ops.map((op) => ({ op, key: [op.schema, op.name, placeText(depth(op, 0)), op.value] }));
  return keyed.sort((a, b) => compareTuples(a.key, b.key)).map(({ op }) => op);
}
