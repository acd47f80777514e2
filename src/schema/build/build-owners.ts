import { invalidModel } from '../dsl/invalid-model.js';
import type { Metadata } from '../dsl/metadata.js';
import { compareOwners, describeGrantTarget, grantTargetKey, type GrantTarget, type OwnerModel } from '../model.js';
import type { SchemaModel } from '../model.js';
import { grantTarget, validateTarget } from './build-grants.js';

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
  for (const t of metadata.tables) add({ on: 'table', schema: t.schema, name: t.name }, t.options.owner);
  const { sequences, views, routines, domains, composites } = metadata.objects;
  for (const c of composites) add({ on: 'type', schema: c.schema, name: c.name }, c.options.owner);
  for (const d of domains) add({ on: 'domain', schema: d.schema, name: d.name }, d.options.owner);
  for (const s of sequences) add({ on: 'sequence', schema: s.schema, name: s.name }, s.options.owner);
  for (const v of views) add({ on: 'view', schema: v.schema, name: v.name }, v.options.owner);
  routines.forEach((r, i) => {
    const on = r.routine === 'procedure' ? 'procedure' : 'function';
    add({ on, schema: r.schema, name: r.name, argumentTypes: `?${i}` }, r.options.owner);
  });
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
