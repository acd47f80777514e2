import type { Dependents } from '../../schema/model-index.js';
import { idKind, type ObjectId, type ObjectKind } from '../../schema/object-id.js';

/**
 * The one rule for what stands in a change's way. Postgres refuses some
 * changes to an object while another uses it; what uses it is then dropped
 * before the change and created again after it, and being dropped is itself
 * a change to what uses that in turn. What uses what is the current side's
 * (`ModelIndex.usersOf`): the database the change runs on.
 */

/** What a change does to the object it changes. */
export type Change = 'retype' | 'drop';

/**
 * Whether Postgres refuses `change` while an object of kind `user` uses the
 * changed object. A column's type change rebuilds the constraints and indexes
 * on the column itself (with its default), but not a generated column, a
 * policy, a trigger or a rule that uses it, nor a partitioned table whose key
 * it is in; nothing may use an object that is dropped.
 */
export function blocks(change: Change, user: ObjectKind): boolean {
  switch (change) {
    case 'retype':
      return user === 'column' || user === 'policy' || user === 'trigger' || user === 'rule' || user === 'table';
    case 'drop':
      return true;
  }
}

/** What uses `id` and stands in the way of `change` to it, directly. */
export function inTheWayOf(dependents: Dependents, id: ObjectId, change: Change): ObjectId[] {
  return dependents.usersOf(id).filter((user) => blocks(change, idKind(user)));
}

/**
 * What stands in the way of `changes`, directly or through one another: each
 * object that uses a changed one and blocks its change, that `recreates`
 * accepts (a cause creates again only what both sides keep and no other
 * comparison handles, or leaves some kinds to another comparison). What is
 * accepted is dropped, so what uses it is looked at in turn. The changed
 * objects themselves are not in it unless something brings them back in.
 */
export function blockedClosure(
  dependents: Dependents,
  changes: Iterable<readonly [ObjectId, Change]>,
  recreates: (id: ObjectId) => boolean,
): Set<ObjectId> {
  const blocked = new Set<ObjectId>();
  const queue: Array<readonly [ObjectId, Change]> = [...changes];
  for (let at = 0; at < queue.length; at++) {
    const [changed, change] = queue[at]!;
    for (const user of inTheWayOf(dependents, changed, change)) {
      if (blocked.has(user) || !recreates(user)) continue;
      blocked.add(user);
      queue.push([user, 'drop']);
    }
  }
  return blocked;
}

/** `ids`, each with the same change. */
export function changed(ids: Iterable<ObjectId>, change: Change): Array<[ObjectId, Change]> {
  return [...ids].map((id) => [id, change]);
}
