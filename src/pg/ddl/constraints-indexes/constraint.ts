import type { OperationOf } from '../../../ops/operation.js';
import type { ConstraintModel, ForeignKeyModel, ReferentialAction } from '../../../schema/model.js';
import { assertNever } from '../../../util/assert-never.js';
import { quoteIdent, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';
import { withClause } from '../tables/storage.js';

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
      return `PRIMARY KEY (${keyColumns(constraint)})${include(constraint)}${withClause(constraint.with)}${deferral(constraint)}`;
    case 'unique': {
      const nulls = constraint.nullsNotDistinct === true ? ' NULLS NOT DISTINCT' : '';
      return `UNIQUE${nulls} (${keyColumns(constraint)})${include(constraint)}${withClause(constraint.with)}${deferral(constraint)}`;
    }
    case 'check':
      return `CHECK (${constraint.expression})${constraint.noInherit === true ? ' NO INHERIT' : ''}${notValid(constraint)}${notEnforced(constraint)}`;
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

function include(constraint: { readonly include?: readonly string[] }): string {
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

function notEnforced(constraint: { notEnforced?: boolean }): string {
  return constraint.notEnforced === true ? ' NOT ENFORCED' : '';
}

/** The key columns, the last one `WITHOUT OVERLAPS` in a temporal key. */
function keyColumns(key: { columns: readonly string[]; withoutOverlaps?: boolean }): string {
  return quoteColumnList(key.columns) + (key.withoutOverlaps === true ? ' WITHOUT OVERLAPS' : '');
}

/** The columns of one side of a foreign key, the last one `PERIOD` in a temporal key. */
function referenceColumns(columns: readonly string[], period: boolean | undefined): string {
  if (period !== true || columns.length < 2) return quoteColumnList(columns);
  return `${quoteColumnList(columns.slice(0, -1))}, PERIOD ${quoteIdent(columns[columns.length - 1]!)}`;
}

function foreignKeyBody(fk: ForeignKeyModel): string {
  let sql =
    `FOREIGN KEY (${referenceColumns(fk.columns, fk.period)}) ` +
    `REFERENCES ${quoteQualified(fk.refSchema, fk.refTable)} (${referenceColumns(fk.refColumns, fk.period)})`;
  if (fk.match === 'FULL') sql += ' MATCH FULL';
  sql += referentialClause('ON DELETE', fk.onDelete);
  if (fk.onDeleteColumns !== undefined && fk.onDeleteColumns.length > 0)
    sql += ` (${quoteColumnList(fk.onDeleteColumns)})`;
  sql += referentialClause('ON UPDATE', fk.onUpdate);
  return sql + deferral(fk) + notValid(fk) + notEnforced(fk);
}

/** Empty for `NO ACTION`, the server's default. */
function referentialClause(event: string, action: ReferentialAction): string {
  return action === 'NO ACTION' ? '' : ` ${event} ${action}`;
}

/** `ALTER TABLE ... ADD`; `ALTER TABLE ONLY` for a key of a partitioned table that leaves its partitions out (`invalid`). */
export function compileAddConstraint(op: OperationOf<'addConstraint'>): Statement[] {
  const only = isInvalidKey(op.constraint) ? 'ONLY ' : '';
  return [
    transactional(
      `ALTER TABLE ${only}${quoteQualified(op.schema, op.table)} ADD ${constraintDefinition(op.constraint)}`,
    ),
  ];
}

function isInvalidKey(constraint: ConstraintModel): boolean {
  return (constraint.type === 'primaryKey' || constraint.type === 'unique') && constraint.invalid === true;
}

/**
 * A foreign key or check changed in place: made `NOT VALID` again, dropped and
 * added so in one statement (no other way back); otherwise a foreign key's
 * deferral set (`ALTER CONSTRAINT`), then `VALIDATE CONSTRAINT`, which reads
 * the rows under a lock that lets writes go on.
 */
export function compileAlterConstraint(op: OperationOf<'alterConstraint'>): Statement[] {
  const { constraint, from } = op;
  const table = `ALTER TABLE ${quoteQualified(op.schema, op.table)}`;
  const name = quoteIdent(constraint.name);
  if (from.notValid === false)
    return [transactional(`${table} DROP CONSTRAINT ${name}, ADD ${constraintDefinition(constraint)}`)];
  const statements: Statement[] = [];
  if (constraint.type === 'foreignKey' && ('deferrable' in from || 'initiallyDeferred' in from)) {
    const deferral =
      constraint.initiallyDeferred === true
        ? 'DEFERRABLE INITIALLY DEFERRED'
        : constraint.deferrable === true
          ? 'DEFERRABLE INITIALLY IMMEDIATE'
          : 'NOT DEFERRABLE';
    statements.push(transactional(`${table} ALTER CONSTRAINT ${name} ${deferral}`));
  }
  if (from.notValid === true) statements.push(transactional(`${table} VALIDATE CONSTRAINT ${name}`));
  return statements;
}

export function compileDropConstraint(op: OperationOf<'dropConstraint'>): Statement[] {
  return [transactional(`ALTER TABLE ${quoteQualified(op.schema, op.table)} DROP CONSTRAINT ${quoteIdent(op.name)}`)];
}
