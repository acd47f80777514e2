import { invalidModel } from '../dsl/invalid-model.js';
import type { Metadata } from '../dsl/metadata.js';
import {
  compareOwners,
  describeGrantTarget,
  grantTargetKey,
  type GrantTarget,
  type OwnerModel,
  type SchemaModel,
} from '../model.js';
import { declaredAccess, grantTarget, validateTarget } from './build-grants.js';

/**
 * Every owner the metadata declares: the `owner` option of tables, views,
 * sequences, routines, composite types and domains, and `metadata.owner()`.
 * Each must be on an object of the model, once; a routine's placeholder
 * argument types are resolved with the canonical model, as its grants' are.
 */
export function buildOwners(metadata: Metadata, model: SchemaModel): OwnerModel[] {
  const owners: OwnerModel[] = [];
  const add = (target: GrantTarget, owner: string | undefined): void => {
    if (owner === undefined) return;
    if (owner === '' || owner.toUpperCase() === 'PUBLIC')
      throw invalidModel(`owner of ${describeGrantTarget(target)}`, 'must name a role (PUBLIC owns nothing)');
    owners.push({ target, owner });
  };
  for (const { target, owner } of declaredAccess(metadata)) add(target, owner);
  for (const def of metadata.objects.owners) {
    const target = grantTarget(def.on, def.defaultSchema, model, 'metadata.owner()');
    add(target, def.role);
  }
  const seen = new Set<string>();
  for (const o of owners) {
    const where = `owner of ${describeGrantTarget(o.target)}`;
    const key = grantTargetKey(o.target);
    if (seen.has(key)) throw invalidModel(where, 'is declared twice; keep one');
    seen.add(key);
    if (o.target.on === 'schema' && o.target.name === 'public')
      throw invalidModel(where, "is the database's; leave it out of the model");
    validateTarget(o.target, undefined, model, where);
  }
  return owners.sort(compareOwners);
}
