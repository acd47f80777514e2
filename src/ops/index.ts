export * from './operation.js';
export { reverseOperation, reverseOperations } from './reverse.js';
export { describeOperation, hazardOf, isDestructive } from './describe.js';
