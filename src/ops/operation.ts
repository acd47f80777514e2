import { assertNever } from '../util/assert-never.js';
import type {
  CheckModel,
  CastModel,
  CollationModel,
  RuleModel,
  ColumnModel,
  ColumnStorage,
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
import type { RowCopy } from './row-copy.js';
import type { CompositeOperation } from './objects/composite-operations.js';
import type { TextSearchOperation } from './objects/text-search-operations.js';
import type { OperatorOperation } from './objects/operator-operations.js';
import type { ForeignOperation } from './objects/foreign-operations.js';

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
  /**
   * A generation expression, or null for none. Null drops the expression
   * and keeps the stored values (`DROP EXPRESSION`). Postgres cannot add an
   * expression to a column, so a string drops the column and adds it back
   * generated, at the end of the table: `type` (and `collation`, `nullable`
   * when they are not the defaults) must be given to define it. With a
   * `generated` change, a part whose `from` equals its `to` only describes
   * the column and is not altered.
   */
  generated?: string | null;
  /** The statistics target, or null for the server's default (`SET STATISTICS -1`). */
  statistics?: number | null;
  /** Attribute options by name, null to reset one (`SET (n_distinct = ...)`, `RESET (...)`). */
  options?: Record<string, string | null>;
  /** The storage, or null for the type's own. */
  storage?: ColumnStorage | null;
  /** The compression method, or null for the server's default (`SET COMPRESSION default`). */
  compression?: string | null;
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
  | CompositeOperation
  | TextSearchOperation
  | OperatorOperation
  | ForeignOperation
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
       * cannot do in place: the type is renamed to `<name>__athanor_old` (`replacedEnumName`), created again
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
  | {
      kind: 'dropTable';
      schema: string;
      name: string;
      removed?: TableModel;
      /** The holding table (in `schema`) its rows are kept in while it is rebuilt; set by the comparator. */
      rowsKeptIn?: string;
    }
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
      /**
       * Without `using`: the type change casts the column through text
       * (`USING "c"::text::public.b`), for the types Postgres has no cast
       * between but reads and prints as text: an enum (or a domain over one,
       * or arrays of either) to or from any type but a string type. It holds
       * both ways, so `reverse` keeps it.
       */
      throughText?: boolean;
      /**
       * Only with `to: { nullable: false }`: set NOT NULL without scanning
       * under the lock, through a `CHECK (col IS NOT NULL) NOT VALID` that is
       * validated, then dropped once the column is NOT NULL (outside a
       * transaction, in an `op.autocommit` block).
       */
      online?: boolean;
    }
  | {
      kind: 'addConstraint';
      schema: string;
      table: string;
      constraint: ConstraintModel;
      /**
       * Added without a long lock (in an `op.autocommit` block): a foreign key
       * or check `NOT VALID`, then validated; a unique or primary key over an
       * index built `CONCURRENTLY`, then `USING INDEX`. Each step can run again.
       */
      online?: boolean;
    }
  | { kind: 'dropConstraint'; schema: string; table: string; name: string; removed?: ConstraintModel }
  /** `online`: `CONCURRENTLY` (in an `op.autocommit` block), an invalid index of the name left by a failed build dropped first. */
  | { kind: 'createIndex'; schema: string; table: string; index: IndexModel; online?: boolean }
  /** `online`: `DROP INDEX CONCURRENTLY IF EXISTS` (in an `op.autocommit` block). */
  | { kind: 'dropIndex'; schema: string; table: string; name: string; removed?: IndexModel; online?: boolean }
  /** `ALTER INDEX schema.from RENAME TO to`: index names are unique per schema, so the table is not named. */
  | { kind: 'renameIndex'; schema: string; from: string; to: string }
  | { kind: 'renameSchema'; from: string; to: string }
  | { kind: 'setUnlogged'; schema: string; table: string; unlogged: boolean }
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
      to: Record<string, string | null>;
      from?: Record<string, string | null>;
    }
  | { kind: 'renameTable'; schema: string; from: string; to: string; notNullRenames?: NotNullRename[] }
  | { kind: 'renameColumn'; schema: string; table: string; from: string; to: string; notNullRenames?: NotNullRename[] }
  | RenameObjectOperation
  | { kind: 'createExtension'; extension: ExtensionModel }
  | { kind: 'createCollation'; collation: CollationModel }
  | { kind: 'dropCollation'; schema: string; name: string; removed?: CollationModel }
  | { kind: 'createRule'; rule: RuleModel }
  | { kind: 'dropRule'; schema: string; table: string; name: string; removed?: RuleModel }
  /** `CREATE OR REPLACE RULE`; `from` is the rule before, for the reverse. */
  | { kind: 'replaceRule'; rule: RuleModel; from?: RuleModel }
  | { kind: 'createCast'; cast: CastModel }
  /** `removed` is the cast dropped, for the reverse. */
  | { kind: 'dropCast'; source: string; target: string; removed?: CastModel }
  | { kind: 'dropExtension'; name: string; removed?: ExtensionModel }
  | {
      /**
       * `ALTER EXTENSION name SET SCHEMA schema`: the extension's objects (its
       * types among them) move with it. Postgres refuses it for an extension
       * that is not relocatable.
       */
      kind: 'alterExtension';
      name: string;
      /** The schema it moves to. */
      schema: string;
      /** The schema it was in; needed to reverse it. */
      from?: string;
    }
  | { kind: 'createSequence'; sequence: SequenceModel }
  | { kind: 'dropSequence'; schema: string; name: string; removed?: SequenceModel }
  | { kind: 'alterSequence'; schema: string; name: string; to: SequenceChange; from?: SequenceChange }
  | { kind: 'createDomain'; domain: DomainModel }
  | { kind: 'dropDomain'; schema: string; name: string; removed?: DomainModel }
  | { kind: 'alterDomain'; schema: string; name: string; to: DomainChange; from?: DomainChange }
  | {
      /**
       * Replaces a domain whose base type changes, which Postgres cannot do in
       * place: the new domain is created under a temporary name, every column
       * using the old one is converted through the new base type (defaults
       * dropped before and set again after), the old domain is dropped and the
       * new one takes its name.
       */
      kind: 'replaceDomain';
      /** The domain after the replacement. */
      domain: DomainModel;
      /** The domain before; needed to reverse it. */
      from?: DomainModel;
      /** The columns converted or whose defaults name the domain, in (schema, table, column) order. */
      columns: DomainColumnUse[];
      /**
       * Comments on the domain and its checks as they are before, set again
       * on the new domain (on the checks it has); a comment that changes is a
       * `setComment` of its own after this step.
       */
      comments?: DomainComments;
      /** Printed as a comment in revision files. */
      note?: string;
    }
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
  | ({
      /** `CREATE TABLE schema.stash AS SELECT columns FROM schema.table`: the rows kept while the table is rebuilt. */
      kind: 'stashRows';
      /** Printed as a comment in revision files. */
      note?: string;
    } & RowCopy)
  | ({
      /** `INSERT INTO table (columns) SELECT columns FROM stash`, sequences moved past the rows, `DROP TABLE stash`. */
      kind: 'restoreRows';
    } & RowCopy)
  | {
      kind: 'executeSql';
      sql: string;
      /** Bind parameters for `$1`, `$2`, ... */
      params?: unknown[];
      /** SQL that undoes this one, when known; without it the op cannot be reversed. */
      reverseSql?: string;
    };

/** The kinds of object `renameObject` renames (schemas, tables, columns and indexes have operations of their own). */
export type RenamedObjectKind =
  | 'enum'
  | 'domain'
  | 'sequence'
  | 'view'
  | 'materializedView'
  | 'function'
  | 'procedure'
  | 'aggregate'
  | 'constraint'
  | 'policy'
  | 'trigger';

/**
 * `ALTER ... RENAME TO`: `table` is set for the objects that belong to a
 * table (constraints, policies, triggers), `argumentTypes` for routines.
 */
/**
 * A NOT NULL constraint of the renamed table (PostgreSQL 18) renamed after
 * it. A `renameTable` or `renameColumn` that lists them renames exactly these
 * (each where the constraint exists, so one revision runs on every version);
 * without the list, constraints with the old default name take the new one.
 * Autogenerate lists the names it found, so that the reverse gives them back.
 */
export interface NotNullRename {
  from: string;
  to: string;
}

export interface RenameObjectOperation {
  kind: 'renameObject';
  object: RenamedObjectKind;
  schema: string;
  table?: string;
  argumentTypes?: string;
  from: string;
  to: string;
}

/** A column of an enum type (or an array of it), converted by `replaceEnum`. */
export interface EnumColumnUse {
  schema: string;
  table: string;
  column: string;
  /** The column's type as the model spells it: `public.mood` or `public.mood[]`. */
  type: string;
  /** The column's default before and after, when it has one on either side. */
  default?: { from: string | null; to: string | null };
  /**
   * Set for a partition's own default of a column converted on a table above
   * it (1 for a partition of that table, 2 below, ...): the partition's column
   * is converted with its parent's, so only its default is dropped before
   * every conversion and set again after them, shallower partitions first.
   */
  partitionDepth?: number;
}

/** The comments a `replaceDomain` carries over to the new domain. */
export interface DomainComments {
  domain?: string;
  checks?: { name: string; text: string }[];
}

/** A column that `replaceDomain` converts, or whose default it drops and sets again. */
export interface DomainColumnUse {
  schema: string;
  table: string;
  column: string;
  /**
   * The column's type when it is the domain or an array of it (`public.amount`,
   * `public.amount[]`): the column is converted. Absent for a column of
   * another type whose default casts to the domain.
   */
  type?: string;
  /** The column's default, dropped before the conversion and set again after. */
  default?: string;
  /**
   * Set for a partition's own default of a column converted on a table above
   * it (1 for a partition of that table, 2 below, ...): no `type`, and its
   * default is set again after its parents', shallower partitions first.
   */
  partitionDepth?: number;
}

export type OperationKind = Operation['kind'];

export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;

/**
 * A table with one entry per operation kind, each taking that kind's
 * operation: adding a kind to `Operation` fails to compile until every such
 * table has it.
 */
export type PerKind<R> = { readonly [K in OperationKind]: (op: OperationOf<K>) => R };

/** Calls the entry of `table` for the kind of `op`; an operation of no known kind throws. */
export function forKind<R>(table: PerKind<R>, op: Operation): R {
  if (!Object.hasOwn(table, op.kind)) return assertNever(op as never, 'operation kind');
  // The entry for op.kind takes exactly OperationOf<op.kind>; TypeScript cannot correlate the two.
  const entry = table[op.kind] as (op: Operation) => R;
  return entry(op);
}

/** Whether the operation takes its online form, which runs outside a transaction (in an `op.autocommit` block). */
export function isOnline(op: Operation): boolean {
  return 'online' in op && op.online === true;
}
