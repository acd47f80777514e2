export * from './operation.js';
export { reverseOperation, reverseOperations } from './reverse.js';
export { describeOperation, isDestructive } from './describe.js';
