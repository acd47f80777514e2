import type { PublicationModel } from '../../../schema/model.js';

/**
 * Publications. A publication belongs to the database. An alter carries the
 * publication before (`from`) and after (`to`): the DDL compiler adds and
 * drops its tables and schemas (`ALTER PUBLICATION ... ADD / DROP`) and sets
 * its options, and the reverse swaps them. None loses data.
 * A create or an alter that starts sending the updates or deletes of a table
 * whose replica identity does not serve them lists that table in
 * `unidentified` (autogenerate does, from the model): from then on the
 * table's UPDATE or DELETE fails, a `replica-identity` hazard. The field
 * changes no SQL.
 */
export type PublicationOperation = Readonly<
  | { kind: 'createPublication'; publication: PublicationModel; unidentified?: readonly UnidentifiedTable[] }
  | { kind: 'dropPublication'; name: string; removed?: PublicationModel }
  | {
      kind: 'alterPublication';
      name: string;
      from: PublicationModel;
      to: PublicationModel;
      unidentified?: readonly UnidentifiedTable[];
    }
>;

/**
 * A table a publication sends the updates or deletes of while its replica
 * identity cannot serve them, and why (`it has no primary key and no replica
 * identity`, `its column list leaves out id`): Postgres then refuses the
 * table's UPDATE (DELETE) when the publication publishes updates (deletes).
 */
export interface UnidentifiedTable {
  readonly schema: string;
  readonly table: string;
  readonly why: string;
}
