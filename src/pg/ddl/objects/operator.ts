import type { OperatorChange, OperatorName, OperatorOperation } from '../../../ops/objects/operator-operations.js';
import type { OperatorClassModel, OperatorModel } from '../../../schema/model.js';
import { operatorSymbolProblem } from '../../../schema/objects/model-operators.js';
import { assertNever } from '../../../util/assert-never.js';
import { quoteIdent, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

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
      return [
        transactional(`ALTER OPERATOR ${operatorName(op)} ${operands(op)} SET (${alterParts(op.to).join(', ')})`),
      ];
    case 'createOperatorClass':
      return [transactional(createOperatorClass(op.operatorClass))];
    case 'dropOperatorClass':
      // A class's own family holds it: dropping the family drops the class.
      return [
        transactional(
          `DROP OPERATOR ${op.ownFamily ? 'FAMILY' : 'CLASS'} ${quoteQualified(op.schema, op.name)} USING ${quoteIdent(op.method)}`,
        ),
      ];
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
  if (symbol === undefined || operatorSymbolProblem(symbol) !== null)
    throw new TypeError(`"${text}" is not an operator reference OPERATOR(schema.symbol)`);
  return text;
}

function alterParts(to: OperatorChange): string[] {
  const parts: string[] = [];
  if (to.restrict !== undefined) parts.push(`RESTRICT = ${to.restrict ?? 'NONE'}`);
  if (to.join !== undefined) parts.push(`JOIN = ${to.join ?? 'NONE'}`);
  if (parts.length === 0) throw new TypeError('alterOperator sets neither restrict nor join');
  return parts;
}

/**
 * `CREATE OPERATOR CLASS "schema"."name" [DEFAULT] FOR TYPE type USING "method"
 * [FAMILY family] AS items [, STORAGE type]`; the items, type and family are
 * written as the model holds them, one statement each.
 */
function createOperatorClass(c: OperatorClassModel): string {
  for (const item of c.items) {
    if (!/^(OPERATOR|FUNCTION)\s+\d+\s/i.test(item) || item.includes(';'))
      throw new TypeError(`operator class item "${item}" is not OPERATOR n ... or FUNCTION n ...`);
  }
  const items = [...c.items, ...(c.storage === undefined ? [] : [`STORAGE ${c.storage}`])];
  const family = c.family === undefined ? '' : ` FAMILY ${c.family}`;
  return `CREATE OPERATOR CLASS ${quoteQualified(c.schema, c.name)} ${c.default === true ? 'DEFAULT ' : ''}FOR TYPE ${c.type} USING ${quoteIdent(c.method)}${family} AS ${items.join(', ')}`;
}
