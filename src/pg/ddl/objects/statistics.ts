import type { OperationOf } from '../../../ops/operation.js';
import { quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

/** `ALTER STATISTICS ... SET STATISTICS`: -1 is the default on every supported version. */
function setTarget(schema: string, name: string, target: number | null): Statement {
  return transactional(`ALTER STATISTICS ${quoteQualified(schema, name)} SET STATISTICS ${target ?? -1}`);
}

/** The definition as the server prints it, then its target when it has one. */
export function compileCreateStatistics(op: OperationOf<'createStatistics'>): Statement[] {
  const s = op.statistics;
  const create = transactional(s.definition.trim());
  return s.target === undefined ? [create] : [create, setTarget(s.schema, s.name, s.target)];
}

export function compileDropStatistics(op: OperationOf<'dropStatistics'>): Statement[] {
  return [transactional(`DROP STATISTICS ${quoteQualified(op.schema, op.name)}`)];
}

export function compileAlterStatistics(op: OperationOf<'alterStatistics'>): Statement[] {
  return [setTarget(op.schema, op.name, op.target)];
}
