/**
 * Where the steps of the object comparisons (`diff/objects/`) go among the
 * table operations: each comparison hands its steps over as named parts
 * (`ObjectSteps` in `diff/objects/object-steps.ts`), and this table says in
 * which phase of `orderOperations` each part runs and in which order the
 * parts of a phase follow each other. Within a part the comparison's own
 * order holds (by name, or by dependency through `order-objects.ts`).
 */
export const OBJECT_PHASES = {
  /** Before anything else. */
  first: [
    'castDrops',
    'ruleDrops',
    'triggerDrops',
    'sequenceOwnersCleared',
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
    'typeCreatesBeforeTables',
    'domainAlters',
    'compositeAlters',
    'sequenceCreates',
    'sequenceAlters',
    'viewAndRoutineStepsBeforeTables',
    'operatorCreates',
    'operatorAlters',
    'operatorClassCreates',
    'foreignCreates',
  ],
  /** After every table operation: creates, then the drops of what the tables used. */
  afterTables: [
    'typeCreatesAfterTables',
    'viewAndRoutineStepsAfterTables',
    'sequenceOwnersSet',
    'triggerCreates',
    'ruleCreates',
    'castCreates',
    'extensionMoves',
    'operatorClassDropsLate',
    'operatorDropsLate',
    'viewAndRoutineDropsLate',
    'sequenceDrops',
    'typeDropsLate',
    'textSearchDrops',
    'collationDrops',
    'extensionDrops',
  ],
} as const;

export type ObjectPhase = keyof typeof OBJECT_PHASES;

/** A named part of the object comparisons' steps. */
export type ObjectPart = (typeof OBJECT_PHASES)[ObjectPhase][number];
