import type { OperationOf } from '../../ops/operation.js';
import { AthanorError } from '../../util/errors.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../quote.js';
import { transactional, type Statement } from './statement.js';

export function compileCreateSchema(op: OperationOf<'createSchema'>): Statement[] {
  return [transactional(`CREATE SCHEMA ${quoteIdent(op.schema)}`)];
}

export function compileDropSchema(op: OperationOf<'dropSchema'>): Statement[] {
  return [transactional(`DROP SCHEMA ${quoteIdent(op.schema)}`)];
}

export function compileCreateEnum(op: OperationOf<'createEnum'>): Statement[] {
  const { schema, name, values } = op.enum;
  const labels = values.map(quoteLiteral).join(', ');
  return [transactional(`CREATE TYPE ${quoteQualified(schema, name)} AS ENUM (${labels})`)];
}

export function compileDropEnum(op: OperationOf<'dropEnum'>): Statement[] {
  return [transactional(`DROP TYPE ${quoteQualified(op.schema, op.name)}`)];
}

/**
 * `ALTER TYPE ... ADD VALUE` may run inside a transaction since Postgres 12,
 * but the new value cannot be used until that transaction commits: a later
 * statement of the same migration that stores or compares the value fails.
 */
export function compileAddEnumValue(op: OperationOf<'addEnumValue'>): Statement[] {
  if (op.before !== undefined && op.after !== undefined) {
    throw new AthanorError(
      'invalid-operation',
      `addEnumValue ${op.schema}.${op.name} '${op.value}' gives both before and after; keep only one`,
    );
  }
  let sql = `ALTER TYPE ${quoteQualified(op.schema, op.name)} ADD VALUE ${quoteLiteral(op.value)}`;
  if (op.before !== undefined) sql += ` BEFORE ${quoteLiteral(op.before)}`;
  if (op.after !== undefined) sql += ` AFTER ${quoteLiteral(op.after)}`;
  return [transactional(sql)];
}
