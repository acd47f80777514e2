import type { NameMapper } from '../names/name-mapper.js';

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

/** The statistics object with its schema, its table's and the names in its definition mapped. */
export function mapStatistics(statistics: StatisticsModel, map: NameMapper): StatisticsModel {
  return {
    ...statistics,
    schema: map.schema(statistics.schema),
    tableSchema: map.schema(statistics.tableSchema),
    definition: map.text(statistics.definition),
  };
}
