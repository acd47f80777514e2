import type { ConstraintModel, IdentityRefusal, IndexModel } from '../../../schema/model.js';

/** A constraint `alterConstraint` changes in place: a foreign key or a check. */
export type AlterableConstraint = Extract<ConstraintModel, { type: 'foreignKey' | 'check' }>;

/** What `alterConstraint` changes, as it was: a foreign key's deferral, and whether a foreign key or check is `NOT VALID`. */
export interface ConstraintState {
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
  readonly notValid?: boolean;
}

/** An index key's statistics target set: its position (1 for the first) and the target, null for the default. */
export interface IndexKeyStatistics {
  readonly position: number;
  readonly to: number | null;
  readonly from?: number | null;
}

/** Constraints and indexes of tables. */
export type KeyOperation = Readonly<
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
  /** `unidentified`: the `replica-identity` hazard of a primary key dropped (`IdentityRefusal`). */
  | {
      kind: 'dropConstraint';
      schema: string;
      table: string;
      name: string;
      removed?: ConstraintModel;
      unidentified?: readonly IdentityRefusal[];
    }
  /**
   * A constraint that stays, changed in place to `constraint` from what `from`
   * gives of it: `VALIDATE CONSTRAINT`, a foreign key's deferral by `ALTER
   * CONSTRAINT`; one made `NOT VALID` again is dropped and added so in one
   * statement.
   */
  | { kind: 'alterConstraint'; schema: string; table: string; constraint: AlterableConstraint; from: ConstraintState }
  /** `online`: `CONCURRENTLY` (in an `op.autocommit` block), an invalid index of the name left by a failed build dropped first. */
  | { kind: 'createIndex'; schema: string; table: string; index: IndexModel; online?: boolean }
  /** `online`: `DROP INDEX CONCURRENTLY IF EXISTS` (in an `op.autocommit` block). */
  | { kind: 'dropIndex'; schema: string; table: string; name: string; removed?: IndexModel; online?: boolean }
  /**
   * `ALTER INDEX ... ALTER COLUMN n SET STATISTICS m`: the statistics targets of an index's expression
   * keys, by key position (1 for the first), null for the default (`-1`); `from` is each before, needed
   * to reverse it.
   */
  | {
      kind: 'setIndexStatistics';
      schema: string;
      table: string;
      index: string;
      keys: readonly IndexKeyStatistics[];
    }
  /** `ALTER INDEX schema.from RENAME TO to`: index names are unique per schema, so the table is not named. */
  | { kind: 'renameIndex'; schema: string; from: string; to: string }
>;

export type Op<K extends KeyOperation['kind']> = Extract<KeyOperation, { kind: K }>;
