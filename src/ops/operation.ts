import type {
  CheckModel,
  ColumnModel,
  CommentTarget,
  DomainModel,
  ExtensionModel,
  FunctionModel,
  RoutineKind,
  SequenceModel,
  TriggerModel,
  ViewModel,
  ConstraintModel,
  EnumModel,
  IdentityModel,
  IndexModel,
  PartitionOfModel,
  PolicyModel,
  RowLevelSecurityModel,
  TableModel,
} from '../schema/model.js';

/**
 * Operations as data: every schema change is one plain, JSON-serialisable
 * object. The comparator produces them, `reverse()` inverts them, the renderer
 * writes them as `op.*` calls, and the DDL compiler turns them into SQL.
 *
 * A drop names what it removes and, when generated, carries the whole removed
 * object in `removed`, so every generated operation can be reversed without
 * looking at the database. Revision files render drops by name only: the
 * downgrade next to them shows the full object.
 */

/** The parts of a column that `alterColumn` can change. */
export interface ColumnChange {
  type?: string;
  nullable?: boolean;
  default?: string | null;
  /**
   * A collation as in `ColumnModel.collation`, or null for the type's own.
   * It is set with the type (`TYPE t COLLATE c`), so `type` must be given too;
   * when `from.type` is the same type the column is not cast.
   */
  collation?: string | null;
  /**
   * The identity, or null for none. With a `from.identity` object it is
   * changed in place (`SET GENERATED ... SET ...`); otherwise it is added.
   */
  identity?: IdentityModel | null;
}

/** The parts of a sequence that `alterSequence` can change. */
export interface SequenceChange {
  type?: string;
  start?: string;
  increment?: string;
  min?: string;
  max?: string;
  cache?: string;
  cycle?: boolean;
  ownedBy?: SequenceModel['ownedBy'];
}

/** The parts of a domain that `alterDomain` can change; `checks` is the whole list of checks. */
export interface DomainChange {
  default?: string | null;
  notNull?: boolean;
  checks?: CheckModel[];
}

export type Operation =
  | { kind: 'createSchema'; schema: string }
  | { kind: 'dropSchema'; schema: string }
  | { kind: 'createEnum'; enum: EnumModel }
  | { kind: 'dropEnum'; schema: string; name: string; removed?: EnumModel }
  | {
      kind: 'addEnumValue';
      schema: string;
      name: string;
      value: string;
      /** Position of the new value; at the end when neither is given. */
      before?: string;
      after?: string;
      /**
       * The values before the addition and the columns using the enum, when
       * generated: the reverse is then a `replaceEnum` without the value.
       * Revision files leave it out of the upgrade.
       */
      previous?: { values: string[]; columns: EnumColumnUse[] };
    }
  | { kind: 'renameEnumValue'; schema: string; name: string; from: string; to: string }
  | {
      /**
       * Replaces an enum whose values are removed or reordered, which Postgres
       * cannot do in place: the type is renamed to `<name>_old`, created again
       * with the new values, every column using it is converted through text,
       * and the old type is dropped. Rows holding a removed value make it fail.
       */
      kind: 'replaceEnum';
      schema: string;
      name: string;
      /** The values before, in order. */
      from: string[];
      /** The values after, in order. */
      to: string[];
      /** The columns converted, in (schema, table, column) order. */
      columns: EnumColumnUse[];
      /** Printed as a comment in revision files. */
      note?: string;
    }
  | { kind: 'createTable'; table: TableModel }
  | { kind: 'dropTable'; schema: string; name: string; removed?: TableModel }
  | { kind: 'addColumn'; schema: string; table: string; column: ColumnModel }
  | { kind: 'dropColumn'; schema: string; table: string; column: string; removed?: ColumnModel }
  | {
      kind: 'alterColumn';
      schema: string;
      table: string;
      column: string;
      /** The new state of the changed parts. */
      to: ColumnChange;
      /** The same parts before the change; needed to reverse it. */
      from?: ColumnChange;
      /** Expression for `USING` when the type changes, e.g. `"price"::numeric(10,2)`. */
      using?: string;
    }
  | { kind: 'addConstraint'; schema: string; table: string; constraint: ConstraintModel }
  | { kind: 'dropConstraint'; schema: string; table: string; name: string; removed?: ConstraintModel }
  | { kind: 'createIndex'; schema: string; table: string; index: IndexModel }
  | { kind: 'dropIndex'; schema: string; table: string; name: string; removed?: IndexModel }
  | { kind: 'createExtension'; extension: ExtensionModel }
  | { kind: 'dropExtension'; name: string; removed?: ExtensionModel }
  | { kind: 'createSequence'; sequence: SequenceModel }
  | { kind: 'dropSequence'; schema: string; name: string; removed?: SequenceModel }
  | { kind: 'alterSequence'; schema: string; name: string; to: SequenceChange; from?: SequenceChange }
  | { kind: 'createDomain'; domain: DomainModel }
  | { kind: 'dropDomain'; schema: string; name: string; removed?: DomainModel }
  | { kind: 'alterDomain'; schema: string; name: string; to: DomainChange; from?: DomainChange }
  | {
      kind: 'createView';
      view: ViewModel;
      /** Why it is created (e.g. replaced by drop and create); printed as a comment in revision files. */
      note?: string;
    }
  | {
      kind: 'dropView';
      schema: string;
      name: string;
      materialized?: boolean;
      removed?: ViewModel;
      /** Printed as a comment in revision files. */
      note?: string;
    }
  | {
      /** `CREATE OR REPLACE VIEW` with the same columns, a new query. */
      kind: 'replaceView';
      view: ViewModel;
      from?: ViewModel;
    }
  | {
      kind: 'createFunction';
      function: FunctionModel;
      /** Printed as a comment in revision files. */
      note?: string;
    }
  | {
      kind: 'dropFunction';
      schema: string;
      name: string;
      routine: RoutineKind;
      argumentTypes: string;
      removed?: FunctionModel;
      /** Printed as a comment in revision files. */
      note?: string;
    }
  | {
      /** `CREATE OR REPLACE` with the same arguments and result, a new definition. */
      kind: 'replaceFunction';
      function: FunctionModel;
      from?: FunctionModel;
    }
  | { kind: 'createTrigger'; trigger: TriggerModel }
  | { kind: 'dropTrigger'; schema: string; table: string; name: string; removed?: TriggerModel }
  | {
      kind: 'setComment';
      target: CommentTarget;
      /** The new comment, or null to remove it. */
      comment: string | null;
      /** The comment before; needed to reverse it. */
      from?: string | null;
    }
  | {
      kind: 'setRowLevelSecurity';
      schema: string;
      table: string;
      to: RowLevelSecurityModel;
      /** The switches before; needed to reverse it. */
      from?: RowLevelSecurityModel;
    }
  | { kind: 'createPolicy'; schema: string; table: string; policy: PolicyModel }
  | { kind: 'dropPolicy'; schema: string; table: string; name: string; removed?: PolicyModel }
  /** `ALTER TABLE parent ATTACH PARTITION table FOR VALUES ...`. */
  | { kind: 'attachPartition'; schema: string; table: string; partitionOf: PartitionOfModel }
  /** `ALTER TABLE parent DETACH PARTITION table`; the bound is kept to reverse it. */
  | { kind: 'detachPartition'; schema: string; table: string; partitionOf: PartitionOfModel }
  | {
      kind: 'executeSql';
      sql: string;
      /** Bind parameters for `$1`, `$2`, ... */
      params?: unknown[];
      /** SQL that undoes this one, when known; without it the op cannot be reversed. */
      reverseSql?: string;
    };

/** A column of an enum type (or an array of it), converted by `replaceEnum`. */
export interface EnumColumnUse {
  schema: string;
  table: string;
  column: string;
  /** The column's type as the model spells it: `public.mood` or `public.mood[]`. */
  type: string;
  /** The column's default before and after, when it has one on either side. */
  default?: { from: string | null; to: string | null };
}

export type OperationKind = Operation['kind'];

export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;
