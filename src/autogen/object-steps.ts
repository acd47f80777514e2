import type { Operation } from '../ops/operation.js';

/**
 * The operations on extensions, sequences, domains, views, routines,
 * triggers and the other objects, as named parts whose places among the table
 * operations the scheduler decides (`order/object-phases.ts`, `orderOperations`):
 * the data the comparison's stages (`diff`, `plan`, `dependents`) hand to `order`.
 * Comments come last, from `commentSteps`.
 */
export interface ObjectSteps {
  parts: ObjectParts;
  /** Schemas that hold something dropped after the tables change: they are dropped at the very end. */
  lateSchemas: string[];
  /**
   * What a change elsewhere forces out of the way, by the reason: dropped
   * before the tables change and created again after them. Where each
   * reason's steps go among the others is the scheduler's (`order/order.ts`).
   */
  around?: Partial<Record<AroundReason, AroundSteps>>;
}

/**
 * The named parts of the object comparisons' steps. Where each runs among the
 * table operations is the scheduler's (`order/object-phases.ts` places every one).
 */
export type ObjectPart =
  | 'castDrops'
  | 'ruleDrops'
  | 'statisticsDrops'
  | 'triggerDrops'
  | 'sequenceOwnersCleared'
  | 'viewAndRoutineDrops'
  | 'recreatedOperatorDrops'
  | 'operatorFunctionDrops'
  | 'foreignDrops'
  | 'typeDropsFirst'
  | 'extensionCreates'
  | 'collationCreates'
  | 'textSearchCreates'
  | 'typeCreatesBeforeTables'
  | 'domainAlters'
  | 'compositeAlters'
  | 'sequenceCreates'
  | 'sequenceAlters'
  | 'viewAndRoutineStepsBeforeTables'
  | 'operatorCreates'
  | 'operatorAlters'
  | 'operatorClassCreates'
  | 'foreignCreates'
  | 'typeCreatesAfterTables'
  | 'viewAndRoutineStepsAfterTables'
  | 'sequenceOwnersSet'
  | 'triggerCreates'
  | 'ruleCreates'
  | 'statisticsCreates'
  | 'castCreates'
  | 'extensionMoves'
  | 'operatorClassDropsLate'
  | 'operatorDropsLate'
  | 'viewAndRoutineDropsLate'
  | 'sequenceDrops'
  | 'typeDropsLate'
  | 'textSearchDrops'
  | 'collationDrops'
  | 'extensionDrops';

/** The steps of each part, in the part's own order; a part left out has none. */
type ObjectParts = Partial<Record<ObjectPart, Operation[]>>;

/**
 * Why objects are dropped and created again around the other changes:
 * triggers using a replaced enum, what calls a routine (or uses an operator)
 * created again, triggers using a retyped column, rules, triggers and owned
 * sequences of rebuilt tables, defaults of columns cast to a replaced enum.
 */
export type AroundReason =
  | 'enumTriggers'
  | 'routineCallers'
  | 'retypedTriggers'
  | 'rebuiltRules'
  | 'rebuiltStatistics'
  | 'rebuiltTriggers'
  | 'rebuiltOwners'
  | 'castingDefaults';

/** Steps dropped (or cleared) before the changes and created (or set) again after them. */
export interface AroundSteps {
  drops: Operation[];
  creates: Operation[];
}

export function emptyObjectSteps(): ObjectSteps {
  return { parts: {}, lateSchemas: [] };
}

/** `steps` with `around` added to the steps around them for `reason` (after those already there). */
export function withAround(steps: ObjectSteps, reason: AroundReason, around: AroundSteps): ObjectSteps {
  if (around.drops.length + around.creates.length === 0) return steps;
  const had = steps.around?.[reason] ?? { drops: [], creates: [] };
  const merged = { drops: [...had.drops, ...around.drops], creates: [...had.creates, ...around.creates] };
  return { ...steps, around: { ...steps.around, [reason]: merged } };
}
