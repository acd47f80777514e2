import type { OperationOf } from '../../ops/operation.js';
import type { ViewModel } from '../../schema/model.js';
import { quoteQualified } from '../quote.js';
import { createIndexSql, indexStatisticsStatements } from './create-index.js';
import { transactional, type Statement } from './statement.js';

/** The query without the semicolon `pg_get_viewdef()` ends with, or one the user wrote. */
export function viewQuery(definition: string): string {
  return definition.trim().replace(/;\s*$/, '').trimEnd();
}

function withOptions(options: readonly string[]): string {
  return options.length === 0 ? '' : ` WITH (${options.join(', ')})`;
}

function viewSql(view: ViewModel, replace: boolean): string {
  const what = view.materialized ? 'MATERIALIZED VIEW' : replace ? 'OR REPLACE VIEW' : 'VIEW';
  return `CREATE ${what} ${quoteQualified(view.schema, view.name)}${withOptions(view.options)} AS\n${viewQuery(view.definition)}`;
}

/** The view, then the indexes of a materialized view. */
export function compileCreateView(op: OperationOf<'createView'>): Statement[] {
  const { view } = op;
  const indexes = view.indexes.flatMap((index) => [transactional(createIndexSql(view.schema, view.name, index)), ...indexStatisticsStatements(view.schema, index)]);
  return [transactional(viewSql(view, false)), ...indexes];
}

export function compileDropView(op: OperationOf<'dropView'>): Statement[] {
  const materialized = op.materialized ?? op.removed?.materialized ?? false;
  return [transactional(`DROP ${materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${quoteQualified(op.schema, op.name)}`)];
}

/** `CREATE OR REPLACE VIEW`; its options replace the old ones. */
export function compileReplaceView(op: OperationOf<'replaceView'>): Statement[] {
  if (op.view.materialized) {
    throw new TypeError(`materialized view ${op.view.schema}.${op.view.name} cannot be replaced in place; drop and create it`);
  }
  return [transactional(viewSql(op.view, true))];
}
