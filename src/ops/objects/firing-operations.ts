import { HARMLESS, irreversible, RANK, type FamilySpecs } from '../families/spec.js';
import type { OperationOf } from '../operation.js';
import { footprintOf, thing } from '../things.js';
import type { Firing } from '../../schema/model.js';

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

declare module '../operation.js' {
  interface OperationFamilies {
    readonly firing: FiringOperation;
  }
}

export const FIRING_SPECS: FamilySpecs<FiringOperationKind> = {
  alterFiring: {
    summary: 'Sets when a trigger or rule fires: by default, always, only on a replica, or never (disabled).',
    ...HARMLESS,
    describe: describeFiring,
    reverse: (op) => {
      if (op.from === undefined)
        throw irreversible(describeFiring(op), 'it does not say what the firing was before (from)');
      return { ...op, firing: op.from, from: op.firing };
    },
    footprint: (op) => footprintOf({ needs: [thing.relation(op.schema, op.table)] }),
    example: { on: 'trigger', schema: 'public', table: 'items', name: 'items_audit', firing: 'always', from: null },
    tieBreak: (op) => [RANK.first, op.schema, op.table, op.name],
    mapNames: (op, map) => ({ ...op, schema: map.schema(op.schema) }),
  },
};

const word = (firing: Firing | null | undefined): string => firing ?? 'default';

/** `alter trigger touch on public.items: fires default -> replica`. */
function describeFiring(op: OperationOf<'alterFiring'>): string {
  const from = op.from === undefined ? '' : `${word(op.from)} -> `;
  return `alter ${op.on} ${op.name} on ${op.schema}.${op.table}: fires ${from}${word(op.firing)}`;
}
