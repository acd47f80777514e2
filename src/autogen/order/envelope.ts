import type { Operation } from '../../ops/operation.js';
import {
  compareDefaultPrivileges,
  compareGrants,
  compareOwners,
  type DefaultPrivilegeModel,
  type GrantModel,
} from '../../schema/model.js';
import { commentTargetKey, compareCommentTargets } from '../../schema/object-keys.js';

/**
 * The order inside each part of a revision's envelope (`schedule.ts`): the
 * comments cleared and set, the privileges revoked and granted, the default
 * privileges' and the owners' changes. The comparisons of comments, grants,
 * default privileges and owners hand their operations over in any order;
 * each part goes by the model's own order of what its operations are on
 * (`compareCommentTargets`, `compareGrants`, `compareDefaultPrivileges`,
 * `compareOwners`), read from the operations, so that the revision is the
 * same, byte for byte, whatever order they were emitted in.
 */

/**
 * Which way a part of privileges goes: `remove` for the part revoked first
 * (where a `grant` gives back a default privilege taken away), `add` for the
 * part granted last (where a `revoke` takes one away).
 */
export type PrivilegeDirection = 'remove' | 'add';

/**
 * The comments cleared by target, and those set: first the comments the
 * database has on its objects (changed, removed, or set again on an object
 * created again, whose comment is among `clears`), then the new ones, each
 * run by target.
 */
export function commentsInOrder(comments: { clears: readonly Operation[]; sets: readonly Operation[] }): {
  clears: Operation[];
  sets: Operation[];
} {
  const cleared = new Set(
    comments.clears.flatMap((op) => (op.kind === 'setComment' ? [commentTargetKey(op.target)] : [])),
  );
  const isNew = (op: Operation): number =>
    op.kind === 'setComment' && (op.from ?? null) === null && !cleared.has(commentTargetKey(op.target)) ? 1 : 0;
  return {
    clears: sorted(comments.clears, compareComments),
    sets: sorted(comments.sets, (a, b) => isNew(a) - isNew(b) || compareComments(a, b)),
  };
}

/** Privileges on objects, by object, its own before its columns', then grantee and privilege (`compareGrants`). */
export function grantsInOrder(ops: readonly Operation[], direction: PrivilegeDirection): Operation[] {
  return sorted(ops, (a, b) => {
    const [x, y] = [grantEntry(a, direction), grantEntry(b, direction)];
    return x === null || y === null ? 0 : compareGrants(x, y) || grantOption(a) - grantOption(b);
  });
}

/** Default privileges by role, schema, kind, grantee, then privilege (`compareDefaultPrivileges`). */
export function defaultPrivilegesInOrder(ops: readonly Operation[], direction: PrivilegeDirection): Operation[] {
  return sorted(ops, (a, b) => {
    const [x, y] = [defaultEntry(a, direction), defaultEntry(b, direction)];
    return x === null || y === null ? 0 : compareDefaultPrivileges(x, y) || grantOption(a) - grantOption(b);
  });
}

/** Owners' changes by object (`compareOwners`). */
export function ownersInOrder(ops: readonly Operation[]): Operation[] {
  return sorted(ops, (a, b) =>
    a.kind === 'alterOwner' && b.kind === 'alterOwner'
      ? compareOwners({ target: a.on, owner: '' }, { target: b.on, owner: '' })
      : 0,
  );
}

/** `ops` by `compare`; what it leaves equal keeps its order. */
function sorted(ops: readonly Operation[], compare: (a: Operation, b: Operation) => number): Operation[] {
  return [...ops].sort(compare);
}

function compareComments(a: Operation, b: Operation): number {
  return a.kind === 'setComment' && b.kind === 'setComment' ? compareCommentTargets(a.target, b.target) : 0;
}

function grantOption(op: Operation): number {
  return 'withGrantOption' in op && op.withGrantOption === true ? 1 : 0;
}

/**
 * The first ACL entry a `grant` or `revoke` stands for: on its object, its
 * first column, its grantee, its first privilege, and whether it is a
 * default privilege taken away (a `grant` where privileges are removed, a
 * `revoke` where they are added).
 */
function grantEntry(op: Operation, direction: PrivilegeDirection): GrantModel | null {
  if (op.kind !== 'grant' && op.kind !== 'revoke') return null;
  const column = op.columns?.[0];
  return {
    target: op.on,
    ...(column === undefined ? {} : { column }),
    grantee: op.kind === 'grant' ? op.to : op.from,
    privilege: op.privileges[0]!,
    grantOption: op.withGrantOption === true,
    ...(revokedDefault(op.kind === 'grant', direction) ? { revoked: true as const } : {}),
  };
}

/** The first entry a `grantDefault` or `revokeDefault` stands for, as `grantEntry` reads a grant. */
function defaultEntry(op: Operation, direction: PrivilegeDirection): DefaultPrivilegeModel | null {
  if (op.kind !== 'grantDefault' && op.kind !== 'revokeDefault') return null;
  return {
    ...(op.forRole === undefined ? {} : { role: op.forRole }),
    ...(op.inSchema === undefined ? {} : { schema: op.inSchema }),
    on: op.on,
    grantee: op.kind === 'grantDefault' ? op.to : op.from,
    privilege: op.privileges[0]!,
    grantOption: op.withGrantOption === true,
    ...(revokedDefault(op.kind === 'grantDefault', direction) ? { revoked: true as const } : {}),
  };
}

/** Whether a step stands for a default privilege taken away: it grants where privileges are removed, or the reverse. */
function revokedDefault(grants: boolean, direction: PrivilegeDirection): boolean {
  return grants === (direction === 'remove');
}
