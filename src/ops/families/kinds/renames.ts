import type { RenamedObjectKind } from '../../../schema/object-kinds.js';

/**
 * The rename family: `renameSchema`, `renameTable`, `renameColumn` and
 * `renameObject`. A rename keeps the object and everything in it (rows,
 * indexes, constraints, grants); its reverse renames back.
 */
export type RenameOperation = Readonly<
  | { kind: 'renameSchema'; from: string; to: string }
  | { kind: 'renameTable'; schema: string; from: string; to: string; notNullRenames?: readonly NotNullRename[] }
  | {
      kind: 'renameColumn';
      schema: string;
      table: string;
      from: string;
      to: string;
      notNullRenames?: readonly NotNullRename[];
    }
  | RenameObjectOperation
>;

/**
 * A NOT NULL constraint of the renamed table (PostgreSQL 18) renamed after
 * it. A `renameTable` or `renameColumn` that lists them renames exactly these
 * (each where the constraint exists, so one revision runs on every version);
 * without the list, constraints with the old default name take the new one.
 * Autogenerate lists the names it found, so that the reverse gives them back.
 */
export interface NotNullRename {
  readonly from: string;
  readonly to: string;
}

export type { RenamedObjectKind } from '../../../schema/object-kinds.js';

/**
 * `ALTER ... RENAME TO`: `table` is set for the objects that belong to a
 * table (constraints, policies, triggers), `argumentTypes` for routines,
 * `multirange` for a range type whose multirange is renamed with it (Postgres
 * keeps a multirange's name when its range is renamed).
 */
export interface RenameObjectOperation {
  readonly kind: 'renameObject';
  readonly object: RenamedObjectKind;
  readonly schema: string;
  readonly table?: string;
  readonly argumentTypes?: string;
  readonly multirange?: { readonly from: string; readonly to: string };
  readonly from: string;
  readonly to: string;
}
