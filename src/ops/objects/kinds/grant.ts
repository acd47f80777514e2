import type { DefaultPrivilegeObjects, GrantTarget, OwnerTarget, Privilege } from '../../../schema/model.js';

/**
 * Privileges: `GRANT` and `REVOKE` of privileges on one object (or on
 * columns of one table or view) to one grantee, and of default privileges
 * (`ALTER DEFAULT PRIVILEGES ... GRANT` and `REVOKE`) on a role's new
 * objects of a kind. Each grant undoes its revoke. And the owner of an
 * object (`ALTER ... OWNER TO`).
 */
export type GrantOperation = Readonly<
  | {
      kind: 'grant';
      on: GrantTarget;
      privileges: readonly Privilege[];
      /** Column privileges on these columns; absent for the object as a whole. */
      columns?: readonly string[];
      /** A role's name, or `PUBLIC`. */
      to: string;
      /** `WITH GRANT OPTION`. */
      withGrantOption?: true;
      /** The object is dropped and made again in the same revision: this gives back what a `remade` revoke took. */
      remade?: true;
    }
  | {
      kind: 'revoke';
      on: GrantTarget;
      privileges: readonly Privilege[];
      columns?: readonly string[];
      from: string;
      /** The privileges taken away carried the grant option: the reverse grants them with it. */
      withGrantOption?: true;
      /**
       * The object is dropped and made again in the same revision, and a `remade` grant gives these
       * privileges back on it: nothing is lost, so no `revoke-privilege` hazard.
       */
      remade?: true;
    }
  | {
      kind: 'grantDefault';
      /** `FOR ROLE`: whose new objects; absent for the role the migrations run as. */
      forRole?: string;
      /** `IN SCHEMA`: new objects in this schema only; absent for everywhere. */
      inSchema?: string;
      on: DefaultPrivilegeObjects;
      privileges: readonly Privilege[];
      to: string;
      withGrantOption?: true;
    }
  | {
      kind: 'revokeDefault';
      forRole?: string;
      inSchema?: string;
      on: DefaultPrivilegeObjects;
      privileges: readonly Privilege[];
      from: string;
      /** The privileges taken away carried the grant option: the reverse grants them with it. */
      withGrantOption?: true;
    }
  | {
      kind: 'alterOwner';
      on: OwnerTarget;
      /** The new owner; absent for the role the revision runs as (`CURRENT_USER`). */
      to?: string;
      /** The owner before, which the reverse gives it back to; absent for the role the revision runs as. */
      from?: string;
    }
>;
