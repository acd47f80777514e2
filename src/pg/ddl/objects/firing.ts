import type { OperationOf } from '../../../ops/operation.js';
import type { Firing } from '../../../schema/model.js';
import { quoteIdent, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

/** `ENABLE ALWAYS`, `ENABLE REPLICA` or `DISABLE`; `ENABLE` for the default (null). */
export function firingWords(firing: Firing | null): string {
  return firing === null ? 'ENABLE' : FIRING_SQL[firing];
}

const FIRING_SQL: { readonly [F in Firing]: string } = {
  always: 'ENABLE ALWAYS',
  replica: 'ENABLE REPLICA',
  disabled: 'DISABLE',
};

/** `ALTER TABLE t ENABLE [ALWAYS | REPLICA] | DISABLE TRIGGER | RULE name`. */
export function firingStatement(
  on: 'trigger' | 'rule',
  target: { schema: string; table: string; name: string },
  firing: Firing | null,
): Statement {
  return transactional(
    `ALTER TABLE ${quoteQualified(target.schema, target.table)} ${firingWords(firing)} ${on.toUpperCase()} ${quoteIdent(target.name)}`,
  );
}

/** The statement that gives a trigger or rule just made its firing, when it has one of its own. */
export function firingAfterCreate(
  on: 'trigger' | 'rule',
  object: { schema: string; table: string; name: string; firing?: Firing },
): Statement[] {
  return object.firing === undefined ? [] : [firingStatement(on, object, object.firing)];
}

export function compileAlterFiring(op: OperationOf<'alterFiring'>): Statement[] {
  return [firingStatement(op.on, op, op.firing)];
}
