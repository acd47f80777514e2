import type { OperatorChange, OperatorName, OperatorOperation } from '../../ops/operator-operations.js';
import type { OperatorModel } from '../../schema/model.js';
import { operatorSymbolProblem } from '../../schema/model-operators.js';
import { assertNever } from '../../util/assert-never.js';
import { quoteIdent } from '../quote.js';
import { transactional, type Statement } from './statement.js';

/**
 * `CREATE OPERATOR`, `DROP OPERATOR` and `ALTER OPERATOR ... SET (RESTRICT,
 * JOIN)`. The schema is quoted; the symbol, which cannot be quoted, is
 * checked against Postgres' rules. Types, functions and the commutator and
 * negator (`OPERATOR(schema.symbol)`) are written as the model holds them,
 * as Postgres prints them (column types are written the same way).
 */
export function compileOperatorOperation(op: OperatorOperation): Statement[] {
  switch (op.kind) {
    case 'createOperator':
      return [transactional(`CREATE OPERATOR ${operatorName(op.operator)} (${createParts(op.operator).join(', ')})`)];
    case 'dropOperator':
      return [transactional(`DROP OPERATOR ${operatorName(op)} ${operands(op)}`)];
    case 'alterOperator':
      return [transactional(`ALTER OPERATOR ${operatorName(op)} ${operands(op)} SET (${alterParts(op.to).join(', ')})`)];
    default:
      return assertNever(op);
  }
}

function operatorName(o: OperatorName): string {
  const problem = operatorSymbolProblem(o.name);
  if (problem !== null) throw new TypeError(`operator "${o.name}": ${problem}`);
  return `${quoteIdent(o.schema)}.${o.name}`;
}

function operands(o: OperatorName): string {
  return `(${o.left ?? 'NONE'}, ${o.right})`;
}

function createParts(o: OperatorModel): string[] {
  const parts = [`FUNCTION = ${o.function}`];
  if (o.left !== null) parts.push(`LEFTARG = ${o.left}`);
  parts.push(`RIGHTARG = ${o.right}`);
  if (o.commutator !== undefined) parts.push(`COMMUTATOR = ${reference(o.commutator)}`);
  if (o.negator !== undefined) parts.push(`NEGATOR = ${reference(o.negator)}`);
  if (o.restrict !== undefined) parts.push(`RESTRICT = ${o.restrict}`);
  if (o.join !== undefined) parts.push(`JOIN = ${o.join}`);
  if (o.hashes === true) parts.push('HASHES');
  if (o.merges === true) parts.push('MERGES');
  return parts;
}

/** `OPERATOR(schema.symbol)`, refused in any other shape. */
function reference(text: string): string {
  const symbol = /^OPERATOR\(.+\.([^.]+)\)$/s.exec(text)?.[1];
  if (symbol === undefined || operatorSymbolProblem(symbol) !== null) throw new TypeError(`"${text}" is not an operator reference OPERATOR(schema.symbol)`);
  return text;
}

function alterParts(to: OperatorChange): string[] {
  const parts: string[] = [];
  if (to.restrict !== undefined) parts.push(`RESTRICT = ${to.restrict ?? 'NONE'}`);
  if (to.join !== undefined) parts.push(`JOIN = ${to.join ?? 'NONE'}`);
  if (parts.length === 0) throw new TypeError('alterOperator sets neither restrict nor join');
  return parts;
}
