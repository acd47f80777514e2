import type { OperationOf } from '../../ops/operation.js';
import type { ConstraintModel, TableModel } from '../../schema/model.js';
import { quoteQualified } from '../quote.js';
import { columnDefinition } from './column.js';
import { constraintDefinition, isNotValid } from './constraint.js';
import { createIndexSql } from './create-index.js';
import { transactional, type Statement } from './statement.js';
import { createTableHead, createTableTail, mayOmitElements, tableSecurityStatements } from './table-extras.js';

/**
 * One `CREATE TABLE` with its columns and constraints, then one `CREATE INDEX`
 * per index. `NOT VALID` constraints follow as `ALTER TABLE ... ADD`, since
 * `CREATE TABLE` validates every constraint it creates.
 */
export function compileCreateTable(op: OperationOf<'createTable'>): Statement[] {
  const { table } = op;
  const indexes = table.indexes.map((index) => transactional(createIndexSql(table.schema, table.name, index)));
  const target = quoteQualified(table.schema, table.name);
  const notValid = tableConstraints(table)
    .filter(isNotValid)
    .map((constraint) => transactional(`ALTER TABLE ${target} ADD ${constraintDefinition(constraint)}`));
  return [transactional(createTableSql(table)), ...indexes, ...notValid, ...tableSecurityStatements(table)];
}

export function compileDropTable(op: OperationOf<'dropTable'>): Statement[] {
  return [transactional(`DROP TABLE ${quoteQualified(op.schema, op.name)}`)];
}

function createTableSql(table: TableModel): string {
  const elements = [
    ...table.columns.map(columnDefinition),
    ...tableConstraints(table)
      .filter((constraint) => !isNotValid(constraint))
      .map(constraintDefinition),
  ];
  const head = createTableHead(table);
  const tail = createTableTail(table);
  if (elements.length === 0) return mayOmitElements(table) ? `${head}${tail}` : `${head} ()${tail}`;
  return `${head} (\n${elements.map((element) => `  ${element}`).join(',\n')}\n)${tail}`;
}

/** Primary key, uniques, checks, exclusions, then foreign keys, each group in model order. */
function tableConstraints(table: TableModel): ConstraintModel[] {
  const constraints: ConstraintModel[] = [];
  if (table.primaryKey !== null) constraints.push({ type: 'primaryKey', ...table.primaryKey });
  for (const unique of table.uniques) constraints.push({ type: 'unique', ...unique });
  for (const check of table.checks) constraints.push({ type: 'check', ...check });
  for (const exclusion of table.exclusions ?? []) constraints.push({ type: 'exclusion', ...exclusion });
  for (const fk of table.foreignKeys) constraints.push({ type: 'foreignKey', ...fk });
  return constraints;
}
