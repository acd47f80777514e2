import type { Operation } from '../../../ops/operation.js';
import { grantTargetKey, type OwnerModel, type SchemaModel } from '../../../schema/model.js';
import { droppedTargets } from './compare-grants.js';

/**
 * The owner changes around the other operations (the scheduler puts `before`
 * with the revokes, `after` ahead of the grants). An object given to
 * another owner, or back to the role the migrations run as, changes hands
 * at the end, once it exists. An object the operations drop (for good, or
 * to create it again) is given back to the role the migrations run as
 * first, while it exists, so that the downgrade, which creates it again,
 * gives it back to its owner; it goes to its owner again at the end when it
 * comes back. The scheduler puts each part in order (`order/envelope.ts`).
 */
export function ownerSteps(
  current: SchemaModel,
  target: SchemaModel,
  ops: readonly Operation[],
): { before: Operation[]; after: Operation[] } {
  if (current.owners.length === 0 && target.owners.length === 0) return { before: [], after: [] };
  const was = new Map(current.owners.map((o) => [grantTargetKey(o.target), o]));
  const will = new Map(target.owners.map((o) => [grantTargetKey(o.target), o]));
  const dropped = droppedTargets(ops, current);
  const before: OwnerModel[] = [];
  const after: { on: OwnerModel; from?: string }[] = [];
  for (const [key, owner] of was) {
    const next = will.get(key);
    if (dropped(owner.target)) {
      before.push(owner);
      if (next !== undefined) after.push({ on: next });
    } else if (next === undefined) after.push({ on: { target: owner.target, owner: '' }, from: owner.owner });
    else if (next.owner !== owner.owner) after.push({ on: next, from: owner.owner });
  }
  for (const [key, owner] of will) if (!was.has(key)) after.push({ on: owner });
  return {
    before: before.map((o) => ({ kind: 'alterOwner', on: o.target, from: o.owner })),
    after: after.map(({ on, from }) => ({
      kind: 'alterOwner',
      on: on.target,
      ...(on.owner === '' ? {} : { to: on.owner }),
      ...(from === undefined ? {} : { from }),
    })),
  };
}
