import type { OperationOf } from '../../../ops/operation.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';
import { firingWords } from './firing.js';

/**
 * `CREATE EVENT TRIGGER`, after a check that refuses, in one line, a role
 * that is not a superuser (which Postgres would refuse with less to go on),
 * then its firing when it has one of its own.
 */
export function compileCreateEventTrigger(op: OperationOf<'createEventTrigger'>): Statement[] {
  const e = op.eventTrigger;
  const refusal = `event trigger ${e.name}: only a superuser may create one; run this revision as a superuser, or leave it out of the model`;
  const guard = `DO $guard$ BEGIN IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN RAISE EXCEPTION ${quoteLiteral(refusal)}; END IF; END $guard$`;
  const tags = e.tags === undefined ? '' : ` WHEN TAG IN (${e.tags.map(quoteLiteral).join(', ')})`;
  const create = `CREATE EVENT TRIGGER ${quoteIdent(e.name)} ON ${quoteIdent(e.event)}${tags} EXECUTE FUNCTION ${quoteQualified(e.functionSchema, e.function)}()`;
  return [transactional(guard), transactional(create), ...(e.firing === undefined ? [] : [alter(e.name, e.firing)])];
}

export function compileDropEventTrigger(op: OperationOf<'dropEventTrigger'>): Statement[] {
  return [transactional(`DROP EVENT TRIGGER ${quoteIdent(op.name)}`)];
}

export function compileAlterEventTrigger(op: OperationOf<'alterEventTrigger'>): Statement[] {
  return [alter(op.name, op.firing)];
}

function alter(name: string, firing: Parameters<typeof firingWords>[0]): Statement {
  return transactional(`ALTER EVENT TRIGGER ${quoteIdent(name)} ${firingWords(firing)}`);
}
