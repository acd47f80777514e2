import type { OperationOf } from '../../../ops/operation.js';
import type { TableModel } from '../../../schema/model.js';
import { quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

/** `INHERITS ("s"."parent", ...)` of `CREATE TABLE`; '' for a table that inherits from none. */
export function inheritsClause(table: TableModel): string {
  const parents = table.inherits ?? [];
  if (parents.length === 0) return '';
  return ` INHERITS (${parents.map((parent) => quoteQualified(parent.schema, parent.table)).join(', ')})`;
}

/** `ALTER TABLE table INHERIT parent`. */
export function compileInheritTable(op: OperationOf<'inheritTable'>): Statement[] {
  const parent = quoteQualified(op.parent.schema, op.parent.table);
  return [transactional(`ALTER TABLE ${quoteQualified(op.schema, op.table)} INHERIT ${parent}`)];
}

/** `ALTER TABLE table NO INHERIT parent`. */
export function compileNoInheritTable(op: OperationOf<'noInheritTable'>): Statement[] {
  const parent = quoteQualified(op.parent.schema, op.parent.table);
  return [transactional(`ALTER TABLE ${quoteQualified(op.schema, op.table)} NO INHERIT ${parent}`)];
}
