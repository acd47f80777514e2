import type { Operation } from '../../ops/operation.js';
import type { AroundReason, ObjectPart, ObjectSteps } from '../object-steps.js';

/**
 * Where the steps of the object comparisons (`diff/objects/`) go among the
 * table operations: each comparison hands its steps over as named parts
 * (`ObjectSteps` in `object-steps.ts`), and this table says in
 * which phase of `orderOperations` each part runs and in which order the
 * parts of a phase follow each other. Within a part the comparison's own
 * order holds (by name, or by dependency through `graph/dependency-order.ts`). The
 * steps recorded by the reason that forces them (`around`) enclose the parts
 * (`objectPhases`).
 */
const OBJECT_PHASES = {
  /** Before anything else. */
  first: [
    'castDrops',
    'ruleDrops',
    'statisticsDrops',
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
    'statisticsCreates',
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
} as const satisfies Record<string, readonly ObjectPart[]>;

export type ObjectPhase = keyof typeof OBJECT_PHASES;

/** Every part has a phase: a part the table leaves out fails to compile here. */
const EVERY_PART_PLACED: [Exclude<ObjectPart, (typeof OBJECT_PHASES)[ObjectPhase][number]>] extends [never]
  ? true
  : never = true;
void EVERY_PART_PLACED;

/** The steps of the parts of a phase, in the scheduled order, without the steps around the changes. */
function phaseSteps(steps: ObjectSteps, phase: ObjectPhase): Operation[] {
  return OBJECT_PHASES[phase].flatMap((part: ObjectPart) => steps.parts[part] ?? []);
}

/**
 * What is dropped and created again around the other changes, from the
 * outermost reason to the innermost: drops in this order before `first`,
 * creates in the reverse order after `afterTables`. The steps a later stage of
 * the comparison adds (it sees those so far) enclose the earlier stages', and
 * the downgrade, reversed, keeps the same shape.
 */
const OUTER_REASONS: readonly AroundReason[] = [
  'enumTriggers',
  'routineCallers',
  'retypedTriggers',
  'rebuiltRules',
  'rebuiltStatistics',
  'rebuiltTriggers',
  'rebuiltOwners',
];

/** Enclosed by the plain steps: cleared after `first`, set again before `afterTables`. */
const INNER_REASONS: readonly AroundReason[] = ['castingDefaults'];

/**
 * The object steps of each phase (`OBJECT_PHASES`), with the steps around
 * the changes in `first` and `afterTables`. Within a reason's steps, the
 * foreign keys are dropped first and added last: a key they reference may
 * be dropped and added again among the others.
 */
export function objectPhases(objects: ObjectSteps): Record<ObjectPhase, Operation[]> {
  const drops = (reasons: readonly AroundReason[]): Operation[] =>
    reasons.flatMap((reason) => foreignKeysFirst(objects.around?.[reason]?.drops ?? []));
  const creates = (reasons: readonly AroundReason[]): Operation[] =>
    [...reasons].reverse().flatMap((reason) => foreignKeysLast(objects.around?.[reason]?.creates ?? []));
  return {
    first: [...drops(OUTER_REASONS), ...phaseSteps(objects, 'first'), ...drops(INNER_REASONS)],
    afterSchemas: phaseSteps(objects, 'afterSchemas'),
    beforeTables: phaseSteps(objects, 'beforeTables'),
    afterTables: [...creates(INNER_REASONS), ...phaseSteps(objects, 'afterTables'), ...creates(OUTER_REASONS)],
  };
}

/** The foreign key drops of `ops`, then the rest, each in their order. */
function foreignKeysFirst(ops: readonly Operation[]): Operation[] {
  return [...ops.filter(isForeignKeyStep), ...ops.filter((op) => !isForeignKeyStep(op))];
}

/** The steps of `ops` other than foreign keys added, then those, each in their order. */
function foreignKeysLast(ops: readonly Operation[]): Operation[] {
  return [...ops.filter((op) => !isForeignKeyStep(op)), ...ops.filter(isForeignKeyStep)];
}

function isForeignKeyStep(op: Operation): boolean {
  if (op.kind === 'dropConstraint') return op.removed?.type === 'foreignKey';
  return op.kind === 'addConstraint' && op.constraint.type === 'foreignKey';
}

/** What runs before the tables change (the `first` phase and every reason's drops), in no particular order: for lookups. */
export function firstSteps(steps: ObjectSteps): Operation[] {
  return [...phaseSteps(steps, 'first'), ...Object.values(steps.around ?? {}).flatMap((a) => a.drops)];
}

/** What runs after the tables change (the `afterTables` phase and every reason's creates), in no particular order: for lookups. */
export function afterTablesSteps(steps: ObjectSteps): Operation[] {
  return [...phaseSteps(steps, 'afterTables'), ...Object.values(steps.around ?? {}).flatMap((a) => a.creates)];
}

/** Every operation of the parts, in no particular order (for finding what they do, not for scheduling). */
export function allObjectSteps(steps: ObjectSteps): Operation[] {
  return [
    ...firstSteps(steps),
    ...phaseSteps(steps, 'afterSchemas'),
    ...phaseSteps(steps, 'beforeTables'),
    ...afterTablesSteps(steps),
  ];
}
