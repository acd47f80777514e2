import type { Operation } from '../../../ops/operation.js';
import type { DefaultPrivilegeModel, Privilege, SchemaModel } from '../../../schema/model.js';
import { compareDefaultPrivileges, defaultPrivilegeKey, defaultPrivilegeScopeKey } from '../../../schema/model.js';
import { droppedObjects } from './compare-comments.js';
import { aclEntryChanges } from './compare-grants.js';

/**
 * The default privilege operations, placed as the privileges' are
 * (`grantSteps`): an entry the target lacks is taken away at the start (a
 * privilege granted is revoked, a hard-wired default taken away is granted
 * back), one it adds is put in at the end. An entry for a schema the
 * operations drop goes with it (Postgres drops it with the schema): it is
 * taken away first, while the schema exists, so that the downgrade puts it
 * back, and put in again at the end when the schema comes back. A privilege
 * whose grant option changes is revoked and granted again. The scheduler
 * puts each part in order (`order/envelope.ts`).
 */
export function defaultPrivilegeSteps(
  current: SchemaModel,
  target: SchemaModel,
  ops: readonly Operation[],
): { revokes: Operation[]; grants: Operation[] } {
  if (current.defaultPrivileges.length === 0 && target.defaultPrivileges.length === 0)
    return { revokes: [], grants: [] };
  const before = new Map(current.defaultPrivileges.map((d) => [defaultPrivilegeKey(d), d]));
  const after = new Map(target.defaultPrivileges.map((d) => [defaultPrivilegeKey(d), d]));
  const dropped = droppedObjects(ops, current);
  const schemaDropped = (entry: DefaultPrivilegeModel): boolean =>
    entry.schema !== undefined && dropped({ on: 'schema', schema: entry.schema, name: entry.schema });
  const { removed, added } = aclEntryChanges(before, after, schemaDropped);
  return {
    // The entries in the model's order make each operation's privileges (and columns) read in it.
    revokes: operationsOf(removed.sort(compareDefaultPrivileges), 'remove'),
    grants: operationsOf(added.sort(compareDefaultPrivileges), 'add'),
  };
}

/**
 * The entries as `grantDefault` and `revokeDefault` operations, one per
 * role, schema, kind, grantee, grant option and direction: adding an entry
 * grants it (revokes it for a default taken away), removing one revokes it
 * (grants it back for a default).
 */
function operationsOf(entries: readonly DefaultPrivilegeModel[], direction: 'add' | 'remove'): Operation[] {
  const groups = new Map<string, { entry: DefaultPrivilegeModel; grant: boolean; privileges: Privilege[] }>();
  for (const entry of entries) {
    const grant = (direction === 'add') !== (entry.revoked === true);
    const key = JSON.stringify([defaultPrivilegeScopeKey(entry), entry.grantee, grant, entry.grantOption]);
    const group = groups.get(key) ?? { entry, grant, privileges: [] };
    group.privileges.push(entry.privilege);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ entry, grant, privileges }): Operation => {
    const common = {
      ...(entry.role === undefined ? {} : { forRole: entry.role }),
      ...(entry.schema === undefined ? {} : { inSchema: entry.schema }),
      on: entry.on,
      privileges,
    };
    const option = entry.grantOption ? { withGrantOption: true as const } : {};
    return grant
      ? { kind: 'grantDefault', ...common, to: entry.grantee, ...option }
      : { kind: 'revokeDefault', ...common, from: entry.grantee, ...option };
  });
}
