import type { IndexColumnModel, IndexModel, ReferentialAction, TableModel } from '../schema/model.js';
import { AthanorError } from '../util/errors.js';
import type { ConstraintRow, IndexRow } from './catalog-queries.js';

const REFERENTIAL_ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

/** Clauses `pg_get_constraintdef` may print after a check's `CHECK (...)`. */
const CHECK_TRAILERS = [' NOT VALID', ' NO INHERIT', ' NOT ENFORCED'];

function referentialAction(code: string, constraint: string): ReferentialAction {
  const action = REFERENTIAL_ACTIONS[code];
  if (action === undefined) {
    throw new AthanorError('reflect', `foreign key "${constraint}" has an unknown referential action code "${code}"; report this with your PostgreSQL version`);
  }
  return action;
}

/**
 * The expression between the outer parentheses of a check definition as
 * `pg_get_constraintdef` prints it: `CHECK ((price > (0)::numeric))` gives
 * `(price > (0)::numeric)`.
 */
export function checkExpression(definition: string): string {
  let text = definition;
  for (let trimmed = true; trimmed; ) {
    trimmed = false;
    for (const trailer of CHECK_TRAILERS) {
      if (text.endsWith(trailer)) {
        text = text.slice(0, -trailer.length);
        trimmed = true;
      }
    }
  }
  if (!text.startsWith('CHECK (') || !text.endsWith(')')) {
    throw new AthanorError('reflect', `unexpected check constraint definition "${definition}"; report this with your PostgreSQL version`);
  }
  return text.slice('CHECK ('.length, -1);
}

/** Adds one constraint row to its table. */
export function addConstraint(table: TableModel, row: ConstraintRow): void {
  const columns = row.columns ?? [];
  switch (row.type) {
    case 'p':
      table.primaryKey = { name: row.name, columns };
      return;
    case 'u':
      table.uniques.push({ name: row.name, columns });
      return;
    case 'c':
      table.checks.push({ name: row.name, expression: checkExpression(row.definition) });
      return;
    case 'f':
      table.foreignKeys.push({
        name: row.name,
        columns,
        refSchema: row.ref_schema ?? '',
        refTable: row.ref_table ?? '',
        refColumns: row.ref_columns ?? [],
        onDelete: referentialAction(row.on_delete, row.name),
        onUpdate: referentialAction(row.on_update, row.name),
      });
      return;
    default:
      throw new AthanorError('reflect', `unexpected constraint type "${row.type}" on "${row.name}"; report this with your PostgreSQL version`);
  }
}

function indexColumn(entry: IndexRow['columns'][number]): IndexColumnModel {
  if (entry.expression !== null) return { expression: entry.expression };
  if (entry.column !== null) return { column: entry.column };
  throw new AthanorError('reflect', 'an index column is neither a column nor an expression; report this with your PostgreSQL version');
}

export function indexFromRow(row: IndexRow): IndexModel {
  return {
    name: row.name,
    unique: row.is_unique,
    method: row.method,
    columns: (row.columns ?? []).map(indexColumn),
    where: row.predicate,
  };
}
