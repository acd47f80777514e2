import type { ConstraintModel, IndexModel } from '../../schema/model.js';
import { quoteIdent } from '../../sql/identifier.js';
import { readsBare } from '../../sql/lexer.js';

/**
 * What a dropped and re-added column takes with it: `DROP COLUMN` drops the
 * indexes and constraints of its table that use the column, so they must be
 * dropped before and created again after, even when they did not change.
 */

/** Whether an expression names the column, bare or quoted. */
export function mentionsColumn(text: string, column: string): boolean {
  if (text.includes(quoteIdent(column))) return true;
  if (!readsBare(column)) return false;
  return new RegExp(`(^|[^a-z0-9_$".])${column.replace(/\$/g, '\\$')}($|[^a-z0-9_$"(])`).test(text);
}

function mentionsAny(text: string, columns: ReadonlySet<string>): boolean {
  return [...columns].some((column) => mentionsColumn(text, column));
}

/** Whether a constraint of the table uses one of the columns. */
export function constraintUsesColumns(constraint: ConstraintModel, columns: ReadonlySet<string>): boolean {
  if (columns.size === 0) return false;
  switch (constraint.type) {
    case 'check':
      return mentionsAny(constraint.expression, columns);
    case 'exclusion':
      return mentionsAny(constraint.definition, columns);
    case 'primaryKey':
    case 'unique':
      return [...constraint.columns, ...(constraint.include ?? [])].some((column) => columns.has(column));
    default:
      return constraint.columns.some((column) => columns.has(column));
  }
}

/** Whether an index of the table uses one of the columns, as a key, an included column or in an expression. */
export function indexUsesColumns(index: IndexModel, columns: ReadonlySet<string>): boolean {
  if (columns.size === 0) return false;
  const keys = index.columns.some((key) =>
    'column' in key ? columns.has(key.column) : mentionsAny(key.expression, columns),
  );
  const included = (index.include ?? []).some((column) => columns.has(column));
  return keys || included || (index.where !== null && mentionsAny(index.where, columns));
}
