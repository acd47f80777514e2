import { describeOperation } from '../describe.js';
import { hazard, type Hazard } from '../hazard-codes.js';
import type { Operation } from '../operation.js';
import { expandForm } from './expand-forms.js';

/**
 * What `migrate lint` says of a revision's operations that
 * `migrate upgrade --expand` refuses by their expand form (`expand-forms.ts`):
 * one `not-expandable` finding each, with the reason. What only the database
 * tells (a view reading a column the new version drops, an index on a
 * retyped column, a routine's new definition that cannot be made over the
 * version's views) is found by `--expand` itself.
 */
export function notExpandable(operations: readonly Operation[]): Hazard[] {
  return operations.flatMap((op) => {
    const form = expandForm(op);
    if (!('refused' in form)) return [];
    return [
      hazard(
        'not-expandable',
        `${describeOperation(op)} cannot be served in both versions by upgrade --expand (${form.refused})`,
      ),
    ];
  });
}
