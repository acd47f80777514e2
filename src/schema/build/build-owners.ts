import { invalidModel } from '../dsl/invalid-model.js';
import type { Metadata } from '../dsl/metadata.js';
import type { GrantOn, OwnerOn } from '../dsl/objects/grant.js';
import {
  compareOwners,
  describeGrantTarget,
  grantTargetKey,
  isDatabaseGrantTarget,
  isPublicSchema,
  type OwnerModel,
  type OwnerTarget,
  type SchemaModel,
} from '../model.js';
import { commentTargetFinder } from '../comment-targets.js';
import { isOwnedOnly, kindWord, OWNED_KINDS } from '../object-kinds.js';
import { declaredAccess, grantTarget, validateTarget } from './build-grants.js';

/** The object `metadata.owner()` names: one only owned, else as `metadata.grants()` names it. */
function ownerTarget(on: OwnerOn, defaultSchema: string, model: SchemaModel): OwnerTarget {
  const o = on as Partial<Record<string, string>>;
  for (const kind of OWNED_KINDS) {
    const name = o[kind];
    if (name === undefined) continue;
    const target = { on: kind, schema: '', name };
    return isDatabaseGrantTarget(target) ? target : { ...target, schema: o.schema ?? defaultSchema };
  }
  return grantTarget(on as GrantOn, defaultSchema, model, 'metadata.owner()');
}

/**
 * Every owner the metadata declares: the `owner` option of tables, views,
 * sequences, routines, composite types and domains, and `metadata.owner()`.
 * Each must be on an object of the model, once; a routine's placeholder
 * argument types are resolved with the canonical model, as its grants' are.
 */
export function buildOwners(metadata: Metadata, model: SchemaModel): OwnerModel[] {
  const owners: OwnerModel[] = [];
  const add = (target: OwnerTarget, owner: string | undefined): void => {
    if (owner === undefined) return;
    if (owner === '' || owner.toUpperCase() === 'PUBLIC')
      throw invalidModel(`owner of ${describeGrantTarget(target)}`, 'must name a role (PUBLIC owns nothing)');
    owners.push({ target, owner });
  };
  for (const { target, owner } of declaredAccess(metadata)) add(target, owner);
  for (const def of metadata.objects.owners) {
    add(ownerTarget(def.on, def.defaultSchema, model), def.role);
  }
  const seen = new Set<string>();
  const declared = commentTargetFinder(model);
  for (const o of owners) {
    const where = `owner of ${describeGrantTarget(o.target)}`;
    const key = grantTargetKey(o.target);
    if (seen.has(key)) throw invalidModel(where, 'is declared twice; keep one');
    seen.add(key);
    if (isPublicSchema(o.target) && o.owner === 'pg_database_owner')
      throw invalidModel(where, 'is its default owner; leave it out of the model');
    const { target } = o;
    // An object only owned is looked for as a comment on it is.
    if (!isOwnedOnly(target.on)) validateTarget({ ...target, on: target.on }, undefined, model, where);
    else if (!declared(target.on, { ...target, on: target.on }))
      throw invalidModel(where, `no such ${kindWord(target.on)} is declared`);
  }
  return owners.sort(compareOwners);
}
