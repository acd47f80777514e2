/**
 * Privileges: the access control lists of relations, sequences, schemas,
 * routines, types, domains, foreign data wrappers and foreign servers, one
 * entry per privilege a role holds on an object (or on one column of a
 * relation). `model.ts` re-exports it.
 *
 * The model holds an object's ACL as a difference from the ACL Postgres
 * gives the kind by default (`acldefault`): a privilege granted beyond it is
 * an entry, a default privilege taken away is an entry with `revoked`. An
 * object whose ACL is NULL (never granted nor revoked on) has no entry, and
 * neither has a model that declares no privilege. The owner holds every
 * privilege of the kind by default: what it grants itself is not in the
 * model, what it took away from itself is, with `revoked` and the grantee
 * `OWNER` (`OWNER_GRANTEE`), whoever the owner is.
 */

import { isDatabaseKind, kindWord, type GrantObjectKind, type OwnerObjectKind } from '../object-kinds.js';
import { PG17, type VersionNeed } from '../version-features.js';

export type { GrantObjectKind, OwnerObjectKind } from '../object-kinds.js';

/** A privilege as Postgres names it (`aclexplode`'s `privilege_type`). */
export type Privilege =
  | 'SELECT'
  | 'INSERT'
  | 'UPDATE'
  | 'DELETE'
  | 'TRUNCATE'
  | 'REFERENCES'
  | 'TRIGGER'
  | 'MAINTAIN'
  | 'USAGE'
  | 'CREATE'
  | 'EXECUTE';

const RELATION_PRIVILEGES: readonly Privilege[] = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'TRUNCATE',
  'REFERENCES',
  'TRIGGER',
  'MAINTAIN',
];

/** The privileges each kind of object takes, in Postgres' order. */
export const KIND_PRIVILEGES: { readonly [K in GrantObjectKind]: readonly Privilege[] } = {
  schema: ['USAGE', 'CREATE'],
  table: RELATION_PRIVILEGES,
  view: RELATION_PRIVILEGES,
  sequence: ['USAGE', 'SELECT', 'UPDATE'],
  function: ['EXECUTE'],
  procedure: ['EXECUTE'],
  type: ['USAGE'],
  domain: ['USAGE'],
  foreignDataWrapper: ['USAGE'],
  foreignServer: ['USAGE'],
};

/** The privileges a column of a table or view takes. */
export const COLUMN_PRIVILEGES: readonly Privilege[] = ['SELECT', 'INSERT', 'UPDATE', 'REFERENCES'];

/** The grantee that stands for every role. */
export const PUBLIC_GRANTEE = 'PUBLIC';

/**
 * The grantee that stands for the object's owner, whoever it is: an entry of
 * it is a privilege the owner took away from itself (`REVOKE UPDATE, DELETE
 * ON audit FROM owner`, an append-only table), always `revoked`.
 */
export const OWNER_GRANTEE = 'OWNER';

/** A role name as the model keeps it: `PUBLIC` whatever its case (`to: 'public'` in the DSL). */
export function modelGrantee(name: string): string {
  return name.toUpperCase() === PUBLIC_GRANTEE ? PUBLIC_GRANTEE : name;
}

/** Whether a grantee names a role of the cluster: neither `PUBLIC` nor the owner (`OWNER_GRANTEE`). */
export function isRoleGrantee(grantee: string): boolean {
  return grantee !== PUBLIC_GRANTEE && grantee !== OWNER_GRANTEE;
}

/**
 * What each kind grants to roles other than the owner by default
 * (`acldefault`): a routine's EXECUTE and a type's or domain's USAGE to
 * PUBLIC. A model that takes one away says so with a `revoked` entry.
 */
export const DEFAULT_GRANTS: {
  readonly [K in GrantObjectKind]: readonly { readonly grantee: string; readonly privilege: Privilege }[];
} = {
  schema: [],
  table: [],
  view: [],
  sequence: [],
  function: [{ grantee: PUBLIC_GRANTEE, privilege: 'EXECUTE' }],
  procedure: [{ grantee: PUBLIC_GRANTEE, privilege: 'EXECUTE' }],
  type: [{ grantee: PUBLIC_GRANTEE, privilege: 'USAGE' }],
  domain: [{ grantee: PUBLIC_GRANTEE, privilege: 'USAGE' }],
  foreignDataWrapper: [],
  foreignServer: [],
};

/**
 * The object an owner is of: one privileges are on (`GrantTarget`), or one that is only owned
 * (`OBJECT_KINDS` says which: a collation, say).
 */
export interface OwnerTarget {
  readonly on: OwnerObjectKind;
  /** The object's schema; for `schema`, the schema itself; for one in no schema (a wrapper, a server), ''. */
  readonly schema: string;
  /** The object's name; for `schema`, the schema's. */
  readonly name: string;
  /** A routine's input argument types, as `oidvectortypes()` prints them. */
  readonly argumentTypes?: string;
}

/** The object a privilege is on. */
export interface GrantTarget extends OwnerTarget {
  readonly on: GrantObjectKind;
}

/** One privilege of one grantee on an object, or on one of its columns. */
export interface GrantModel {
  readonly target: GrantTarget;
  /** The column of a table or view it is on; absent for the object as a whole. */
  readonly column?: string;
  /** A role's name, or `PUBLIC`. */
  readonly grantee: string;
  readonly privilege: Privilege;
  /** `WITH GRANT OPTION`: the grantee may grant it on. */
  readonly grantOption: boolean;
  /** A privilege the kind grants by default (`DEFAULT_GRANTS`), taken away; `grantOption` is then false. */
  readonly revoked?: true;
}

/**
 * Which privileges a project manages (the `privileges` setting): none (the
 * default: nothing is read nor compared), every grantee's, or the grants to
 * the roles named (`PUBLIC` for PUBLIC).
 */
export type PrivilegesSetting = 'none' | 'all' | { readonly roles: readonly string[] };

/** Whether the setting manages privileges at all. */
export function managesPrivileges(setting: PrivilegesSetting | undefined): boolean {
  return setting !== undefined && setting !== 'none';
}

/** The entries of `grants` (or of default privileges) the setting manages: none, all, or those to its roles. */
export function managedGrants<T extends { readonly grantee: string }>(
  grants: readonly T[],
  setting: PrivilegesSetting | undefined,
): T[] {
  if (setting === undefined || setting === 'none') return [];
  if (setting === 'all') return [...grants];
  const roles = new Set(setting.roles);
  return grants.filter((g) => roles.has(g.grantee));
}

/** The object's key, for maps only. */
export function grantTargetKey(target: OwnerTarget): string {
  return JSON.stringify([target.on, target.schema, target.name, target.argumentTypes ?? '']);
}

/** One key per entry of an ACL: the object, column, grantee, privilege, and whether it is a revoked default. */
export function grantKey(grant: GrantModel): string {
  return JSON.stringify([
    grantTargetKey(grant.target),
    grant.column ?? '',
    grant.grantee,
    grant.privilege,
    grant.revoked === true,
  ]);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every privilege, in the order the model keeps them. */
const PRIVILEGE_ORDER: readonly Privilege[] = [...RELATION_PRIVILEGES, 'USAGE', 'CREATE', 'EXECUTE'];

function order(privilege: Privilege): number {
  return PRIVILEGE_ORDER.indexOf(privilege);
}

/** The model's order: by object, the object's own before its columns', then grantee and privilege. */
export function compareGrants(a: GrantModel, b: GrantModel): number {
  return (
    compareStrings(a.target.schema, b.target.schema) ||
    compareStrings(a.target.on, b.target.on) ||
    compareStrings(a.target.name, b.target.name) ||
    compareStrings(a.target.argumentTypes ?? '', b.target.argumentTypes ?? '') ||
    compareStrings(a.column ?? '', b.column ?? '') ||
    compareStrings(a.grantee, b.grantee) ||
    Number(a.revoked === true) - Number(b.revoked === true) ||
    order(a.privilege) - order(b.privilege)
  );
}

/**
 * Whether a target is the `public` schema, which belongs to `pg_database_owner`
 * (the bootstrap superuser before PostgreSQL 14) unless it was given away or
 * made again: its owner is in the model only when it is another, and without
 * one it goes back to that default owner, not to the role the migrations run as.
 */
export function isPublicSchema(target: OwnerTarget): boolean {
  return target.on === 'schema' && target.name === 'public';
}

/** Whether a target is in no schema, the database's (a foreign data wrapper or server, say). */
export function isDatabaseGrantTarget(target: OwnerTarget): boolean {
  return isDatabaseKind(target.on);
}

/** How a target reads in messages: `table public.users`, `function public.f(integer)`, `foreign server films`. */
export function describeGrantTarget(target: OwnerTarget, column?: string): string {
  if (target.on === 'schema' || isDatabaseGrantTarget(target)) return `${kindWord(target.on)} ${target.name}`;
  const args = target.argumentTypes === undefined ? '' : `(${target.argumentTypes})`;
  const col = column === undefined ? '' : ` (${column})`;
  return `${kindWord(target.on)} ${target.schema}.${target.name}${args}${col}`;
}

/** The privileges a server has only from a version on: MAINTAIN from 17. */
export const PRIVILEGES_SINCE: { readonly [P in Privilege]?: number } = { MAINTAIN: PG17 };

/** What `what`, which grants or revokes `privilege`, needs of the server's version (`PRIVILEGES_SINCE`). */
export function privilegeNeeds(privilege: Privilege, what: string): VersionNeed[] {
  const since = PRIVILEGES_SINCE[privilege];
  return since === undefined ? [] : [{ what, since }];
}

/** What a grant needs of the server's version: its privilege's. */
export function grantNeeds(grant: GrantModel): VersionNeed[] {
  const target = describeGrantTarget(grant.target, grant.column);
  return privilegeNeeds(grant.privilege, `the grant of ${grant.privilege} on ${target} to ${grant.grantee}`);
}
