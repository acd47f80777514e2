import type { Operation } from '../../../ops/operation.js';
import type { Firing } from '../../../schema/model.js';

/** A trigger's or rule's firing changed in place, from `before`'s to `after`'s (absent: the default). */
export function firingChange(
  on: 'trigger' | 'rule',
  before: { firing?: Firing },
  after: { schema: string; table: string; name: string; firing?: Firing },
): Operation {
  const { schema, table, name } = after;
  return { kind: 'alterFiring', on, schema, table, name, firing: after.firing ?? null, from: before.firing ?? null };
}
