import { grantTargetKey, type OwnerTarget } from './model-grants.js';

/**
 * Owners: the role that owns each object privileges can be on (schemas,
 * tables and views, sequences, routines, types and domains, wrappers and
 * servers) and each one only owned (`OBJECT_KINDS` says which: collations,
 * say), read and compared when the `owners` setting is on. `model.ts` re-exports it.
 *
 * The model holds an owner only where it is not the role the migrations run
 * as, who owns what they create: an object with no entry is that role's. A
 * sequence a column owns (serial, identity) goes with its table, and the
 * `public` schema is left out (its owner is the database's).
 */
export interface OwnerModel {
  readonly target: OwnerTarget;
  /** The owning role's name. */
  readonly owner: string;
}

/** The model's order: by object, as privileges are. */
export function compareOwners(a: OwnerModel, b: OwnerModel): number {
  const x = grantTargetKey(a.target);
  const y = grantTargetKey(b.target);
  return x < y ? -1 : x > y ? 1 : 0;
}
