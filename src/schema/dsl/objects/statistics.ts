import type { StatisticsModel } from '../../model.js';
import { invalidModel, namedOnce } from '../invalid-model.js';
import { isWord, lastTopLevelWord, tokenizeSql } from '../../../sql/lexer.js';
import { nameAt } from '../../../sql/references.js';
import { isSqlExpr, type SqlExpr } from '../sql.js';

/**
 * `metadata.statistics()`: an extended statistics object, declared by its
 * whole `CREATE STATISTICS` statement (`CREATE STATISTICS items_stats
 * (ndistinct, dependencies) ON a, b FROM items`).
 */
export interface StatisticsDef {
  readonly kind: 'statistics';
  readonly definition: SqlExpr;
  /** The object's schema (the metadata's when its name is unqualified) and name. */
  readonly schema: string;
  readonly name: string;
  /** The table it is on (and its schema, the metadata's when unqualified). */
  readonly tableSchema: string;
  readonly table: string;
  readonly options: StatisticsOptions;
}

export interface StatisticsOptions {
  /** `ALTER STATISTICS ... SET STATISTICS n`: how many values `ANALYZE` samples for it (0 to 10000). */
  readonly target?: number;
  readonly comment?: string;
}

const WHERE = 'metadata.statistics()';
const PROBLEM = 'expects a CREATE STATISTICS name [(kinds)] ON columns FROM table statement written as sql`...`';

/** Reads `CREATE STATISTICS [schema.]name ... FROM [schema.]table`. */
export function statisticsDef(definition: unknown, schema: string, options: StatisticsOptions = {}): StatisticsDef {
  if (!isSqlExpr(definition)) throw invalidModel(WHERE, PROBLEM);
  const tokens = tokenizeSql(definition.text);
  if (!isWord(tokens[0], 'create') || !isWord(tokens[1], 'statistics')) throw invalidModel(WHERE, PROBLEM);
  if (isWord(tokens[2], 'if'))
    throw invalidModel(WHERE, 'leave IF NOT EXISTS out: a revision creates the statistics only where they are missing');
  const named = nameAt(tokens, 2);
  if (named === null || (named.schema === null && isWord(tokens[2], 'on')))
    throw invalidModel(WHERE, 'needs a name: CREATE STATISTICS name ... (a name Postgres makes up cannot be compared)');
  // The table follows the last FROM at the top level: an expression's own FROM sits inside parentheses.
  const from = lastTopLevelWord(tokens, 'from');
  const table = from < 0 ? null : nameAt(tokens, from + 1);
  if (table === null) throw invalidModel(WHERE, PROBLEM);
  const { target } = options;
  if (target !== undefined && (!Number.isInteger(target) || target < 0 || target > 10000))
    throw invalidModel(`statistics ${named.name}`, 'target must be a whole number from 0 to 10000');
  return Object.freeze({
    kind: 'statistics',
    definition,
    schema: named.schema ?? schema,
    name: named.name,
    tableSchema: table.schema ?? schema,
    table: table.name,
    options: Object.freeze({ ...options }),
  });
}

/** The `metadata.*` method of extended statistics; `schema` is the metadata's. */
export const STATISTICS_METHODS = {
  /** Extended statistics: its whole `CREATE STATISTICS name [(kinds)] ON columns FROM table` statement. */
  statistics: (schema: string, definition: SqlExpr, options?: StatisticsOptions): StatisticsDef =>
    statisticsDef(definition, schema, options),
};

/** The declared statistics objects, by schema and name; one declared twice is refused. */
export function statisticsModels(defs: readonly StatisticsDef[]): StatisticsModel[] {
  return namedOnce('statistics object', defs.map(statisticsModel));
}

export function statisticsModel(def: StatisticsDef): StatisticsModel {
  return {
    schema: def.schema,
    name: def.name,
    tableSchema: def.tableSchema,
    table: def.table,
    definition: def.definition.text,
    ...(def.options.target !== undefined ? { target: def.options.target } : {}),
  };
}
