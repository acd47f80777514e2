export * from './operation.js';
export { reverseOperation, reverseOperations } from './reverse.js';
export { describeOperation, hazardOf, isDestructive } from './describe.js';
export { HAZARD_CODES, HAZARD_KINDS, hazardsOf, nonTransactionalHazard, revisionHazards } from './hazards.js';
export type { Hazard, HazardCode, HazardKind } from './hazards.js';
