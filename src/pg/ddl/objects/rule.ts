import type { OperationOf } from '../../../ops/operation.js';
import { quoteIdent, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';
import { firingAfterCreate } from './firing.js';

export function compileCreateRule(op: OperationOf<'createRule'>): Statement[] {
  return [transactional(op.rule.definition.trim()), ...firingAfterCreate('rule', op.rule)];
}

/** `CREATE OR REPLACE RULE`: the definition's leading `CREATE RULE` made so; it fires by default again, then as the rule says. */
export function compileReplaceRule(op: OperationOf<'replaceRule'>): Statement[] {
  const replace = op.rule.definition.trim().replace(/^create\s+rule\b/i, 'CREATE OR REPLACE RULE');
  return [transactional(replace), ...firingAfterCreate('rule', op.rule)];
}

export function compileDropRule(op: OperationOf<'dropRule'>): Statement[] {
  return [transactional(`DROP RULE ${quoteIdent(op.name)} ON ${quoteQualified(op.schema, op.table)}`)];
}
