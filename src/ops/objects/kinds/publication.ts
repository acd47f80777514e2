import type { IdentityRefusal, PublicationModel } from '../../../schema/model.js';

/**
 * Publications. A publication belongs to the database. An alter carries the
 * publication before (`from`) and after (`to`): the DDL compiler adds and
 * drops its tables and schemas (`ALTER PUBLICATION ... ADD / DROP`) and sets
 * its options, and the reverse swaps them. None loses data.
 * A create or an alter that starts sending the updates or deletes of a table
 * whose replica identity cannot serve them carries it in `unidentified`
 * (`IdentityRefusal`), the `replica-identity` hazard.
 */
export type PublicationOperation = Readonly<
  | { kind: 'createPublication'; publication: PublicationModel; unidentified?: readonly IdentityRefusal[] }
  | { kind: 'dropPublication'; name: string; removed?: PublicationModel }
  | {
      kind: 'alterPublication';
      name: string;
      from: PublicationModel;
      to: PublicationModel;
      unidentified?: readonly IdentityRefusal[];
    }
>;
