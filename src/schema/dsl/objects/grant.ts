import type { DatabaseObjectKind, OwnedObjectKind } from '../../object-kinds.js';

/**
 * Privileges in the DSL: `grant()` and `revoke()` make the entries a table's
 * `grants` option and `metadata.grants()` take. They are compared only when
 * the project's `privileges` setting manages them.
 */

/** A privilege as the DSL spells it. */
export type PrivilegeName =
  | 'select'
  | 'insert'
  | 'update'
  | 'delete'
  | 'truncate'
  | 'references'
  | 'trigger'
  | 'maintain'
  | 'usage'
  | 'create'
  | 'execute';

/** The third argument of `grant()`. */
export interface GrantOptions<TColumn extends string = string> {
  /** Column privileges (`GRANT SELECT (a, b) ON ...`): on these columns of a table or view only. */
  columns?: readonly TColumn[];
  /** `WITH GRANT OPTION`: the grantee may grant the privileges on (not to PUBLIC). */
  withGrantOption?: boolean;
}

/** `GRANT privileges ON object TO roles`. */
export interface GrantDef<TColumn extends string = string> {
  readonly kind: 'grant';
  readonly privileges: readonly PrivilegeName[];
  /** Role names; `PUBLIC` for every role. */
  readonly to: readonly string[];
  readonly columns?: readonly TColumn[];
  readonly withGrantOption: boolean;
}

/**
 * A privilege the object's kind grants by default, taken away: `revoke(['execute'],
 * 'PUBLIC')` on a routine (which every role may execute unless revoked).
 */
export interface RevokeDef {
  readonly kind: 'revoke';
  readonly privileges: readonly PrivilegeName[];
  readonly from: readonly string[];
}

export type GrantEntry<TColumn extends string = string> = GrantDef<TColumn> | RevokeDef;

/** `GRANT privileges ON ... TO to [WITH GRANT OPTION]`, for a table's `grants` option or `metadata.grants()`. */
export function grant<const TColumn extends string = never>(
  privileges: readonly PrivilegeName[],
  to: string | readonly string[],
  options: GrantOptions<TColumn> = {},
): GrantDef<TColumn> {
  return Object.freeze({
    kind: 'grant',
    privileges: [...privileges],
    to: typeof to === 'string' ? [to] : [...to],
    ...(options.columns === undefined ? {} : { columns: [...options.columns] }),
    withGrantOption: options.withGrantOption === true,
  });
}

/** A default privilege taken away (`REVOKE privileges ON ... FROM from`): a routine's EXECUTE from PUBLIC. */
export function revoke(privileges: readonly PrivilegeName[], from: string | readonly string[]): RevokeDef {
  return Object.freeze({
    kind: 'revoke',
    privileges: [...privileges],
    from: typeof from === 'string' ? [from] : [...from],
  });
}

/**
 * The object `metadata.grants()` is about (a `type` is an enum or a composite
 * type); `schema` defaults to the metadata's. A foreign data wrapper (an
 * extension's too, `postgres_fdw`) or server is in no schema.
 */
export type GrantOn =
  | { table: string; schema?: string }
  | { view: string; schema?: string }
  | { sequence: string; schema?: string }
  | { function: string; argumentTypes?: string; schema?: string }
  | { procedure: string; argumentTypes?: string; schema?: string }
  | { type: string; schema?: string }
  | { domain: string; schema?: string }
  | { foreignDataWrapper: string; schema?: never }
  | { foreignServer: string; schema?: never }
  | { schema: string };

export interface GrantsDef {
  readonly kind: 'grants';
  readonly on: GrantOn;
  readonly grants: readonly GrantEntry[];
  /** The metadata's schema when the call was made. */
  readonly defaultSchema: string;
}

/**
 * The object `metadata.owner()` is about: one `metadata.grants()` names, or
 * one only owned, by its kind (`{ collation: 'nocase' }`); `schema` defaults
 * to the metadata's, and one in no schema takes none.
 */
export type OwnerOn = GrantOn | OwnedOn;

/** An object only owned (`OBJECT_KINDS`' `owner`), named by its kind. */
type OwnedOn = {
  [K in OwnedObjectKind]: { readonly [P in K]: string } & {
    readonly schema?: K extends DatabaseObjectKind ? never : string;
  };
}[OwnedObjectKind];

/** `metadata.owner(on, role)`. */
export interface OwnerDef {
  readonly kind: 'owner';
  readonly on: OwnerOn;
  readonly role: string;
  /** The metadata's schema when the call was made. */
  readonly defaultSchema: string;
}

/** The kinds of object `metadata.defaultPrivileges()` is for (`ON TABLES`); `routines` is the same as `functions`. */
export type DefaultPrivilegesOn = 'tables' | 'sequences' | 'functions' | 'routines' | 'types' | 'schemas';

/**
 * Whose new objects, of which kind, and where (`ALTER DEFAULT PRIVILEGES
 * [FOR ROLE forRole] [IN SCHEMA inSchema] ... ON on`).
 */
export type DefaultPrivilegesScope =
  | {
      on: Exclude<DefaultPrivilegesOn, 'schemas'>;
      /** The role whose new objects take them; left out, the role the migrations run as. */
      forRole?: string;
      /** New objects in this schema only; left out, everywhere. */
      inSchema?: string;
    }
  | { on: 'schemas'; forRole?: string; inSchema?: never };

export interface DefaultPrivilegesDef {
  readonly kind: 'defaultPrivileges';
  readonly scope: DefaultPrivilegesScope;
  readonly grants: readonly GrantEntry[];
}
