import type { Operation } from '../ops/operation.js';

/**
 * The data the comparison's stages hand each other and the scheduler: each
 * operation with the slot it runs in, that is the part of the comparison
 * that emitted it, or the reason that forces it around the other changes.
 * `order/slots.ts` puts the slots in order; within a slot the scheduler's
 * keys (`order/tie-break.ts`) decide, so the stages may emit in any order, and
 * `order/edges.ts` adds what one operation must wait for.
 */
export interface Step {
  readonly op: Operation;
  readonly slot: Slot;
}

export type Slot = ObjectPart | AroundSlot | PlanSlot;

/**
 * The parts of the object comparisons (`diff/objects/`): extensions,
 * sequences, domains, views, routines, triggers and the rest, each part
 * declared once, in the phase of the revision it belongs to and in its
 * order there. `order/slots.ts` puts the phases among the schemas', enums'
 * and tables' steps.
 */
export const OBJECT_PARTS = {
  /** Before anything else but the tables' features: drops of what the changes would break. */
  first: [
    'publicationDrops',
    'castDrops',
    'ruleDrops',
    'statisticsDrops',
    'triggerDrops',
    'sequenceOwnersCleared',
    // Domains' defaults and checks calling a routine about to be dropped, and a dropped table's checks, indexes
    // and defaults calling one (order/slots.ts: withCallsDroppedFirst).
    'callsCleared',
    // Views and routines (late ones) dropped, dependents first.
    'viewAndRoutineDrops',
    // Operators and operator classes created again, after what uses them...
    'recreatedOperatorDrops',
    // ...and before the functions they call.
    'operatorFunctionDrops',
    'foreignDrops',
    'typeDropsFirst',
  ],
  /** Right after the schemas are created. */
  afterSchemas: ['extensionCreates', 'collationCreates', 'textSearchCreates'],
  /** After the enums, before the tables. */
  beforeTables: [
    // Sequences use no type of the model; a domain's default may read one.
    'sequenceCreates',
    'typeCreatesBeforeTables',
    'domainAlters',
    'compositeAlters',
    'rangeAlters',
    'sequenceAlters',
    'viewAndRoutineStepsBeforeTables',
    // Casts over types and routines created by then: the tables' defaults, checks and indexes may use them.
    'castCreatesBeforeTables',
    // Domains' defaults and checks calling a routine just created (a column holding an array of a domain keeps
    // it from being changed: before the tables).
    'domainCallsSet',
    'operatorCreates',
    'operatorAlters',
    'operatorClassCreates',
    'foreignCreates',
  ],
  /** After every table operation: creates. */
  afterTables: [
    'typeCreatesAfterTables',
    'viewAndRoutineStepsAfterTables',
    // Domains' defaults and checks calling a routine just created that reads a relation, and what tables are
    // created or changed with that calls a routine created after them (order/slots.ts: withLateCallsHeldBack).
    'callsSetLate',
    'sequenceOwnersSet',
    'triggerCreates',
    'ruleCreates',
    'statisticsCreates',
    'castCreates',
    'publicationCreates',
  ],
  /** After the creates: the drops of what the tables used, which leave a schema empty (for the late schema drops). */
  lateDrops: [
    'extensionMoves',
    'operatorClassDropsLate',
    'operatorDropsLate',
    'viewAndRoutineDropsLate',
    'typeDropsLate',
    'sequenceDrops',
    'textSearchDrops',
    'collationDrops',
    'extensionDrops',
  ],
} as const;

/** A part of the object comparisons (`OBJECT_PARTS`). */
export type ObjectPart = (typeof OBJECT_PARTS)[keyof typeof OBJECT_PARTS][number];

/**
 * Why objects are dropped and created again around the other changes:
 * policies calling a routine, using a retyped column or a replaced enum;
 * triggers and rules using a replaced enum, what calls a routine (or uses an operator)
 * created again, triggers and rules using a retyped column, rules, statistics, triggers
 * and owned sequences of rebuilt tables, defaults of columns cast to a
 * replaced enum.
 */
export type AroundReason =
  | 'routinePolicies'
  | 'retypedPolicies'
  | 'enumPolicies'
  | 'enumTriggers'
  | 'enumRules'
  | 'routineCallers'
  | 'retypedTriggers'
  | 'retypedRules'
  | 'rebuiltRules'
  | 'rebuiltStatistics'
  | 'rebuiltTriggers'
  | 'rebuiltOwners'
  | 'castingDefaults';

/** A reason's drops (or clears), before the changes, and its creates (or sets), after them. */
export type AroundSlot = `${AroundReason}.drop` | `${AroundReason}.create`;

/**
 * The policies of rebuilt tables with no rows to copy, the tables' features
 * (`diff/compare-table-features.ts`: policies, partitions
 * detached and attached, inheritance, row-level security, persistence and
 * storage), and the schemas', enums' and tables' steps, which the scheduler
 * makes from their comparisons.
 */
export type PlanSlot =
  | 'rebuiltPolicyDrops'
  | 'tableFeaturesBefore'
  | 'tableFeaturesAfter'
  | 'foreignKeyDrops'
  | 'notNullRenamesEarly'
  | 'partitionRestores'
  | 'partitionNotNullKeeps'
  | 'tableChangeDrops'
  | 'tableDrops'
  | 'enumDrops'
  | 'schemaDrops'
  | 'schemaCreates'
  | 'enumCreates'
  | 'enumValueAdds'
  | 'enumReplaces'
  | 'tableCreates'
  | 'tableChangeAdds'
  | 'foreignKeyAdds'
  | 'indexRenames'
  | 'notNullRenamesLate'
  | 'lateEnumDrops'
  | 'lateSchemaDrops';

/** Steps dropped (or cleared) before the changes and created (or set) again after them. */
export interface AroundSteps {
  drops: Operation[];
  creates: Operation[];
}

/** `ops` as steps of `slot`, in their order. */
export function stepsIn(slot: Slot, ops: readonly Operation[]): Step[] {
  return ops.map((op) => ({ op, slot }));
}

/** `steps` with `around` added to the steps around the changes for `reason` (after those already there). */
export function withAround(steps: readonly Step[], reason: AroundReason, around: AroundSteps): Step[] {
  return [...steps, ...stepsIn(`${reason}.drop`, around.drops), ...stepsIn(`${reason}.create`, around.creates)];
}

/** An operation of a downgrade: the reverse of one of the upgrade's, or why that one cannot be reversed. */
export type Reversal = { readonly op: Operation } | { readonly irreversible: string };

/** A revision's downgrade in order (`order/downgrade.ts`), in the parts its body is written in. */
export interface DowngradePlan {
  /** The online part's plain reversals, undone first, in the revision's transaction. */
  readonly onlinePlain: readonly Reversal[];
  /**
   * Then the online part's indexes built or dropped concurrently, undone concurrently outside a
   * transaction, with the plain undoings that need an index built again (a replica identity on it).
   */
  readonly onlineConcurrent: readonly Reversal[];
  /** Then the rest of the upgrade, undone. */
  readonly rest: readonly Reversal[];
}
