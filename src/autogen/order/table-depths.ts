import type { TableModel } from '../../schema/model.js';
import { sameValue } from '../diff/compare-values.js';
import { qualifiedKey } from '../../schema/model.js';

/** Deepest chain of parents followed; guards against a cycle in a broken model. */
const MAX_DEPTH = 64;

/**
 * How deep each table sits under the tables it is a partition of or inherits
 * from while the table changes run (by `qualifiedKey(schema, name)`; 0 for a
 * table with no parent): the longest chain of parents it has on both sides. A
 * partition counts when it is a partition of the same parent on both sides,
 * since one that changes parent is detached before the table changes and
 * attached after them; a table that inherits, for each parent it keeps
 * (`INHERIT` runs after the table changes, `NO INHERIT` before). A parent's
 * change that reaches its partitions or children (a DEFAULT or NOT NULL, a
 * column added) then runs before their own (an index on that column), and
 * their own drops before a parent's dropped column takes them along.
 */
export function tableDepths(current: readonly TableModel[], target: readonly TableModel[]): Map<string, number> {
  const before = new Map(current.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const after = new Map(target.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const parentKeys = (key: string): string[] => {
    const [was, is] = [before.get(key), after.get(key)];
    if (was === undefined || is === undefined) return [];
    const kept = (is.inherits ?? []).filter((p) => (was.inherits ?? []).some((q) => sameValue(p, q)));
    const partitionOf =
      was.partitionOf !== undefined && is.partitionOf !== undefined && sameValue(was.partitionOf, is.partitionOf)
        ? [is.partitionOf]
        : [];
    return [...partitionOf, ...kept].map((p) => qualifiedKey(p.schema, p.table));
  };
  const depths = new Map<string, number>();
  const depthOf = (key: string, chain: number): number => {
    const known = depths.get(key);
    if (known !== undefined) return known;
    if (chain >= MAX_DEPTH) return 0;
    const depth = Math.max(0, ...parentKeys(key).map((parent) => depthOf(parent, chain + 1) + 1));
    depths.set(key, depth);
    return depth;
  };
  for (const key of after.keys()) depthOf(key, 0);
  return depths;
}
