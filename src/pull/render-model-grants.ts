import type { DefaultPrivilegeModel, GrantModel, OwnerTarget, SchemaModel, TableModel } from '../schema/model.js';
import { defaultPrivilegeScopeKey, grantTargetKey, isDatabaseGrantTarget } from '../schema/model.js';
import { renderString } from '../util/render-value.js';

/**
 * Privileges written as DSL code: a table's in its `grants` option, the
 * others' (a wrapper's or server's too) in `metadata.grants()` calls at the
 * end of the file. The entries of one object are put together: the
 * privileges of one grantee (and grant option, and columns) in one
 * `grant()`, the grantees given the same ones in one list; a default
 * privilege taken away is a `revoke()`. Default privileges are
 * `metadata.defaultPrivileges()` calls after them, one per role, schema and
 * kind; `forRole` is left out for the role pull connects as, so that the
 * model applies as the role the migrations run as.
 * Owners are a table's `owner` option and `metadata.owner()` calls for the
 * other objects, after them.
 */

/** The `grants: [...]` option lines of a table, or none. */
export function tableGrantLines(model: SchemaModel, table: TableModel, use: (name: string) => void): string[] {
  const entries = grantsOn(model).get(grantTargetKey({ on: 'table', schema: table.schema, name: table.name }));
  if (entries === undefined) return [];
  return ['grants: [', ...renderEntries(entries, use).map((e) => `  ${e},`), '],'];
}

/** `metadata.grants(on, [...])` for every object but the model's tables. */
export function renderGrantCalls(model: SchemaModel, use: (name: string) => void): string[] {
  const tables = tableTargetKeys(model);
  const calls: string[] = [];
  for (const [key, entries] of grantsOn(model)) {
    if (tables.has(key)) continue;
    const lines = renderEntries(entries, use);
    calls.push(`metadata.grants(${renderOn(entries[0]!.target)}, [\n${lines.map((l) => `  ${l},`).join('\n')}\n]);`);
  }
  return calls;
}

/** `metadata.defaultPrivileges(scope, [...])` for every role, schema and kind the model's default privileges name. */
export function renderDefaultPrivilegeCalls(model: SchemaModel, use: (name: string) => void): string[] {
  const scopes = new Map<string, DefaultPrivilegeModel[]>();
  for (const d of model.defaultPrivileges) {
    const key = defaultPrivilegeScopeKey(d);
    scopes.set(key, [...(scopes.get(key) ?? []), d]);
  }
  return [...scopes.values()].map((entries) => {
    const { role, schema, on } = entries[0]!;
    const scope = [
      `on: ${renderString(on)}`,
      ...(role === undefined ? [] : [`forRole: ${renderString(role)}`]),
      ...(schema === undefined ? [] : [`inSchema: ${renderString(schema)}`]),
    ];
    const lines = renderEntries(entries, use);
    return `metadata.defaultPrivileges({ ${scope.join(', ')} }, [\n${lines.map((l) => `  ${l},`).join('\n')}\n]);`;
  });
}

/** The `owner: ...` option line of a table, or none. */
export function tableOwnerLines(model: SchemaModel, table: TableModel): string[] {
  let owners = ownersByModel.get(model);
  if (owners === undefined) {
    owners = new Map(model.owners.map((o) => [grantTargetKey(o.target), o.owner]));
    ownersByModel.set(model, owners);
  }
  const owner = owners.get(grantTargetKey({ on: 'table', schema: table.schema, name: table.name }));
  return owner === undefined ? [] : [`owner: ${renderString(owner)},`];
}

const ownersByModel = new WeakMap<SchemaModel, Map<string, string>>();

/** `metadata.owner(on, role)` for every owned object but the model's tables. */
export function renderOwnerCalls(model: SchemaModel): string[] {
  const tables = tableTargetKeys(model);
  return model.owners
    .filter((o) => !tables.has(grantTargetKey(o.target)))
    .map((o) => `metadata.owner(${renderOn(o.target)}, ${renderString(o.owner)});`);
}

/** The keys of the model's tables as targets: their grants and owners go in their options, not in calls. */
function tableTargetKeys(model: SchemaModel): Set<string> {
  return new Set(model.tables.map((t) => grantTargetKey({ on: 'table', schema: t.schema, name: t.name })));
}

const byModel = new WeakMap<SchemaModel, Map<string, GrantModel[]>>();

/** The model's entries by object, in the model's order. */
function grantsOn(model: SchemaModel): Map<string, GrantModel[]> {
  let map = byModel.get(model);
  if (map === undefined) {
    map = new Map();
    for (const g of model.grants) {
      const key = grantTargetKey(g.target);
      map.set(key, [...(map.get(key) ?? []), g]);
    }
    byModel.set(model, map);
  }
  return map;
}

function renderOn(target: OwnerTarget): string {
  // A schema, and one in no schema (a wrapper, a server), is named alone.
  if (target.on === 'schema' || isDatabaseGrantTarget(target)) return `{ ${target.on}: ${renderString(target.name)} }`;
  const parts = [`${target.on}: ${renderString(target.name)}`];
  if (target.argumentTypes !== undefined) parts.push(`argumentTypes: ${renderString(target.argumentTypes)}`);
  if (target.schema !== 'public') parts.push(`schema: ${renderString(target.schema)}`);
  return `{ ${parts.join(', ')} }`;
}

/** What a `grant()` or `revoke()` call writes of an entry: an object's privilege, or a default privilege. */
type Entry = Pick<GrantModel, 'column' | 'grantee' | 'privilege' | 'grantOption' | 'revoked'>;

/** One object's (or one scope's) entries as `grant(...)` and `revoke(...)` calls. */
function renderEntries(entries: readonly Entry[], use: (name: string) => void): string[] {
  // The privileges of each grantee, kind of entry, grant option and column.
  const privileges = new Map<string, { entry: Entry; list: string[] }>();
  for (const e of entries) {
    const key = JSON.stringify([e.grantee, e.revoked === true, e.grantOption, e.column ?? '']);
    const found = privileges.get(key) ?? { entry: e, list: [] };
    found.list.push(e.privilege.toLowerCase());
    privileges.set(key, found);
  }
  // The columns of each grantee with the same privileges; then the grantees with the same call.
  const columns = new Map<string, { entry: Entry; list: string[]; columns: string[] }>();
  for (const { entry, list } of privileges.values()) {
    const key = JSON.stringify([
      entry.grantee,
      entry.revoked === true,
      entry.grantOption,
      entry.column === undefined,
      list,
    ]);
    const found = columns.get(key) ?? { entry, list, columns: [] };
    if (entry.column !== undefined) found.columns.push(entry.column);
    columns.set(key, found);
  }
  const calls = new Map<string, { entry: Entry; list: string[]; columns: string[]; grantees: string[] }>();
  for (const c of columns.values()) {
    const key = JSON.stringify([c.entry.revoked === true, c.entry.grantOption, c.list, c.columns]);
    const found = calls.get(key) ?? { ...c, grantees: [] };
    found.grantees.push(c.entry.grantee);
    calls.set(key, found);
  }
  return [...calls.values()].map(({ entry, list, columns: cols, grantees }) => {
    const privilegesText = `[${list.map(renderString).join(', ')}]`;
    const to = grantees.length === 1 ? renderString(grantees[0]!) : `[${grantees.map(renderString).join(', ')}]`;
    if (entry.revoked === true) {
      use('revoke');
      return `revoke(${privilegesText}, ${to})`;
    }
    use('grant');
    const options = [
      ...(cols.length === 0 ? [] : [`columns: [${cols.map(renderString).join(', ')}]`]),
      ...(entry.grantOption ? ['withGrantOption: true'] : []),
    ];
    return `grant(${privilegesText}, ${to}${options.length === 0 ? '' : `, { ${options.join(', ')} }`})`;
  });
}
