import type { TableModel } from '../../schema/model.js';
import { sameValue } from '../diff/compare-values.js';
import { qualifiedKey } from '../../schema/model.js';

/** Deepest chain of partitions followed; guards against a cycle in a broken model. */
const MAX_DEPTH = 64;

/**
 * How deep each table sits in a partition tree while the table changes run
 * (by `qualifiedKey(schema, name)`; 0 for a table that is no partition): a
 * partition counts when it is a partition of the same parent on both sides,
 * since one that changes parent is detached before the table changes and
 * attached after them. A parent's change that reaches its partitions (a
 * DEFAULT or NOT NULL) then runs before the partitions' own.
 */
export function partitionDepths(current: readonly TableModel[], target: readonly TableModel[]): Map<string, number> {
  const before = new Map(current.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const after = new Map(target.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const parentKey = (key: string): string | undefined => {
    const [was, is] = [before.get(key), after.get(key)];
    if (was?.partitionOf === undefined || is?.partitionOf === undefined || !sameValue(was.partitionOf, is.partitionOf))
      return undefined;
    return qualifiedKey(is.partitionOf.schema, is.partitionOf.table);
  };
  const depths = new Map<string, number>();
  for (const key of after.keys()) {
    let depth = 0;
    for (let parent = parentKey(key); parent !== undefined && depth < MAX_DEPTH; parent = parentKey(parent)) depth += 1;
    depths.set(key, depth);
  }
  return depths;
}
