import type { OperationOf } from '../../../ops/operation.js';
import type { ConstraintModel, ForeignKeyModel, ReferentialAction } from '../../../schema/model.js';
import { assertNever } from '../../../util/assert-never.js';
import { quoteIdent, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

/** `"a", "b"`. */
export function quoteColumnList(columns: readonly string[]): string {
  return columns.map(quoteIdent).join(', ');
}

/**
 * `CONSTRAINT "name" PRIMARY KEY (...)`, `UNIQUE (...)`, `CHECK (...)`,
 * `FOREIGN KEY (...) REFERENCES ...` or `EXCLUDE ...`, with the constraint's
 * attributes (`DEFERRABLE`, `NO INHERIT`, `NOT VALID`, ...).
 */
export function constraintDefinition(constraint: ConstraintModel): string {
  return `CONSTRAINT ${quoteIdent(constraint.name)} ${constraintBody(constraint)}`;
}

function constraintBody(constraint: ConstraintModel): string {
  switch (constraint.type) {
    case 'primaryKey':
      return `PRIMARY KEY (${quoteColumnList(constraint.columns)})${include(constraint)}${deferral(constraint)}`;
    case 'unique': {
      const nulls = constraint.nullsNotDistinct === true ? ' NULLS NOT DISTINCT' : '';
      return `UNIQUE${nulls} (${quoteColumnList(constraint.columns)})${include(constraint)}${deferral(constraint)}`;
    }
    case 'check':
      return `CHECK (${constraint.expression})${constraint.noInherit === true ? ' NO INHERIT' : ''}${notValid(constraint)}`;
    case 'foreignKey':
      return foreignKeyBody(constraint);
    case 'exclusion':
      return constraint.definition;
    default:
      return assertNever(constraint, 'constraint type');
  }
}

/** Whether the constraint is added `NOT VALID`, which only `ALTER TABLE ... ADD` honours. */
export function isNotValid(constraint: ConstraintModel): boolean {
  return (constraint.type === 'check' || constraint.type === 'foreignKey') && constraint.notValid === true;
}

function include(constraint: { include?: string[] }): string {
  return constraint.include === undefined || constraint.include.length === 0
    ? ''
    : ` INCLUDE (${quoteColumnList(constraint.include)})`;
}

function deferral(constraint: { deferrable?: boolean; initiallyDeferred?: boolean }): string {
  if (constraint.initiallyDeferred === true) return ' DEFERRABLE INITIALLY DEFERRED';
  return constraint.deferrable === true ? ' DEFERRABLE' : '';
}

function notValid(constraint: { notValid?: boolean }): string {
  return constraint.notValid === true ? ' NOT VALID' : '';
}

function foreignKeyBody(fk: ForeignKeyModel): string {
  let sql =
    `FOREIGN KEY (${quoteColumnList(fk.columns)}) ` +
    `REFERENCES ${quoteQualified(fk.refSchema, fk.refTable)} (${quoteColumnList(fk.refColumns)})`;
  if (fk.match === 'FULL') sql += ' MATCH FULL';
  sql += referentialClause('ON DELETE', fk.onDelete);
  sql += referentialClause('ON UPDATE', fk.onUpdate);
  return sql + deferral(fk) + notValid(fk);
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
