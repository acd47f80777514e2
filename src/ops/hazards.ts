import { describeOperation, hazardOf, isDestructive } from './describe.js';
import { hazard, IN_PLACE_LOSS_CODES, tableOf, type Hazard } from './hazard-codes.js';
import { gradeLocks } from './lock-grade.js';
import { specOf } from './operation-specs.js';
import type { Operation } from './operation.js';

export {
  HAZARD_CODES,
  HAZARD_KINDS,
  hazard,
  isBinaryCompatible,
  isVolatile,
  LOCK,
  nonTransactionalHazard,
  VOLATILE_FUNCTIONS,
} from './hazard-codes.js';
export type { Hazard, HazardCode, HazardKind } from './hazard-codes.js';

/**
 * The hazards of each operation of a revision, in order. An operation on a
 * table created earlier in the same list has no lock, scan or rewrite
 * hazard: nobody else can be using that table yet. A brief ACCESS EXCLUSIVE
 * lock is a hazard only when `lockTimeout` (the run's, `'0'` for none; unset
 * means the default) does not bound its wait (`gradeLocks`).
 */
export function revisionHazards(
  operations: readonly Operation[],
  options: { lockTimeout?: string | null } = {},
): Hazard[][] {
  const created = new Set<string>();
  return operations.map((op) => {
    const found = gradeLocks(hazardsOf(op), options.lockTimeout).filter(
      (h) => !(h.table && ['rewrite', 'lock', 'scan'].includes(h.kind) && created.has(key(h.table))),
    );
    if (op.kind === 'createTable') created.add(key({ schema: op.table.schema, name: op.table.name }));
    return found;
  });
}

const key = (t: { schema: string; name: string }) => `${t.schema}\0${t.name}`;

/**
 * What one operation risks, on a table that holds rows and serves queries:
 * its data loss (from `isDestructive`), then the lock, scan, rewrite,
 * breaking and non-transactional hazards its kind's spec gives.
 */
export function hazardsOf(op: Operation): Hazard[] {
  return [...dataLoss(op), ...specOf(op).hazards(op)];
}

/**
 * What a downgrade warns of before `reversed`, the operation that undoes one
 * of its upgrade's: its data loss when it changes in place what the rows
 * hold (a type narrowed back, an enum's values removed again), as the upgrade
 * would warn of the same operation. A drop of what the upgrade created is
 * what undoing it means, and goes without.
 */
export function downgradeHazards(reversed: Operation): Hazard[] {
  return dataLoss(reversed).filter((h) => IN_PLACE_LOSS_CODES.includes(h.code));
}

function dataLoss(op: Operation): Hazard[] {
  if (!isDestructive(op)) return [];
  const message = `${describeOperation(op)}; ${hazardOf(op)}`;
  return [hazard(specOf(op).lossCode ?? 'drop-object', message, tableOf(op))];
}
