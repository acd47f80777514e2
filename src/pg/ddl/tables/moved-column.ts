import type { OperationOf } from '../../../ops/operation.js';
import type { MovedColumnTable } from '../../../ops/families/columns.js';
import type { ColumnModel, InheritedTableModel } from '../../../schema/model.js';
import { makeObjectName } from '../../../schema/naming.js';
import { AthanorError } from '../../../util/errors.js';
import { quoteIdent, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';
import { columnDefinition, columnSettingStatements, setNotNullClause } from './column.js';

/**
 * A column moved between a parent table and tables that inherit from it,
 * each keeping its rows' values. Postgres has no statement for either way: a
 * column dropped from the parent is dropped from the children that inherit
 * it, and one added to the parent merges with a child's own column of that
 * name, which stays declared on the child. So the values go through a second
 * column on each child, named after the column (`<column>_athanor_moved`),
 * whose rows an `UPDATE` fills; the child's descendants have it too and are
 * updated with it.
 */

/**
 * `dropColumn` with `keptBy`: each child gets a plain copy of the column,
 * filled from it; the parent's column is dropped (and with it the inherited
 * ones); each copy takes the column's name, then its default, NOT NULL (under
 * the child's own constraint name where it gives one) and settings.
 */
export function compileDropColumnKept(op: OperationOf<'dropColumn'>, keptBy: readonly MovedColumnTable[]): Statement[] {
  const what = `dropColumn ${op.schema}.${op.table}.${op.column} with keptBy`;
  if (op.keptColumn?.name !== op.column) {
    throw new AthanorError('invalid-operation', `${what}: give keptColumn, the column as the table has it`);
  }
  const column = movedColumn(what, op.keptColumn);
  const moved = movedName(column.name);
  const plain = { ...column, name: moved, nullable: true, default: null, notNullName: undefined };
  return [
    ...keptBy.flatMap((child) => [
      alter(child, `ADD COLUMN ${columnDefinition(plain, child.schema)}`),
      copy(child, moved, column.name),
    ]),
    alter(op, `DROP COLUMN ${quoteIdent(column.name)}`),
    ...keptBy.flatMap((child) => [
      alter(child, `RENAME COLUMN ${quoteIdent(moved)} TO ${quoteIdent(column.name)}`),
      ...finishing(child, child.notNullName === undefined ? column : { ...column, notNullName: child.notNullName }),
    ]),
  ];
}

/**
 * `addColumn` with `takenFrom`: each child's own column is renamed aside;
 * the parent's column is added (reaching the children), without NOT NULL
 * until the values are copied into it; the old columns are dropped.
 */
export function compileAddColumnTaken(
  op: OperationOf<'addColumn'>,
  takenFrom: readonly MovedColumnTable[],
): Statement[] {
  const column = movedColumn(`addColumn ${op.schema}.${op.table}.${op.column.name} with takenFrom`, op.column);
  const moved = movedName(column.name);
  const nullable = { ...column, nullable: true, notNullName: undefined };
  return [
    ...takenFrom.map((child) => alter(child, `RENAME COLUMN ${quoteIdent(column.name)} TO ${quoteIdent(moved)}`)),
    alter(op, `ADD COLUMN ${columnDefinition(nullable, op.schema)}`),
    ...takenFrom.flatMap((child) => [
      copy(child, column.name, moved),
      alter(child, `DROP COLUMN ${quoteIdent(moved)}`),
    ]),
    ...finishing(op, { ...column, default: null }),
  ];
}

/** The column a move copies: one with an identity or a generation expression cannot be. */
function movedColumn(what: string, column: ColumnModel): ColumnModel {
  if (column.identity !== null || column.generated !== undefined) {
    throw new AthanorError(
      'invalid-operation',
      `${what}: a column with an identity or a generation expression cannot be moved with its values; drop and add it instead`,
    );
  }
  return column;
}

function movedName(column: string): string {
  return makeObjectName(column, null, 'athanor_moved');
}

function alter(table: { schema: string; table: string }, clause: string): Statement {
  return transactional(`ALTER TABLE ${quoteQualified(table.schema, table.table)} ${clause}`);
}

function copy(table: InheritedTableModel, to: string, from: string): Statement {
  return transactional(
    `UPDATE ${quoteQualified(table.schema, table.table)} SET ${quoteIdent(to)} = ${quoteIdent(from)}`,
  );
}

/** The default, NOT NULL and settings a column was added without, set on `table` once its values are in. */
function finishing(table: { schema: string; table: string }, column: ColumnModel): Statement[] {
  const prefix = `ALTER COLUMN ${quoteIdent(column.name)}`;
  return [
    ...(column.default === null ? [] : [alter(table, `${prefix} SET DEFAULT ${column.default}`)]),
    ...(column.nullable ? [] : [alter(table, setNotNullClause(column))]),
    ...columnSettingStatements(table.schema, table.table, [column]),
  ];
}
