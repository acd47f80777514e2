import type { ColumnModel, ColumnStorage, IdentityModel, InheritedTableModel } from '../../../schema/model.js';

/**
 * A table a column moves to or from, one that inherits from the table of
 * `addColumn`'s `takenFrom` or `dropColumn`'s `keptBy`.
 */
export interface MovedColumnTable extends InheritedTableModel {
  /**
   * The name of the table's own NOT NULL constraint on the column (PostgreSQL
   * 18), given where it is not the one the move gives it: with `keptBy` the
   * constraint is named as `keptColumn`'s, else as `SET NOT NULL` names it on
   * the table. With `takenFrom` it is what the reverse gives back.
   */
  readonly notNullName?: string;
}

/**
 * A partition's own NOT NULL constraint on a column of its parent's
 * (PostgreSQL 18): named otherwise than the one it would inherit.
 */
export interface PartitionNotNull extends InheritedTableModel {
  readonly notNullName: string;
}

/** The parts of a column that `alterColumn` can change. */
export interface ColumnChange {
  readonly type?: string;
  readonly nullable?: boolean;
  readonly default?: string | null;
  /**
   * A collation as in `ColumnModel.collation`, or null for the type's own.
   * It is set with the type (`TYPE t COLLATE c`), so `type` must be given too;
   * when `from.type` is the same type the column is not cast.
   */
  readonly collation?: string | null;
  /**
   * The identity, or null for none. With a `from.identity` object it is
   * changed in place (`SET GENERATED ... SET ...`); otherwise it is added.
   */
  readonly identity?: IdentityModel | null;
  /**
   * A generation expression, or null for none. Null drops the expression
   * and keeps the stored values (`DROP EXPRESSION`). Postgres cannot add an
   * expression to a column, so a string drops the column and adds it back
   * generated, at the end of the table: `type` (and `collation`, `nullable`
   * when they are not the defaults) must be given to define it. With a
   * `generated` change, a part whose `from` equals its `to` only describes
   * the column and is not altered.
   */
  readonly generated?: string | null;
  /**
   * A stored generated column's new expression, set in place (`SET
   * EXPRESSION AS`, PostgreSQL 17 and later): the column keeps its place,
   * and its values are computed again, which rewrites the table.
   */
  readonly expression?: string;
  /**
   * Only beside a `generated` expression: the column is (to) or was (from)
   * `VIRTUAL` (PostgreSQL 18+), computed when read; absent for `STORED`. It
   * is not a part of its own: a stored column made virtual, or back, is
   * dropped and added again like a changed expression. A virtual column made
   * plain (`to.generated` null, `from.generatedVirtual`) keeps the values it
   * computed: Postgres cannot drop a virtual column's expression, so it is
   * added back stored, then its expression dropped.
   */
  readonly generatedVirtual?: true;
  /** The statistics target, or null for the server's default (`SET STATISTICS -1`). */
  readonly statistics?: number | null;
  /** Attribute options by name, null to reset one (`SET (n_distinct = ...)`, `RESET (...)`). */
  readonly options?: Readonly<Record<string, string | null>>;
  /** The storage, or null for the type's own. */
  readonly storage?: ColumnStorage | null;
  /** The compression method, or null for the server's default (`SET COMPRESSION default`). */
  readonly compression?: string | null;
}

/** A table's columns. */
export type ColumnOperation = Readonly<
  | {
      kind: 'addColumn';
      schema: string;
      table: string;
      column: ColumnModel;
      /**
       * Tables that inherit from this one and have a column of this name as
       * their own: each gives its column up for the inherited one, values
       * kept (its column is renamed aside, the parent's added, the values
       * copied, the old column dropped). Postgres would merge the two instead,
       * leaving the column declared on the child as well. The column has no
       * identity nor generation expression.
       */
      takenFrom?: readonly MovedColumnTable[];
      /**
       * For a NOT NULL column without a default: the value each row the
       * table already holds gets, an SQL expression over the row. The column
       * is added nullable, the rows set, then SET NOT NULL. The downgrade of
       * a dropped column carries `TODO(fill)` (`FILL_PLACEHOLDER`): on a table
       * with rows it stops, asking for the value; on an empty one it runs.
       */
      fill?: string;
      /**
       * Partitions below the table that name their own NOT NULL constraint on
       * the column, deepest first. Postgres would give each the table's name,
       * which an inherited constraint cannot change: so the column is added
       * without NOT NULL, each of these gets its constraint under its name,
       * then the table gets its own, which Postgres merges with theirs.
       */
      partitionNotNulls?: readonly PartitionNotNull[];
    }
  | {
      kind: 'dropColumn';
      schema: string;
      table: string;
      column: string;
      removed?: ColumnModel;
      /**
       * Tables that inherit the column from this one and keep it as their
       * own, with its values: each gets a copy (`keptColumn`), filled from the
       * column, which takes its name once the parent's is dropped (Postgres
       * would drop the inherited column with the parent's).
       */
      keptBy?: readonly MovedColumnTable[];
      /** With `keptBy`: the column as this table has it (no identity nor generation expression), which they keep. */
      keptColumn?: ColumnModel;
      /** The partitions' own NOT NULL constraints on the column, which the reverse gives back (`addColumn`). */
      partitionNotNulls?: readonly PartitionNotNull[];
    }
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
       * Only for `migrate upgrade --expand`, which a plain upgrade ignores: the
       * old value from the new one, an expression over the column (its new
       * value) alone, as `using` gives the new from the old, e.g.
       * `"code"::text`. Expand keeps the old column equal to the new through
       * it; a type change whose cast back may lose values (one with `using`,
       * or other than a widening) is served only with it. The reverse takes it
       * as its `using`.
       */
      down?: string;
      /**
       * Without `using`: the type change casts the column through text
       * (`USING "c"::text::public.b`), for the types Postgres has no cast
       * between but reads and prints as text: an enum (or a domain over one,
       * or arrays of either) to or from any type but a string type. It holds
       * both ways, so `reverse` keeps it.
       */
      throughText?: boolean;
      /**
       * Set by autogenerate where every value of the old type is one of the
       * new type's: an enum to an enum holding all its labels, or to `text`
       * or `character varying` (arrays of the same depth alike). The change
       * loses none, so it is not destructive. The upgrade's alone: `reverse`
       * leaves it out.
       */
      keepsValues?: boolean;
      /**
       * The column is a stored generated column, on both sides: a type change
       * has no `USING` (Postgres refuses one), the server computes the values
       * again from the expression. It holds both ways, so `reverse` keeps it.
       */
      computed?: true;
      /**
       * The column is made serial, or stops being serial or an identity: when
       * this step sets a default (`to.default`, a `nextval()`), the sequence
       * it calls is then moved past the values the column holds (forward
       * only), so that the next value is free. It holds both ways, so
       * `reverse` keeps it.
       */
      pastRows?: boolean;
      /**
       * Only with `to.nullable`, or a `to.type` of a NOT NULL column, on a
       * partitioned table: the partitions below that name their own NOT NULL
       * constraint on the column, deepest first. With `to.nullable` false each
       * gets its constraint under its name before the table's SET NOT NULL,
       * which merges theirs (it would otherwise give them the table's name,
       * which an inherited constraint cannot change); with `to.nullable` true
       * theirs are dropped after the table's DROP NOT NULL, which leaves a
       * partition's own. A type change builds the constraints again under the
       * table's name (or fails on a partition's own): the table's and then
       * theirs are dropped first, and after it theirs and then the table's
       * (`notNullName`) made again. `reverse` keeps it.
       */
      partitionNotNulls?: readonly PartitionNotNull[];
      /**
       * Only with `partitionNotNulls` and a `to.type`: the name of the table's
       * NOT NULL constraint on the column, which it takes again after the type
       * change. `reverse` keeps it.
       */
      notNullName?: string;
      /**
       * Only with `to: { nullable: false }`: set NOT NULL without scanning
       * under the lock, through a `CHECK (col IS NOT NULL) NOT VALID` that is
       * validated, then dropped once the column is NOT NULL (outside a
       * transaction, in an `op.autocommit` block).
       */
      online?: boolean;
    }
>;

export type Op<K extends ColumnOperation['kind']> = Extract<ColumnOperation, { kind: K }>;
