import type { TableModel } from '../../schema/model.js';
import { sameValue } from './compare-values.js';
import { qualifiedKey } from '../../schema/model.js';
import { tableIndex } from '../../schema/model-index.js';

/** A partition's own default of a column of a table above it, on both sides. */
export interface PartitionOwnDefault {
  schema: string;
  table: string;
  column: string;
  /** 1 for a partition of the table, 2 for a partition of one of those, ... */
  depth: number;
  /** Its default on the current side (its own, or the one it inherits). */
  from: string | null;
  /** Its default on the target side. */
  to: string | null;
}

/**
 * The partitions (any depth, the same parent on both sides) of the table
 * `schema.table` that have a default of their own for `column` on either
 * side, with their depth, in the current side's order (the callers list them
 * among the columns they convert, by (schema, table, column); the DDL sets
 * them by depth). A statement that sets or drops
 * the default of a partitioned table's column (or changes its type) reaches
 * every partition, so what converts a column sets these again after it.
 */
export function partitionOwnDefaults(
  sides: { current: readonly TableModel[]; target: readonly TableModel[] },
  parent: { schema: string; table: string },
  column: string,
): PartitionOwnDefault[] {
  // Only a partitioned table has partitions: most calls end here, before any map is built.
  const top = sides.current.find((t) => t.schema === parent.schema && t.name === parent.table);
  if (top?.partitionBy === undefined) return [];
  const current = tableIndex(sides.current);
  const target = tableIndex(sides.target);
  const result: PartitionOwnDefault[] = [];
  for (const table of sides.current) {
    const next = target.get(qualifiedKey(table.schema, table.name));
    if (
      next === undefined ||
      table.partitionOf === undefined ||
      !sameValue(table.partitionOf, next.partitionOf ?? null)
    )
      continue;
    const depth = current.ancestorKeys(table).indexOf(qualifiedKey(parent.schema, parent.table)) + 1;
    if (depth === 0 || !(ownsDefault(table, column) || ownsDefault(next, column))) continue;
    const from = current.effectiveColumns(table).find((c) => c.name === column);
    const to = target.effectiveColumns(next).find((c) => c.name === column);
    if (from === undefined || to === undefined) continue;
    result.push({ schema: table.schema, table: table.name, column, depth, from: from.default, to: to.default });
  }
  return result;
}

function ownsDefault(table: TableModel, column: string): boolean {
  return (table.columnOverrides ?? []).some((o) => o.name === column && o.default !== undefined);
}
