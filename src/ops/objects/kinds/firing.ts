import type { Firing } from '../../../schema/model.js';

/**
 * A trigger's or rule's firing changed in place (`ALTER TABLE ... ENABLE
 * [ALWAYS | REPLICA] | DISABLE TRIGGER | RULE name`): null is the default
 * (`ENABLE`). A trigger or rule created with a firing of its own gets it in
 * its own `createTrigger` / `createRule`.
 */
export type FiringOperation = Readonly<{
  kind: 'alterFiring';
  on: 'trigger' | 'rule';
  schema: string;
  /** The table it is on. */
  table: string;
  name: string;
  firing: Firing | null;
  /** The firing before; needed to reverse it. */
  from?: Firing | null;
}>;

export type FiringOperationKind = FiringOperation['kind'];
