import type { NameMapper } from '../names/name-mapper.js';
import { isPunct, isWord, tokenizeSql } from '../../sql/lexer.js';
import { PG14, type VersionNeed } from '../version-features.js';

/**
 * The model of an extended statistics object (`CREATE STATISTICS`) on a
 * table. `model.ts` re-exports it.
 */
export interface StatisticsModel {
  /** The statistics object's own schema. */
  readonly schema: string;
  readonly name: string;
  /** The table it is on, and that table's schema. */
  readonly tableSchema: string;
  readonly table: string;
  /** `CREATE STATISTICS ...` as `pg_get_statisticsobjdef()` prints it, every name qualified. */
  readonly definition: string;
  /** `ALTER STATISTICS ... SET STATISTICS n`; absent for the default. */
  readonly target?: number;
}

/** What a statistics object needs of the server's version (`MODEL_KINDS`): expressions came with PostgreSQL 14. */
export function statisticsNeeds(statistics: StatisticsModel): VersionNeed[] {
  if (!onExpressions(statistics.definition)) return [];
  return [{ what: `statistics ${statistics.schema}.${statistics.name} is on expressions`, since: PG14 }];
}

/** Whether a definition's `ON` list holds an expression, which is written in parentheses (`ON (a + b), a`). */
function onExpressions(definition: string): boolean {
  const tokens = tokenizeSql(definition);
  for (const token of tokens.slice(tokens.findIndex((t) => isWord(t, 'on')) + 1)) {
    if (isPunct(token, '(')) return true;
    if (isWord(token, 'from')) return false;
  }
  return false;
}

/** The statistics object with its schema, its table's and the names in its definition mapped. */
export function mapStatistics(statistics: StatisticsModel, map: NameMapper): StatisticsModel {
  return {
    ...statistics,
    schema: map.schema(statistics.schema),
    tableSchema: map.schema(statistics.tableSchema),
    definition: map.text(statistics.definition),
  };
}
