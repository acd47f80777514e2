import type { GrantTarget, Privilege } from '../../../schema/model.js';

/**
 * Privileges: `GRANT` and `REVOKE` of privileges on one object (or on
 * columns of one table or view) to one grantee. Each undoes the other.
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
    }
  | {
      kind: 'revoke';
      on: GrantTarget;
      privileges: readonly Privilege[];
      columns?: readonly string[];
      from: string;
      /** The privileges taken away carried the grant option: the reverse grants them with it. */
      withGrantOption?: true;
    }
>;
