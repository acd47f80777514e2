import type { OperationOf } from '../../ops/operation.js';
import type { RoutineKind } from '../../schema/model.js';
import { quoteIdent, quoteQualified } from '../quote.js';
import { transactional, type Statement } from './statement.js';

/**
 * Function bodies are not checked while they are created, as pg_dump does: a
 * SQL function may read tables that come later in the same migration.
 */
const NO_BODY_CHECK = transactional('SET LOCAL check_function_bodies = off');

/** Runs the definition as written: `CREATE [OR REPLACE] FUNCTION|PROCEDURE|AGGREGATE ...`. */
export function compileCreateFunction(op: OperationOf<'createFunction'>): Statement[] {
  return [NO_BODY_CHECK, transactional(op.function.definition.trim())];
}

/** The new definition; it must say `CREATE OR REPLACE`, which is how the server prints it. */
export function compileReplaceFunction(op: OperationOf<'replaceFunction'>): Statement[] {
  return [NO_BODY_CHECK, transactional(op.function.definition.trim())];
}

const ROUTINE_WORDS: Record<RoutineKind, string> = { function: 'FUNCTION', procedure: 'PROCEDURE', aggregate: 'AGGREGATE' };

/** `DROP FUNCTION "s"."f"(integer, text)`; an aggregate without arguments is `(*)`. */
export function compileDropFunction(op: OperationOf<'dropFunction'>): Statement[] {
  const args = op.routine === 'aggregate' && op.argumentTypes === '' ? '*' : op.argumentTypes;
  return [transactional(`DROP ${ROUTINE_WORDS[op.routine]} ${quoteQualified(op.schema, op.name)}(${args})`)];
}

export function compileCreateTrigger(op: OperationOf<'createTrigger'>): Statement[] {
  return [transactional(op.trigger.definition.trim())];
}

export function compileDropTrigger(op: OperationOf<'dropTrigger'>): Statement[] {
  return [transactional(`DROP TRIGGER ${quoteIdent(op.name)} ON ${quoteQualified(op.schema, op.table)}`)];
}
