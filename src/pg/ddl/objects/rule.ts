import type { OperationOf } from '../../../ops/operation.js';
import { quoteIdent, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

export function compileCreateRule(op: OperationOf<'createRule'>): Statement[] {
  return [transactional(op.rule.definition.trim())];
}

/** `CREATE OR REPLACE RULE`: the definition's leading `CREATE RULE` made so. */
export function compileReplaceRule(op: OperationOf<'replaceRule'>): Statement[] {
  return [transactional(op.rule.definition.trim().replace(/^create\s+rule\b/i, 'CREATE OR REPLACE RULE'))];
}

export function compileDropRule(op: OperationOf<'dropRule'>): Statement[] {
  return [transactional(`DROP RULE ${quoteIdent(op.name)} ON ${quoteQualified(op.schema, op.table)}`)];
}
