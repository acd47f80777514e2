import type { CompositeAttributeModel, CompositeTypeModel } from '../../../schema/model.js';

/**
 * The operations on composite types (`CREATE TYPE ... AS (...)`) and their
 * attributes. `operation.ts` adds them to the `Operation` union;
 * `COMPOSITE_SPECS` gives each kind's description, reverse and data loss.
 */

/** An attribute's type and collation, as `alterCompositeAttribute` sets them. */
export interface CompositeAttributeChange {
  readonly type: string;
  /** A collation other than the type's own; absent for the type's own. */
  readonly collation?: string;
}

export type CompositeOperation = Readonly<
  | { kind: 'createCompositeType'; composite: CompositeTypeModel }
  | {
      kind: 'dropCompositeType';
      schema: string;
      name: string;
      removed?: CompositeTypeModel;
      /** Why it is dropped (e.g. to be created again); printed as a comment in revision files. */
      note?: string;
    }
  | {
      /** `ALTER TYPE ... ADD ATTRIBUTE`: it comes last in the type. */
      kind: 'addCompositeAttribute';
      schema: string;
      name: string;
      attribute: CompositeAttributeModel;
      /** The table columns of the type (`schema.table.column`), which its reverse empties of it; for hazards only. */
      usedBy?: readonly string[];
    }
  | {
      /** `ALTER TYPE ... DROP ATTRIBUTE`: its values go from every column of the type. */
      kind: 'dropCompositeAttribute';
      schema: string;
      name: string;
      attribute: string;
      /** The attribute dropped; needed to reverse it (added back last). */
      removed?: CompositeAttributeModel;
      /** The table columns of the type (`schema.table.column`), whose values lose the attribute; for hazards only. */
      usedBy?: readonly string[];
    }
  | {
      /** `ALTER TYPE ... ALTER ATTRIBUTE ... TYPE`: Postgres refuses it while a table column holds the type. */
      kind: 'alterCompositeAttribute';
      schema: string;
      name: string;
      attribute: string;
      to: CompositeAttributeChange;
      /** The type and collation before; needed to reverse it. */
      from?: CompositeAttributeChange;
    }
>;

export type CompositeOperationKind = CompositeOperation['kind'];
