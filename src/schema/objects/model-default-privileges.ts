import { DEFAULT_GRANTS, KIND_PRIVILEGES, privilegeNeeds, type Privilege } from './model-grants.js';
import type { VersionNeed } from '../version-features.js';

/**
 * Default privileges (`ALTER DEFAULT PRIVILEGES`, `pg_default_acl`): the
 * privileges a role's new objects of a kind are created with. `model.ts`
 * re-exports it.
 *
 * The model holds them as Postgres stores them: a global entry (no schema)
 * is the kind's ACL as a difference from the hard-wired default
 * (`acldefault`), so that a default taken away (a function's EXECUTE from
 * PUBLIC) is an entry with `revoked`; an entry for one schema only adds
 * privileges, to the role itself too. A global entry's privileges for the
 * role itself (its hard-wired own) are not in the model.
 */

/** The kinds of object default privileges are for (`ON TABLES`); `ROUTINES` is `functions`, as Postgres stores it. */
export type DefaultPrivilegeObjects = 'tables' | 'sequences' | 'functions' | 'types' | 'schemas';

/** The privileges each kind takes, in Postgres' order: those of one object of the kind. */
export const DEFAULT_PRIVILEGE_KIND_PRIVILEGES: { readonly [K in DefaultPrivilegeObjects]: readonly Privilege[] } = {
  tables: KIND_PRIVILEGES.table,
  sequences: KIND_PRIVILEGES.sequence,
  functions: KIND_PRIVILEGES.function,
  types: KIND_PRIVILEGES.type,
  schemas: KIND_PRIVILEGES.schema,
};

/**
 * What every role's new objects of a kind grant to others when no global
 * entry says otherwise (`acldefault`): what one object of the kind grants by default.
 */
export const HARD_WIRED_DEFAULTS: {
  readonly [K in DefaultPrivilegeObjects]: readonly { readonly grantee: string; readonly privilege: Privilege }[];
} = {
  tables: DEFAULT_GRANTS.table,
  sequences: DEFAULT_GRANTS.sequence,
  functions: DEFAULT_GRANTS.function,
  types: DEFAULT_GRANTS.type,
  schemas: DEFAULT_GRANTS.schema,
};

/** One privilege one grantee gets on a role's new objects of a kind, everywhere or in one schema. */
export interface DefaultPrivilegeModel {
  /**
   * The role whose new objects take it (`FOR ROLE`, `defaclrole`); absent
   * for the role the migrations run as (`current_user`), as
   * `ALTER DEFAULT PRIVILEGES` without `FOR ROLE` means.
   */
  readonly role?: string;
  /** `IN SCHEMA`: new objects in this schema only; absent for a global entry. */
  readonly schema?: string;
  readonly on: DefaultPrivilegeObjects;
  /** A role's name, or `PUBLIC`. */
  readonly grantee: string;
  readonly privilege: Privilege;
  /** `WITH GRANT OPTION`. */
  readonly grantOption: boolean;
  /** A hard-wired default taken away by a global entry (`HARD_WIRED_DEFAULTS`); `grantOption` is then false. */
  readonly revoked?: true;
}

/** The role, schema and kind an entry is about, for maps only. */
export function defaultPrivilegeScopeKey(entry: Pick<DefaultPrivilegeModel, 'role' | 'schema' | 'on'>): string {
  return JSON.stringify([entry.role ?? '', entry.schema ?? '', entry.on]);
}

/** One key per entry: its scope, grantee, privilege, and whether it is a default taken away. */
export function defaultPrivilegeKey(entry: DefaultPrivilegeModel): string {
  return JSON.stringify([defaultPrivilegeScopeKey(entry), entry.grantee, entry.privilege, entry.revoked === true]);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const ORDER = Object.keys(DEFAULT_PRIVILEGE_KIND_PRIVILEGES) as readonly DefaultPrivilegeObjects[];

/** The model's order: by role (the migrations' first), schema (global first), kind, grantee, then privilege. */
export function compareDefaultPrivileges(a: DefaultPrivilegeModel, b: DefaultPrivilegeModel): number {
  const privileges = DEFAULT_PRIVILEGE_KIND_PRIVILEGES[a.on];
  return (
    compareStrings(a.role ?? '', b.role ?? '') ||
    compareStrings(a.schema ?? '', b.schema ?? '') ||
    ORDER.indexOf(a.on) - ORDER.indexOf(b.on) ||
    compareStrings(a.grantee, b.grantee) ||
    Number(a.revoked === true) - Number(b.revoked === true) ||
    privileges.indexOf(a.privilege) - privileges.indexOf(b.privilege)
  );
}

/** How an entry's scope reads in messages: `new tables of alice in schema api`, `new functions` (of the migrations' role). */
export function describeDefaultPrivilegeScope(entry: Pick<DefaultPrivilegeModel, 'role' | 'schema' | 'on'>): string {
  const role = entry.role === undefined ? '' : ` of ${entry.role}`;
  const schema = entry.schema === undefined ? '' : ` in schema ${entry.schema}`;
  return `new ${entry.on}${role}${schema}`;
}

/** What a default privilege needs of the server's version: its privilege's. */
export function defaultPrivilegeNeeds(entry: DefaultPrivilegeModel): VersionNeed[] {
  const scope = describeDefaultPrivilegeScope(entry);
  return privilegeNeeds(entry.privilege, `the default privilege ${entry.privilege} on ${scope} to ${entry.grantee}`);
}
