import { specOf } from './operation-specs.js';
import type { Operation } from './operation.js';

/**
 * The operation that undoes `op`. A drop reverses only when it carries the
 * object it removes; an `alterColumn` only when it carries `from`. Throws
 * `AthanorError('irreversible')` otherwise.
 */
export function reverseOperation(op: Operation): Operation {
  return specOf(op).reverse(op);
}

/** The downgrade of a list of operations: each one reversed, last first. */
export function reverseOperations(ops: readonly Operation[]): Operation[] {
  return ops.map(reverseOperation).reverse();
}
