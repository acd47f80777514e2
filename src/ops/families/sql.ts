import { HARMLESS, irreversible, RANK, type FamilySpecs } from './spec.js';
import { NONE } from '../things.js';

/** SQL a revision runs itself (its hazards are read from the SQL: `sql-hazards.ts`). */
export type SqlOperation = Readonly<{
  kind: 'executeSql';
  sql: string;
  /** Bind parameters for `$1`, `$2`, ... */
  params?: readonly unknown[];
  /** SQL that undoes this one, when known; without it the op cannot be reversed. */
  reverseSql?: string;
  /**
   * How `migrate upgrade --expand` serves it: `expand` runs at expand in
   * place of `sql` (beside the old shape, which the old version keeps using),
   * `contract` at contract, `abort` (when given) at abort to undo `expand`;
   * each part is plain SQL run in one transaction, '' for nothing. Without
   * them, `--expand` refuses the revision; a plain upgrade runs `sql` only.
   */
  phases?: ExpandPhasesOfSql;
}>;

/** The expand, contract and abort parts of hand-written SQL (`op.execute(sql, { expand, contract, abort })`). */
export type ExpandPhasesOfSql = Readonly<{ expand: string; contract: string; abort?: string }>;

declare module '../operation.js' {
  interface OperationFamilies {
    readonly sql: SqlOperation;
  }
}

const describe = (): string => 'execute SQL';

export const SQL_SPECS: FamilySpecs<SqlOperation['kind']> = {
  executeSql: {
    summary: 'Runs SQL as given, with an optional `reverseSql` for the downgrade; `op.execute` is the short form.',
    ...HARMLESS,
    describe,
    reverse: reverseExecuteSql,
    // SQL a revision runs itself says nothing of what it uses.
    footprint: () => NONE,
    example: { sql: 'UPDATE users SET email = lower(email) WHERE id > $1', params: [100] },
    tieBreak: (op) => [RANK.first, op.sql],
    mapNames: (op, map) => ({
      ...op,
      sql: map.text(op.sql),
      ...(op.reverseSql !== undefined ? { reverseSql: map.text(op.reverseSql) } : {}),
      ...(op.phases !== undefined
        ? {
            phases: {
              expand: map.text(op.phases.expand),
              contract: map.text(op.phases.contract),
              ...(op.phases.abort !== undefined ? { abort: map.text(op.phases.abort) } : {}),
            },
          }
        : {}),
    }),
  },
};

/**
 * Runs `reverseSql`, and undoes itself by running the original SQL again. The
 * original's bind parameters cannot travel with it, so an `executeSql` with
 * parameters reverses once only.
 */
function reverseExecuteSql(op: SqlOperation): SqlOperation {
  if (op.reverseSql === undefined) throw irreversible(describe(), 'it has no reverseSql');
  if (op.params !== undefined && op.params.length > 0) return { kind: 'executeSql', sql: op.reverseSql };
  return { kind: 'executeSql', sql: op.reverseSql, reverseSql: op.sql };
}
