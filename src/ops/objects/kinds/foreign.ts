import type { ForeignDataWrapperModel, ForeignServerModel, ForeignTableModel } from '../../../schema/model.js';

/**
 * The operations on foreign data wrappers, servers and foreign tables.
 * `operation.ts` adds them to the `Operation` union; `FOREIGN_SPECS` gives
 * each kind's description and reverse. An
 * alter carries the object before (`from`) and after (`to`): the DDL
 * compiler writes what differs, and the reverse swaps them.
 */
export type ForeignOperation = Readonly<
  | { kind: 'createForeignDataWrapper'; wrapper: ForeignDataWrapperModel }
  | { kind: 'dropForeignDataWrapper'; name: string; removed?: ForeignDataWrapperModel }
  /** Handler, validator and options, in place (`ALTER FOREIGN DATA WRAPPER`). */
  | { kind: 'alterForeignDataWrapper'; name: string; from: ForeignDataWrapperModel; to: ForeignDataWrapperModel }
  | { kind: 'createForeignServer'; server: ForeignServerModel }
  | { kind: 'dropForeignServer'; name: string; removed?: ForeignServerModel }
  /** Version and options, in place (`ALTER SERVER`); the wrapper and type cannot change. */
  | { kind: 'alterForeignServer'; name: string; from: ForeignServerModel; to: ForeignServerModel }
  | { kind: 'createForeignTable'; table: ForeignTableModel }
  | {
      kind: 'dropForeignTable';
      schema: string;
      name: string;
      removed?: ForeignTableModel;
      /** Why it is dropped (e.g. to be created again); printed as a comment in revision files. */
      note?: string;
    }
  /**
   * Columns dropped, changed and added (at the end), column and table
   * options, in place (`ALTER FOREIGN TABLE`); the server cannot change.
   */
  | { kind: 'alterForeignTable'; schema: string; name: string; from: ForeignTableModel; to: ForeignTableModel }
>;

export type ForeignOperationKind = ForeignOperation['kind'];
