import type { Operation } from '../../ops/operation.js';
import { OBJECT_PARTS, type AroundReason, type Slot, type Step } from '../steps.js';
import { compareText, compareTuples } from '../diff/compare-values.js';
import { readyOrder } from '../../util/ready-order.js';
import { readingRoutines, withCallsHeldBack } from '../../ops/dependency-order.js';
import { reverseOperation } from '../../ops/reverse.js';
import { objectUse, type ObjectUse } from './edges.js';
import { byTieBreak } from './tie-break.js';
import { NO_PLACES, type Place } from './places.js';

/**
 * Where the steps of each slot run in a revision: the one table of phases.
 * The objects' parts and the steps around the changes sit among the schemas',
 * enums' and tables' steps; within a slot the steps go by their keys
 * (`tie-break.ts`), whatever order the stages emitted them in, but for the
 * views, routines and types of a dependency run (`DEPENDENCY_RUNS`), and the
 * dependency edges between operations (`edges.ts`) may hold a step back.
 */

/**
 * What is dropped and created again around the other changes, from the
 * outermost reason to the innermost: drops in this order before the objects'
 * first parts, creates in the reverse order after their last. The steps a
 * later stage of the comparison adds (it sees those so far) enclose the
 * earlier stages', and the downgrade, reversed, keeps the same shape.
 */
const OUTER_REASONS = [
  'enumTriggers',
  'enumRules',
  'routineCallers',
  'retypedTriggers',
  'retypedRules',
  'rebuiltRules',
  'rebuiltStatistics',
  'rebuiltTriggers',
  'rebuiltOwners',
] as const satisfies readonly AroundReason[];

/** Enclosed by the objects' own steps: cleared after the first parts, set again before the last. */
const INNER_REASONS = ['castingDefaults'] as const satisfies readonly AroundReason[];

const drops = <R extends AroundReason>(reasons: readonly R[]): `${R}.drop`[] =>
  reasons.map((r) => `${r}.drop` as const);
const creates = <R extends AroundReason>(reasons: readonly R[]): `${R}.create`[] =>
  [...reasons].reverse().map((r) => `${r}.create` as const);

/**
 * The tables' features before everything else: policies dropped (around the
 * changes for a reason, from the outermost, then the comparison's own), and
 * partitions detached. When policies go around an enum replacement, every
 * policy drop joins theirs, sorted by (schema, table, name) (`inSlotOrder`).
 */
const FEATURES_BEFORE = [
  'enumPolicies.drop',
  'routinePolicies.drop',
  'retypedPolicies.drop',
  'tableFeaturesBefore',
] as const satisfies readonly Slot[];

/** The tables' features after everything else: the mirror of `FEATURES_BEFORE`. */
const FEATURES_AFTER = [
  'tableFeaturesAfter',
  'retypedPolicies.create',
  'routinePolicies.create',
  'enumPolicies.create',
] as const satisfies readonly Slot[];

/** The objects' steps before anything else but the features', inside the drops around the changes. */
const FIRST = [
  ...drops(OUTER_REASONS),
  ...OBJECT_PARTS.first,
  ...drops(INNER_REASONS),
] as const satisfies readonly Slot[];

/** The objects' steps after every table operation: creates, then the drops of what the tables used. */
const AFTER_TABLES = [
  ...creates(INNER_REASONS),
  ...OBJECT_PARTS.afterTables,
  ...OBJECT_PARTS.lateDrops,
  ...creates(OUTER_REASONS),
] as const satisfies readonly Slot[];

/**
 * Every slot in the order its steps run:
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
 * 9. drop enums (and their schemas) that altered columns or late drops used until then.
 * The objects' steps go first (drops of triggers and views), after step 5's
 * schemas (extensions), before step 6 (domains, sequences, routines tables may
 * use) and after step 8 (views, the other routines, triggers, then drops of
 * what tables used). The tables' features enclose it all: policies dropped
 * and partitions detached first (the rebuilt tables' policies before them),
 * partitions attached and policies created last.
 */
const SLOT_ORDER = [
  // Rebuilt tables with no rows to copy lose their policies first, as dropped tables do.
  'rebuiltPolicyDrops',
  ...FEATURES_BEFORE,
  ...FIRST,
  'foreignKeyDrops',
  'notNullRenamesEarly',
  'partitionRestores',
  'partitionNotNullKeeps',
  'tableChangeDrops',
  'tableDrops',
  'enumDrops',
  'schemaDrops',
  'schemaCreates',
  ...OBJECT_PARTS.afterSchemas,
  'enumCreates',
  'enumValueAdds',
  'enumReplaces',
  ...OBJECT_PARTS.beforeTables,
  'tableCreates',
  'tableChangeAdds',
  'foreignKeyAdds',
  'indexRenames',
  'notNullRenamesLate',
  ...AFTER_TABLES,
  'lateEnumDrops',
  'lateSchemaDrops',
  ...FEATURES_AFTER,
] as const satisfies readonly Slot[];

/** Each slot's place in `SLOT_ORDER`. */
const SLOT_RANK: ReadonlyMap<Slot, number> = new Map(SLOT_ORDER.map((slot, i) => [slot, i]));
const rank = (slot: Slot): number => SLOT_RANK.get(slot)!;

/**
 * `steps`, with what the tables are created or changed with that calls a
 * routine created after the tables (its signature or body uses a table: a
 * function over a table's row type, say) taken out of its step and set in
 * `callsSetLate`, after those routines: a table's checks, exclusions,
 * indexes and defaults; and so are the indexes and exclusions calling a SQL
 * routine whose body reads a relation the revision creates, which Postgres
 * reads as it builds them (`withCallsHeldBack`).
 */
export function withLateCallsHeldBack(steps: readonly Step[]): Step[] {
  const [tables, late] = [rank('tableCreates'), rank('callsSetLate')];
  const created = steps.flatMap(({ op, slot }) => (op.kind === 'createFunction' ? [{ f: op.function, slot }] : []));
  const relations = new Set(
    steps.flatMap(({ op }) =>
      op.kind === 'createTable' ? [op.table.name] : op.kind === 'createView' ? [op.view.name] : [],
    ),
  );
  const calls = {
    late: new Set(created.filter(({ slot }) => rank(slot) > tables).map(({ f }) => f.name)),
    reading: new Set(
      readingRoutines(
        created.map(({ f }) => f),
        relations,
      ).map((f) => f.name),
    ),
  };
  if (calls.late.size === 0 && calls.reading.size === 0) return [...steps];
  return steps.flatMap((step): Step[] => {
    if (rank(step.slot) >= late) return [step];
    const { op, held } = withCallsHeldBack(step.op, calls);
    const kept = op === null ? [] : [op === step.op ? step : { ...step, op }];
    return [...kept, ...held.map((h) => ({ op: h, slot: 'callsSetLate' as const }))];
  });
}

/**
 * `steps`, with what a dropped table holds that calls a routine dropped
 * before the tables (one over the table's row type, which the table's drop
 * must wait for) dropped first, in `callsCleared`: its checks, exclusions,
 * indexes and defaults (`withCallsHeldBack`, reversed). The downgrade, the
 * reverse, then creates the table, the routine, and them.
 */
export function withCallsDroppedFirst(steps: readonly Step[]): Step[] {
  const tables = rank('tableDrops');
  const names = new Set(
    steps.flatMap(({ op, slot }) => (op.kind === 'dropFunction' && rank(slot) < tables ? [op.name] : [])),
  );
  if (names.size === 0) return [...steps];
  return steps.flatMap((step): Step[] => {
    const { op } = step;
    if (op.kind !== 'dropTable' || op.removed === undefined) return [step];
    const split = withCallsHeldBack({ kind: 'createTable', table: op.removed }, { late: names, reading: new Set() });
    if (split.held.length === 0 || split.op?.kind !== 'createTable') return [step];
    const drops = split.held.map((held) => ({ op: reverseOperation(held), slot: 'callsCleared' as const }));
    return [...drops, { ...step, op: { ...op, removed: split.op.table } }];
  });
}

/** The slots of drops whose families go from the last (configurations before dictionaries, say): dependents first. */
const FAMILIES_REVERSED: ReadonlySet<Slot> = new Set<Slot>(['foreignDrops', 'textSearchDrops']);

/**
 * The slots of the defaults cast to a replaced enum, cleared and set again:
 * by (schema, table, column), where the other slots keep a table's columns in
 * the order they were emitted in.
 */
const BY_COLUMN: ReadonlySet<Slot> = new Set<Slot>(['castingDefaults.drop', 'castingDefaults.create']);

/** The slots whose order `order.ts` decides itself from the comparisons of schemas, enums and tables. */
const ORDERED_BY_PLAN: ReadonlySet<Slot> = new Set<Slot>([
  'foreignKeyDrops',
  'tableChangeDrops',
  'tableDrops',
  'enumDrops',
  'schemaDrops',
  'schemaCreates',
  'enumCreates',
  'tableCreates',
  'tableChangeAdds',
  'foreignKeyAdds',
  'partitionRestores',
  'lateEnumDrops',
  'lateSchemaDrops',
]);

/**
 * How a run of slots orders the views, routines and types in it: what an
 * object uses before it (`uses first`), what uses an object before it
 * (`users first`), or the reverse of `uses first`.
 */
type RunOrder = 'uses first' | 'users first' | 'reverse of uses first';

/**
 * The slots whose views, routines and types are ordered together, by what
 * they use (`objectUse`), ties by key; each slot keeps its other steps where
 * they are. Views and routines are created (or replaced) after what they use
 * and dropped in the reverse order; domains and composite types are created
 * after the types they use and dropped after the types that use them.
 */
const DEPENDENCY_RUNS: readonly { slots: readonly Slot[]; order: RunOrder }[] = [
  {
    slots: ['viewAndRoutineDrops', 'operatorFunctionDrops', 'viewAndRoutineDropsLate'],
    order: 'reverse of uses first',
  },
  { slots: ['typeDropsFirst', 'typeDropsLate'], order: 'users first' },
  { slots: ['typeCreatesBeforeTables', 'typeCreatesAfterTables'], order: 'uses first' },
  { slots: ['viewAndRoutineStepsBeforeTables', 'viewAndRoutineStepsAfterTables'], order: 'uses first' },
];

/** Every slot has a place: a slot the table leaves out fails to compile here. */
const EVERY_SLOT_PLACED: [Exclude<Slot, (typeof SLOT_ORDER)[number]>] extends [never] ? true : never = true;
void EVERY_SLOT_PLACED;

/**
 * `steps` in the order of their slots, each slot's by its keys (`byTieBreak`,
 * a table's columns and a type's attributes by their places, `place`),
 * but for those `order.ts` puts in order itself (`ORDERED_BY_PLAN`);
 * within the steps around the changes, the foreign keys are dropped first and
 * added last: a key they reference may be dropped and added again among the
 * others. Around an enum replacement, the policies are dropped and created
 * in one sorted run (`withPoliciesSorted`).
 */
export function inSlotOrder(steps: readonly Step[], place: Place = NO_PLACES): Operation[] {
  const bySlot = new Map<Slot, Operation[]>(SLOT_ORDER.map((slot) => [slot, []]));
  for (const step of steps) bySlot.get(step.slot)!.push(step.op);
  for (const [slot, ops] of bySlot)
    if (!ORDERED_BY_PLAN.has(slot)) bySlot.set(slot, byTieBreak(ops, FAMILIES_REVERSED.has(slot), place));
  for (const slot of BY_COLUMN) bySlot.set(slot, byColumn(bySlot.get(slot)!));
  for (const run of DEPENDENCY_RUNS) inDependencyOrder(bySlot, run.slots, run.order);
  withPoliciesSorted(bySlot);
  return SLOT_ORDER.flatMap((slot) => {
    const ops = bySlot.get(slot)!;
    if (slot.endsWith('.drop')) return [...ops.filter(isForeignKeyStep), ...ops.filter((op) => !isForeignKeyStep(op))];
    if (slot.endsWith('.create'))
      return [...ops.filter((op) => !isForeignKeyStep(op)), ...ops.filter(isForeignKeyStep)];
    return ops;
  });
}

/** Puts the views, routines and types of `slots` in `order`, each in its own slot, where that slot had one. */
function inDependencyOrder(bySlot: Map<Slot, Operation[]>, slots: readonly Slot[], order: RunOrder): void {
  const uses = new Map<Operation, ObjectUse>();
  for (const slot of slots)
    for (const op of bySlot.get(slot)!) {
      const use = objectUse(op);
      if (use !== null) uses.set(op, use);
    }
  if (uses.size < 2) return;
  const rank = new Map(dependencyOrder([...uses.values()], order).map((use, i) => [use, i]));
  for (const slot of slots) {
    const ops = bySlot.get(slot)!;
    const objects = ops.filter((op) => uses.has(op)).sort((a, b) => rank.get(uses.get(a)!)! - rank.get(uses.get(b)!)!);
    let next = 0;
    bySlot.set(
      slot,
      ops.map((op) => (uses.has(op) ? objects[next++]! : op)),
    );
  }
}

/**
 * Objects in `order`, ties by key (`compareText`); what they use that is not
 * among them does not count. A cycle is broken at its first object by key.
 */
function dependencyOrder(objects: readonly ObjectUse[], order: RunOrder): ObjectUse[] {
  const sorted = [...objects].sort((a, b) => compareText(a.key, b.key));
  const keyOf = new Map(sorted.map((use) => [use.name, use.key]));
  const prerequisites = (use: ObjectUse): string[] =>
    order === 'users first'
      ? sorted.filter((other) => other !== use && other.uses.includes(use.name)).map((other) => other.key)
      : use.uses.flatMap((name) => {
          const key = keyOf.get(name);
          return key === undefined || key === use.key ? [] : [key];
        });
  const ordered = readyOrder(sorted, (use) => use.key, prerequisites);
  return order === 'reverse of uses first' ? ordered.reverse() : ordered;
}

/**
 * When policies go around an enum replacement, every policy step of the
 * features' slots moves into the enum's: the drops before all the rest, the
 * creates after, each run sorted by (schema, table, name), stable.
 */
function withPoliciesSorted(bySlot: Map<Slot, Operation[]>): void {
  const [drop, create] = ['enumPolicies.drop', 'enumPolicies.create'] as const;
  if (bySlot.get(drop)!.length + bySlot.get(create)!.length === 0) return;
  const gather = (slots: readonly Slot[], into: Slot): void => {
    const others = slots.filter((slot) => slot !== into);
    const moved = others.flatMap((slot) => bySlot.get(slot)!.filter(isPolicy));
    for (const slot of others) bySlot.set(slot, bySlot.get(slot)!.filter(isNotPolicy));
    bySlot.set(into, sortPolicyOps([...moved, ...bySlot.get(into)!]));
  };
  gather(FEATURES_BEFORE, drop);
  gather(FEATURES_AFTER, create);
}

/** Column steps by (schema, table, column), stable; the other steps where they are. */
function byColumn(ops: readonly Operation[]): Operation[] {
  const columnOf = (op: Operation): string[] =>
    op.kind === 'alterColumn' || op.kind === 'dropColumn'
      ? [op.schema, op.table, op.column]
      : op.kind === 'addColumn'
        ? [op.schema, op.table, op.column.name]
        : [];
  const columns = ops.filter((op) => columnOf(op).length > 0);
  const sorted = [...columns].sort((a, b) => compareTuples(columnOf(a), columnOf(b)));
  let next = 0;
  return ops.map((op) => (columnOf(op).length > 0 ? sorted[next++]! : op));
}

function isPolicy(op: Operation): boolean {
  return op.kind === 'dropPolicy' || op.kind === 'createPolicy';
}

function isNotPolicy(op: Operation): boolean {
  return !isPolicy(op);
}

function sortPolicyOps(ops: Operation[]): Operation[] {
  const key = (op: Operation): string[] => {
    if (op.kind === 'dropPolicy') return [op.schema, op.table, op.name];
    if (op.kind === 'createPolicy') return [op.schema, op.table, op.policy.name];
    return [];
  };
  return [...ops].sort((a, b) => compareTuples(key(a), key(b)));
}

function isForeignKeyStep(op: Operation): boolean {
  if (op.kind === 'dropConstraint') return op.removed?.type === 'foreignKey';
  return op.kind === 'addConstraint' && op.constraint.type === 'foreignKey';
}

function inSlots(steps: readonly Step[], slots: readonly Slot[]): Operation[] {
  const wanted = new Set(slots);
  return steps.flatMap((step) => (wanted.has(step.slot) ? [step.op] : []));
}

/** What runs before the tables change (the objects' first steps and every reason's drops), in no particular order: for lookups. */
export function firstSteps(steps: readonly Step[]): Operation[] {
  return inSlots(steps, FIRST);
}

/** What runs after the tables change (the objects' last steps and every reason's creates), in no particular order: for lookups. */
export function afterTablesSteps(steps: readonly Step[]): Operation[] {
  return inSlots(steps, AFTER_TABLES);
}

/** The features' steps before the other changes (policies dropped, partitions detached), in no particular order: for lookups. */
export function featuresBefore(steps: readonly Step[]): Operation[] {
  return inSlots(steps, FEATURES_BEFORE);
}

/** The features' steps after the other changes (partitions attached, policies created), in no particular order: for lookups. */
export function featuresAfter(steps: readonly Step[]): Operation[] {
  return inSlots(steps, FEATURES_AFTER);
}

/** The objects' steps that leave a schema empty after the tables change: its drop waits for them. */
export function lateDropSteps(steps: readonly Step[]): Operation[] {
  return inSlots(steps, OBJECT_PARTS.lateDrops);
}
