import type { OperationOf } from '../../ops/operation.js';
import type { ConstraintModel, ForeignKeyModel, ReferentialAction } from '../../schema/model.js';
import { assertNever } from '../../util/assert-never.js';
import { quoteIdent, quoteQualified } from '../quote.js';
import { transactional, type Statement } from './statement.js';

/** `"a", "b"`. */
export function quoteColumnList(columns: readonly string[]): string {
  return columns.map(quoteIdent).join(', ');
}

/** `CONSTRAINT "name" PRIMARY KEY (...)`, `UNIQUE (...)`, `CHECK (...)` or `FOREIGN KEY (...) REFERENCES ...`. */
export function constraintDefinition(constraint: ConstraintModel): string {
  return `CONSTRAINT ${quoteIdent(constraint.name)} ${constraintBody(constraint)}`;
}

function constraintBody(constraint: ConstraintModel): string {
  switch (constraint.type) {
    case 'primaryKey':
      return `PRIMARY KEY (${quoteColumnList(constraint.columns)})`;
    case 'unique':
      return `UNIQUE (${quoteColumnList(constraint.columns)})`;
    case 'check':
      return `CHECK (${constraint.expression})`;
    case 'foreignKey':
      return foreignKeyBody(constraint);
    default:
      return assertNever(constraint, 'constraint type');
  }
}

function foreignKeyBody(fk: ForeignKeyModel): string {
  let sql =
    `FOREIGN KEY (${quoteColumnList(fk.columns)}) ` +
    `REFERENCES ${quoteQualified(fk.refSchema, fk.refTable)} (${quoteColumnList(fk.refColumns)})`;
  sql += referentialClause('ON DELETE', fk.onDelete);
  sql += referentialClause('ON UPDATE', fk.onUpdate);
  return sql;
}

/** Empty for `NO ACTION`, the server's default. */
function referentialClause(event: string, action: ReferentialAction): string {
  return action === 'NO ACTION' ? '' : ` ${event} ${action}`;
}

export function compileAddConstraint(op: OperationOf<'addConstraint'>): Statement[] {
  return [
    transactional(`ALTER TABLE ${quoteQualified(op.schema, op.table)} ADD ${constraintDefinition(op.constraint)}`),
  ];
}

export function compileDropConstraint(op: OperationOf<'dropConstraint'>): Statement[] {
  return [transactional(`ALTER TABLE ${quoteQualified(op.schema, op.table)} DROP CONSTRAINT ${quoteIdent(op.name)}`)];
}
