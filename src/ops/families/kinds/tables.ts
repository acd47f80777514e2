import type { IdentityRefusal, ReplicaIdentityModel, TableModel } from '../../../schema/model.js';

/** Tables as a whole: created, dropped, logged or not, their storage parameters (and their indexes'). */
export type TableOperation = Readonly<
  /** `unidentified`: the `replica-identity` hazard (`IdentityRefusal`). */
  | { kind: 'createTable'; table: TableModel; unidentified?: readonly IdentityRefusal[] }
  | {
      kind: 'dropTable';
      schema: string;
      name: string;
      removed?: TableModel;
      /** The holding table (in `schema`) its rows are kept in while it is rebuilt; set by the comparator. */
      rowsKeptIn?: string;
      /**
       * The parent a partition is detached from before the drop: a foreign key referencing the parent
       * references the partition too, and the detach lets it go where the drop would be refused.
       */
      detachFrom?: { schema: string; table: string };
    }
  | { kind: 'setUnlogged'; schema: string; table: string; unlogged: boolean }
  /**
   * `ALTER TABLE ... REPLICA IDENTITY ...`: `to` and `from` null for
   * `DEFAULT`; `from` is the identity before, needed to reverse it.
   */
  | {
      kind: 'setReplicaIdentity';
      schema: string;
      table: string;
      to: ReplicaIdentityModel | null;
      from?: ReplicaIdentityModel | null;
      /** The `replica-identity` hazard (`IdentityRefusal`). */
      unidentified?: readonly IdentityRefusal[];
    }
  /**
   * `ALTER TABLE ... CLUSTER ON index` / `SET WITHOUT CLUSTER` (`to` null): the
   * index `CLUSTER` uses by default; `from` is the one before, needed to reverse it.
   */
  | { kind: 'setClusterOn'; schema: string; table: string; to: string | null; from?: string | null }
  /**
   * `ALTER TABLE ... SET (name = value)` / `RESET (name)` (a null value), or
   * `ALTER INDEX` when `index` names one of the table's indexes. `from`
   * holds the same names before, null for unset; needed to reverse it.
   */
  | {
      kind: 'setStorageParameters';
      schema: string;
      table: string;
      index?: string;
      to: Readonly<Record<string, string | null>>;
      from?: Readonly<Record<string, string | null>>;
    }
>;

export type Op<K extends TableOperation['kind']> = Extract<TableOperation, { kind: K }>;
