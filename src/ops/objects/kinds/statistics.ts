import type { StatisticsModel } from '../../../schema/model.js';

/**
 * Extended statistics objects. Postgres cannot change what one covers: a
 * changed definition is dropped and created again; its target alone is
 * altered in place (`ALTER STATISTICS ... SET STATISTICS`). None loses data
 * (`ANALYZE` gathers them again) or blocks reads and writes.
 */

export type StatisticsOperation = Readonly<
  | { kind: 'createStatistics'; statistics: StatisticsModel }
  | { kind: 'dropStatistics'; schema: string; name: string; removed?: StatisticsModel }
  /** `ALTER STATISTICS ... SET STATISTICS`: null for the default; `from` is the target before, for the reverse. */
  | { kind: 'alterStatistics'; schema: string; name: string; target: number | null; from?: number | null }
>;
