import type { OperationOf } from '../../../ops/operation.js';
import type { ViewModel } from '../../../schema/model.js';
import { quoteIdent, quoteQualified } from '../../quote.js';
import { createIndexSql, indexStatisticsStatements } from '../constraints-indexes/create-index.js';
import { clusterOnSql } from '../tables/cluster-on.js';
import { transactional, type Statement } from '../statement.js';

/** The query without the semicolon `pg_get_viewdef()` ends with, or one the user wrote. */
export function viewQuery(definition: string): string {
  return definition.trim().replace(/;\s*$/, '').trimEnd();
}

function withOptions(options: readonly string[]): string {
  return options.length === 0 ? '' : ` WITH (${options.join(', ')})`;
}

function viewSql(view: ViewModel, replace: boolean): string {
  const what = view.materialized ? 'MATERIALIZED VIEW' : replace ? 'OR REPLACE VIEW' : 'VIEW';
  const data = view.materialized && view.withNoData === true ? '\nWITH NO DATA' : '';
  return `CREATE ${what} ${quoteQualified(view.schema, view.name)}${withOptions(view.options)} AS\n${viewQuery(view.definition)}${data}`;
}

/**
 * The view, then the indexes of a materialized view. A view that reads
 * itself is created as Postgres allows it: a placeholder of its columns
 * (`SELECT NULL::type AS column, ...`), then replaced by its query.
 */
export function compileCreateView(op: OperationOf<'createView'>): Statement[] {
  const { view } = op;
  const indexes = view.indexes.flatMap((index) => [
    transactional(createIndexSql(view.schema, view.name, index)),
    ...indexStatisticsStatements(view.schema, index),
  ]);
  const create =
    view.readsItself === true && !view.materialized
      ? [transactional(placeholderSql(view)), transactional(viewSql(view, true))]
      : [transactional(viewSql(view, false))];
  const cluster =
    view.clusterOn === undefined ? [] : [transactional(clusterOnSql(view.schema, view.name, view.clusterOn))];
  return [...create, ...columnDefaultStatements(view), ...indexes, ...cluster];
}

function placeholderSql(view: ViewModel): string {
  const columns = view.columns.map((column) => `NULL::${column.type} AS ${quoteIdent(column.name)}`);
  return `CREATE VIEW ${quoteQualified(view.schema, view.name)} AS\nSELECT ${columns.join(', ')}`;
}

/**
 * `ALTER VIEW ... ALTER COLUMN ... SET DEFAULT` for each default of the view,
 * and `DROP DEFAULT` for each one `from` had that it lacks.
 */
function columnDefaultStatements(view: ViewModel, from?: ViewModel): Statement[] {
  const target = `ALTER VIEW ${quoteQualified(view.schema, view.name)} ALTER COLUMN`;
  const defaults = view.columnDefaults ?? {};
  const dropped = Object.keys(from?.columnDefaults ?? {}).filter((column) => !(column in defaults));
  return [
    ...dropped.map((column) => transactional(`${target} ${quoteIdent(column)} DROP DEFAULT`)),
    ...Object.entries(defaults).map(([column, expression]) =>
      transactional(`${target} ${quoteIdent(column)} SET DEFAULT ${expression}`),
    ),
  ];
}

export function compileDropView(op: OperationOf<'dropView'>): Statement[] {
  const materialized = op.materialized ?? op.removed?.materialized ?? false;
  return [transactional(`DROP ${materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${quoteQualified(op.schema, op.name)}`)];
}

/** `CREATE OR REPLACE VIEW`; its options replace the old ones. */
export function compileReplaceView(op: OperationOf<'replaceView'>): Statement[] {
  if (op.view.materialized) {
    throw new TypeError(
      `materialized view ${op.view.schema}.${op.view.name} cannot be replaced in place; drop and create it`,
    );
  }
  return [transactional(viewSql(op.view, true)), ...columnDefaultStatements(op.view, op.from)];
}
