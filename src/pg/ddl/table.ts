import type { OperationOf } from '../../ops/operation.js';
import type { ConstraintModel, TableModel } from '../../schema/model.js';
import { quoteQualified } from '../quote.js';
import { columnDefinition } from './column.js';
import { constraintDefinition } from './constraint.js';
import { createIndexSql } from './create-index.js';
import { transactional, type Statement } from './statement.js';

/** One `CREATE TABLE` with its columns and constraints, then one `CREATE INDEX` per index. */
export function compileCreateTable(op: OperationOf<'createTable'>): Statement[] {
  const { table } = op;
  const indexes = table.indexes.map((index) => transactional(createIndexSql(table.schema, table.name, index)));
  return [transactional(createTableSql(table)), ...indexes];
}

export function compileDropTable(op: OperationOf<'dropTable'>): Statement[] {
  return [transactional(`DROP TABLE ${quoteQualified(op.schema, op.name)}`)];
}

function createTableSql(table: TableModel): string {
  const elements = [
    ...table.columns.map(columnDefinition),
    ...tableConstraints(table).map(constraintDefinition),
  ];
  const head = `CREATE TABLE ${quoteQualified(table.schema, table.name)}`;
  if (elements.length === 0) return `${head} ()`;
  return `${head} (\n${elements.map((element) => `  ${element}`).join(',\n')}\n)`;
}

/** Primary key, uniques, checks, then foreign keys, each group in model order. */
function tableConstraints(table: TableModel): ConstraintModel[] {
  const constraints: ConstraintModel[] = [];
  if (table.primaryKey !== null) constraints.push({ type: 'primaryKey', ...table.primaryKey });
  for (const unique of table.uniques) constraints.push({ type: 'unique', ...unique });
  for (const check of table.checks) constraints.push({ type: 'check', ...check });
  for (const fk of table.foreignKeys) constraints.push({ type: 'foreignKey', ...fk });
  return constraints;
}
