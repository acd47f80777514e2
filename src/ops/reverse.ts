import { specOf } from './operation-specs.js';
import { unmarked, type Operation } from './operation.js';

/**
 * The operation that undoes `op`. A drop reverses only when it carries the
 * object it removes; an `alterColumn` only when it carries `from`. Throws
 * `AthanorError('irreversible')` otherwise. The reverse carries no mark
 * (`OperationMarks`): it is what the downgrade runs.
 */
export function reverseOperation(op: Operation): Operation {
  return unmarked(specOf(op).reverse(unmarked(op)));
}

/** The downgrade of a list of operations: each one reversed, last first. */
export function reverseOperations(ops: readonly Operation[]): Operation[] {
  return ops.map(reverseOperation).reverse();
}
