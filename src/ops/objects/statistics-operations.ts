import { dropsNamed, HARMLESS, irreversible, RANK, removedOf, type FamilySpecs } from '../families/spec.js';
import type { OperationOf } from '../operation.js';
import { footprintOf, NONE, thing } from '../things.js';
import { mapStatistics } from '../../schema/objects/model-statistics.js';
import type { StatisticsModel } from '../../schema/model.js';

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

declare module '../operation.js' {
  interface OperationFamilies {
    readonly statistics: StatisticsOperation;
  }
}

export const STATISTICS_SPECS: FamilySpecs<StatisticsOperation['kind']> = {
  createStatistics: {
    summary: 'Creates an extended statistics object, with its target.',
    ...HARMLESS,
    describe: (op) => `create statistics ${op.statistics.schema}.${op.statistics.name}`,
    reverse: (op) => ({
      kind: 'dropStatistics',
      schema: op.statistics.schema,
      name: op.statistics.name,
      removed: op.statistics,
    }),
    footprint: (op) =>
      footprintOf({
        needs: [thing.schema(op.statistics.schema), thing.relation(op.statistics.tableSchema, op.statistics.table)],
      }),
    example: {
      statistics: {
        schema: 'public',
        name: 'items_stats',
        tableSchema: 'public',
        table: 'items',
        definition: 'CREATE STATISTICS public.items_stats (ndistinct, dependencies) ON kind, size FROM public.items',
        target: 500,
      },
    },
    tieBreak: (op) => [RANK.first, op.statistics.schema, op.statistics.name],
    mapNames: (op, map) => ({ ...op, statistics: mapStatistics(op.statistics, map) }),
  },
  dropStatistics: {
    drops: dropsNamed('statistics'),
    summary: 'Drops an extended statistics object (`ANALYZE` gathers statistics again).',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeDropStatistics,
    reverse: (op) => ({ kind: 'createStatistics', statistics: removedOf(describeDropStatistics(op), op.removed) }),
    footprint: (op) => footprintOf({ releases: [thing.schema(op.schema)] }),
    example: { schema: 'public', name: 'items_stats' },
    tieBreak: (op) => [RANK.first, op.schema, op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapStatistics(op.removed, map) } : {}),
    }),
  },
  alterStatistics: {
    summary: "Sets an extended statistics object's target.",
    ...HARMLESS,
    describe: describeAlterStatistics,
    reverse: (op) => {
      if (op.from === undefined)
        throw irreversible(describeAlterStatistics(op), 'it does not say what the target was before (from)');
      return { kind: 'alterStatistics', schema: op.schema, name: op.name, target: op.from, from: op.target };
    },
    footprint: () => NONE,
    example: { schema: 'public', name: 'items_stats', target: null, from: 500 },
    tieBreak: (op) => [RANK.first, op.schema, op.name],
    mapNames: (op, map) => ({ ...op, schema: map.schema(op.schema) }),
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
