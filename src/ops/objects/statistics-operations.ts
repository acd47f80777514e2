import type { StatisticsModel } from '../../schema/model.js';
import { HARMLESS, irreversible, removedOf, type FamilySpecs } from '../families/spec.js';

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

type OperationOf<K extends StatisticsOperation['kind']> = Extract<StatisticsOperation, { kind: K }>;

export const STATISTICS_SPECS: FamilySpecs<StatisticsOperation['kind']> = {
  createStatistics: {
    ...HARMLESS,
    describe: (op) => `create statistics ${op.statistics.schema}.${op.statistics.name}`,
    reverse: (op) => ({
      kind: 'dropStatistics',
      schema: op.statistics.schema,
      name: op.statistics.name,
      removed: op.statistics,
    }),
  },
  dropStatistics: {
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeDropStatistics,
    reverse: (op) => ({ kind: 'createStatistics', statistics: removedOf(describeDropStatistics(op), op.removed) }),
  },
  alterStatistics: {
    ...HARMLESS,
    describe: describeAlterStatistics,
    reverse: (op) => {
      if (op.from === undefined)
        throw irreversible(describeAlterStatistics(op), 'it does not say what the target was before (from)');
      return { kind: 'alterStatistics', schema: op.schema, name: op.name, target: op.from, from: op.target };
    },
  },
};

function describeDropStatistics(op: OperationOf<'dropStatistics'>): string {
  return `drop statistics ${op.schema}.${op.name}`;
}

/** `alter statistics public.items_stats: target 500 -> target (default)`. */
function describeAlterStatistics(op: OperationOf<'alterStatistics'>): string {
  const target = (t: number | null | undefined): string => `target ${t === null || t === undefined ? '(default)' : t}`;
  const from = op.from === undefined ? '' : `${target(op.from)} -> `;
  return `alter statistics ${op.schema}.${op.name}: ${from}${target(op.target)}`;
}
