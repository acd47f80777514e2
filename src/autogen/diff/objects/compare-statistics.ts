import type { Operation } from '../../../ops/operation.js';
import type { StatisticsModel } from '../../../schema/model.js';
import { qualifiedKey } from '../../../schema/model.js';

/**
 * Extended statistics are keyed by schema and name. A changed definition (or
 * table) is dropped before anything else and created again after the tables;
 * a changed target alone is altered after the tables. Those gone are dropped
 * first, new ones created last.
 */
export function compareStatistics(
  current: readonly StatisticsModel[],
  target: readonly StatisticsModel[],
): { create: Operation[]; drop: Operation[] } {
  const before = byKey(current);
  const after = byKey(target);
  const create: Operation[] = [];
  const drop: Operation[] = [];
  for (const [key, statistics] of before) {
    const next = after.get(key);
    const same =
      next !== undefined &&
      next.definition === statistics.definition &&
      next.tableSchema === statistics.tableSchema &&
      next.table === statistics.table;
    if (!same) {
      drop.push({ kind: 'dropStatistics', schema: statistics.schema, name: statistics.name, removed: statistics });
      if (next !== undefined) create.push({ kind: 'createStatistics', statistics: next });
    } else if (next.target !== statistics.target) {
      create.push({
        kind: 'alterStatistics',
        schema: next.schema,
        name: next.name,
        target: next.target ?? null,
        from: statistics.target ?? null,
      });
    }
  }
  for (const [key, statistics] of after) if (!before.has(key)) create.push({ kind: 'createStatistics', statistics });
  return { create, drop };
}

function byKey(list: readonly StatisticsModel[]): Map<string, StatisticsModel> {
  const entries = list.map((s) => [qualifiedKey(s.schema, s.name), s] as [string, StatisticsModel]);
  return new Map(entries);
}
