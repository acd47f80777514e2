import { HARMLESS, irreversible, RANK, type FamilySpecs } from './spec.js';
import type { SqlOperation } from './kinds/sql.js';
export type { SqlOperation } from './kinds/sql.js';
import { NONE } from '../things.js';

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
