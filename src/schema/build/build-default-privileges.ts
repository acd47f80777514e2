import { invalidModel } from '../dsl/invalid-model.js';
import type { Metadata } from '../dsl/metadata.js';
import type { DefaultPrivilegesScope } from '../dsl/objects/grant.js';
import {
  compareDefaultPrivileges,
  DEFAULT_PRIVILEGE_KIND_PRIVILEGES,
  defaultPrivilegeKey,
  describeDefaultPrivilegeScope,
  HARD_WIRED_DEFAULTS,
  OWNER_GRANTEE,
  modelGrantee,
  PUBLIC_GRANTEE,
  type DefaultPrivilegeModel,
  type DefaultPrivilegeObjects,
  type Privilege,
  type SchemaModel,
} from '../model.js';

/**
 * Every default privilege the metadata declares (`metadata.defaultPrivileges()`),
 * one entry per privilege and grantee, as Postgres stores them: a global
 * `revoke()` takes away a hard-wired default (a function's EXECUTE, a type's
 * USAGE, to PUBLIC); an entry for one schema only grants, in a schema of the
 * model. `routines` is `functions`.
 */
export function buildDefaultPrivileges(metadata: Metadata, model: SchemaModel): DefaultPrivilegeModel[] {
  const entries: DefaultPrivilegeModel[] = [];
  for (const def of metadata.objects.defaultPrivileges) entries.push(...expand(def.scope, def.grants, model));
  const seen = new Set<string>();
  for (const e of entries) {
    const key = defaultPrivilegeKey(e);
    if (seen.has(key))
      throw invalidModel(
        `default privileges on ${describeDefaultPrivilegeScope(e)}`,
        `${e.privilege} to ${e.grantee} is declared twice; keep one`,
      );
    seen.add(key);
  }
  return entries.sort(compareDefaultPrivileges);
}

function expand(
  scope: DefaultPrivilegesScope,
  grants: Metadata['objects']['defaultPrivileges'][number]['grants'],
  model: SchemaModel,
): DefaultPrivilegeModel[] {
  const on: DefaultPrivilegeObjects = scope.on === 'routines' ? 'functions' : scope.on;
  const common = {
    ...(scope.forRole === undefined ? {} : { role: scope.forRole }),
    ...(scope.inSchema === undefined ? {} : { schema: scope.inSchema }),
    on,
  };
  const where = `default privileges on ${describeDefaultPrivilegeScope(common)}`;
  if (common.schema !== undefined) {
    if (on === 'schemas') throw invalidModel(where, 'inSchema does not apply to schemas');
    if (common.schema !== 'public' && !model.schemas.includes(common.schema))
      throw invalidModel(where, 'no such schema is in the model');
  }
  const allowed = DEFAULT_PRIVILEGE_KIND_PRIVILEGES[on];
  // The new object's owner holds every privilege of the kind.
  const hardWired = (to: string, privilege: Privilege): boolean =>
    to === OWNER_GRANTEE
      ? allowed.includes(privilege)
      : HARD_WIRED_DEFAULTS[on].some((d) => d.grantee === to && d.privilege === privilege);
  const privilegeOf = (name: string): Privilege => {
    const privilege = name.toUpperCase() as Privilege;
    if (!allowed.includes(privilege))
      throw invalidModel(
        where,
        `${name} is not a privilege of ${on}; use ${allowed.map((p) => p.toLowerCase()).join(', ')}`,
      );
    return privilege;
  };
  const out: DefaultPrivilegeModel[] = [];
  for (const entry of grants) {
    if (entry.kind === 'revoke') {
      if (common.schema !== undefined)
        throw invalidModel(where, 'an entry for one schema only grants; leave the grant out instead of revoking it');
      for (const name of entry.privileges) {
        const privilege = privilegeOf(name);
        for (const from of entry.from.map(modelGrantee)) {
          if (!hardWired(from, privilege))
            throw invalidModel(
              where,
              `revoke(['${name}'], '${from}') takes away only what new ${on} grant by default; leave the grant out instead`,
            );
          out.push({ ...common, grantee: from, privilege, grantOption: false, revoked: true });
        }
      }
      continue;
    }
    if (entry.columns !== undefined) throw invalidModel(where, 'default privileges have no columns');
    for (const name of entry.privileges) {
      const privilege = privilegeOf(name);
      for (const to of entry.to.map(modelGrantee)) {
        if (to === PUBLIC_GRANTEE && entry.withGrantOption)
          throw invalidModel(where, 'PUBLIC cannot be given the grant option; grant it to a role');
        // The owner's grant option, which a global entry gives (one for a schema names the role).
        if (to === OWNER_GRANTEE && (!entry.withGrantOption || common.schema !== undefined))
          throw invalidModel(
            where,
            common.schema === undefined
              ? `the owner of new ${on} holds ${name} by default; leave the grant out (revoke(['${name}'], 'OWNER') takes it away)`
              : 'an entry for one schema names the role it grants to; name it instead of OWNER',
          );
        if (common.schema === undefined && to !== OWNER_GRANTEE && hardWired(to, privilege))
          throw invalidModel(where, `new ${on} grant ${name} to ${to} by default; leave the grant out`);
        out.push({ ...common, grantee: to, privilege, grantOption: entry.withGrantOption });
      }
    }
  }
  return out;
}
