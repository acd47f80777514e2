import type { OperationOf } from '../../../ops/operation.js';
import type { RoutineKind } from '../../../schema/model.js';
import { quoteIdent, quoteQualified } from '../../quote.js';
import { firingAfterCreate } from './firing.js';
import { transactional, type Statement } from '../statement.js';

/**
 * Function bodies are not checked while they are created, as pg_dump does: a
 * SQL function may read tables that come later in the same migration. The
 * setting is put back right after, through a custom setting that keeps it,
 * so a routine written by hand later in the transaction is still checked.
 */
const SAVED_SETTING = 'athanor.check_function_bodies';

function withoutBodyCheck(definition: string): Statement[] {
  return [
    transactional(
      `SELECT set_config('${SAVED_SETTING}', current_setting('check_function_bodies'), true), set_config('check_function_bodies', 'off', true)`,
    ),
    transactional(definition.trim()),
    transactional(`SELECT set_config('check_function_bodies', current_setting('${SAVED_SETTING}'), true)`),
  ];
}

/** Runs the definition as written: `CREATE [OR REPLACE] FUNCTION|PROCEDURE|AGGREGATE ...`. */
export function compileCreateFunction(op: OperationOf<'createFunction'>): Statement[] {
  return withoutBodyCheck(op.function.definition);
}

/** The new definition; it must say `CREATE OR REPLACE`, which is how the server prints it. */
export function compileReplaceFunction(op: OperationOf<'replaceFunction'>): Statement[] {
  return withoutBodyCheck(op.function.definition);
}

const ROUTINE_WORDS: Record<RoutineKind, string> = {
  function: 'FUNCTION',
  procedure: 'PROCEDURE',
  aggregate: 'AGGREGATE',
};

/** `DROP FUNCTION "s"."f"(integer, text)`; an aggregate without arguments is `(*)`. */
export function compileDropFunction(op: OperationOf<'dropFunction'>): Statement[] {
  const args = op.routine === 'aggregate' && op.argumentTypes === '' ? '*' : op.argumentTypes;
  return [transactional(`DROP ${ROUTINE_WORDS[op.routine]} ${quoteQualified(op.schema, op.name)}(${args})`)];
}

export function compileCreateTrigger(op: OperationOf<'createTrigger'>): Statement[] {
  return [transactional(op.trigger.definition.trim()), ...firingAfterCreate('trigger', op.trigger)];
}

export function compileDropTrigger(op: OperationOf<'dropTrigger'>): Statement[] {
  return [transactional(`DROP TRIGGER ${quoteIdent(op.name)} ON ${quoteQualified(op.schema, op.table)}`)];
}
