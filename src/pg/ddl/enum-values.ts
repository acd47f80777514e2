import type { EnumColumnUse, OperationOf } from '../../ops/operation.js';
import { replacedEnumName } from '../../ops/replaced-enum-name.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../quote.js';
import { transactional, type Statement } from './statement.js';

/** `ALTER TYPE ... RENAME VALUE 'from' TO 'to'`. */
export function compileRenameEnumValue(op: OperationOf<'renameEnumValue'>): Statement[] {
  const type = quoteQualified(op.schema, op.name);
  return [transactional(`ALTER TYPE ${type} RENAME VALUE ${quoteLiteral(op.from)} TO ${quoteLiteral(op.to)}`)];
}

/**
 * Postgres cannot remove or reorder enum values, so the enum is replaced:
 * the old type is renamed to `replacedEnumName(name)`, the type is created
 * again with the new values, every column using it is converted through
 * text (its default dropped before and set again after), and the old type
 * is dropped.
 */
export function compileReplaceEnum(op: OperationOf<'replaceEnum'>): Statement[] {
  const type = quoteQualified(op.schema, op.name);
  const oldName = replacedEnumName(op.name);
  const labels = op.to.map(quoteLiteral).join(', ');
  return [
    transactional(`ALTER TYPE ${type} RENAME TO ${quoteIdent(oldName)}`),
    transactional(`CREATE TYPE ${type} AS ENUM (${labels})`),
    ...op.columns.flatMap(convertColumn),
    transactional(`DROP TYPE ${quoteQualified(op.schema, oldName)}`),
  ];
}

function convertColumn(use: EnumColumnUse): Statement[] {
  const prefix = `ALTER TABLE ${quoteQualified(use.schema, use.table)} ALTER COLUMN ${quoteIdent(use.column)}`;
  const statements: Statement[] = [];
  if (use.default !== undefined && use.default.from !== null) statements.push(transactional(`${prefix} DROP DEFAULT`));
  const textType = `text${arraySuffix(use.type)}`;
  statements.push(transactional(`${prefix} TYPE ${use.type} USING ${quoteIdent(use.column)}::${textType}::${use.type}`));
  if (use.default !== undefined && use.default.to !== null) statements.push(transactional(`${prefix} SET DEFAULT ${use.default.to}`));
  return statements;
}

/** The `[]` dimensions at the end of a type name. */
function arraySuffix(type: string): string {
  return /(\[\])+$/.exec(type)?.[0] ?? '';
}
