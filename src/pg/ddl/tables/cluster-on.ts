import type { OperationOf } from '../../../ops/operation.js';
import { quoteIdent, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

/** `ALTER TABLE ... CLUSTER ON index`, or `SET WITHOUT CLUSTER` for none. */
export function clusterOnSql(schema: string, table: string, index: string | null): string {
  const clause = index === null ? 'SET WITHOUT CLUSTER' : `CLUSTER ON ${quoteIdent(index)}`;
  return `ALTER TABLE ${quoteQualified(schema, table)} ${clause}`;
}

export function compileSetClusterOn(op: OperationOf<'setClusterOn'>): Statement[] {
  return [transactional(clusterOnSql(op.schema, op.table, op.to))];
}
