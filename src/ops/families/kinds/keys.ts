import type { ConstraintModel, IdentityRefusal, IndexModel } from '../../../schema/model.js';

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
  /** `online`: `CONCURRENTLY` (in an `op.autocommit` block), an invalid index of the name left by a failed build dropped first. */
  | { kind: 'createIndex'; schema: string; table: string; index: IndexModel; online?: boolean }
  /** `online`: `DROP INDEX CONCURRENTLY IF EXISTS` (in an `op.autocommit` block). */
  | { kind: 'dropIndex'; schema: string; table: string; name: string; removed?: IndexModel; online?: boolean }
  /** `ALTER INDEX schema.from RENAME TO to`: index names are unique per schema, so the table is not named. */
  | { kind: 'renameIndex'; schema: string; from: string; to: string }
>;

export type Op<K extends KeyOperation['kind']> = Extract<KeyOperation, { kind: K }>;
