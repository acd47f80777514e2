import type { ColumnModel, TableModel } from '../../schema/model.js';
import { columnChange } from './compare-columns.js';
import { sameValue } from './compare-values.js';
import { qualifiedKey } from '../../schema/model.js';
import { fixedDefault, type TableIndex } from '../../schema/model-index.js';
import { plainIntegerType } from '../../schema/types.js';

/**
 * The DEFAULT and NOT NULL of a partition's columns, as the column
 * comparison sees them. A partition's model lists only what differs from its
 * parent (`columnOverrides`); here each side gets the columns whose value
 * must change, with the value they hold right before the partition's own
 * `alterColumn` and the value wanted, so that the comparison writes
 * `alterColumn` on the partition and never adds or drops a column.
 *
 * `ALTER COLUMN ... SET/DROP DEFAULT` and `SET/DROP NOT NULL` on a table
 * recurse into its partitions: after a parent's change, a partition holds
 * the parent's new value, whatever it had before.
 */

export type Attribute = 'default' | 'notNull';

/** The tables of both sides, indexed. */
export interface PartitionSides {
  current: TableIndex;
  target: TableIndex;
}

/** Found, with its value (a default may be null), or not. */
type Found = { value: string | boolean | null } | undefined;

/**
 * Whether a partition and every table above it are the very objects on both
 * sides (a canonical model takes the live form of what matches it): then no
 * DEFAULT or NOT NULL changes on it, either way.
 */
export function sameTree(sides: PartitionSides, previous: TableModel, table: TableModel): boolean {
  return (
    previous === table &&
    sides.target.ancestorKeys(table).every((key) => sides.current.get(key) === sides.target.get(key))
  );
}

function tableKey(table: { schema: string; name: string }): string {
  return qualifiedKey(table.schema, table.name);
}

function valueOf(column: ColumnModel, attribute: Attribute): string | boolean | null {
  return attribute === 'default' ? column.default : !column.nullable;
}

function columnOf(tables: TableIndex, table: TableModel, name: string): ColumnModel | undefined {
  return tables.effectiveColumns(table).find((c) => c.name === name);
}

/** Computes, once per table, column and attribute, whether the comparison changes it on that table. */
export class PartitionColumnPlanner {
  private readonly changed = new Map<string, boolean>();

  constructor(private readonly sides: PartitionSides) {}

  /** The value the column holds right before the table's own change, after its parents' changes. */
  valueBefore(table: TableModel, column: string, attribute: Attribute): Found {
    const before = this.sides.current.get(tableKey(table));
    if (before === undefined) return undefined;
    const own = columnOf(this.sides.current, before, column);
    const attached =
      before.partitionOf !== undefined &&
      table.partitionOf !== undefined &&
      sameValue(before.partitionOf, table.partitionOf);
    const inherited = attached ? this.parentsValue(table, column, attribute) : undefined;
    if (inherited !== undefined) return inherited;
    return own === undefined ? undefined : { value: valueOf(own, attribute) };
  }

  /** The value wanted on the target side. */
  valueAfter(table: TableModel, column: string, attribute: Attribute): Found {
    const after = columnOf(this.sides.target, table, column);
    return after === undefined ? undefined : { value: valueOf(after, attribute) };
  }

  /** Whether the table gets its own `alterColumn` for the attribute (the table is on the target side). */
  isChanged(table: TableModel, column: string, attribute: Attribute): boolean {
    const key = `${tableKey(table)}\u0000${column}\u0000${attribute}`;
    const known = this.changed.get(key);
    if (known !== undefined) return known;
    const result = this.computeChanged(table, column, attribute);
    this.changed.set(key, result);
    return result;
  }

  private computeChanged(table: TableModel, column: string, attribute: Attribute): boolean {
    const before = this.sides.current.get(tableKey(table));
    if (before === undefined) return false;
    if (table.partitionOf === undefined) {
      // A table of its own: as the column comparison decides; a new column reaches every partition.
      const after = table.columns.find((c) => c.name === column);
      const previous = columnOf(this.sides.current, before, column);
      if (after === undefined) return false;
      if (previous === undefined) return true;
      const change = columnChange(previous, after);
      return change !== null && (attribute === 'default' ? 'default' in change.to : 'nullable' in change.to);
    }
    const after = this.valueAfter(table, column, attribute);
    const previous = this.valueBefore(table, column, attribute);
    return after !== undefined && previous !== undefined && after.value !== previous.value;
  }

  /** Whether a table above the partition changes the attribute, which then reaches the partition. */
  parentChanges(table: TableModel, column: string, attribute: Attribute): boolean {
    return this.parentsValue(table, column, attribute) !== undefined;
  }

  /** The target value of the nearest parent that changes the attribute, which its change gave the partition. */
  private parentsValue(table: TableModel, column: string, attribute: Attribute): Found {
    for (const key of this.sides.target.ancestorKeys(table)) {
      const parent = this.sides.target.get(key);
      if (parent !== undefined && this.isChanged(parent, column, attribute))
        return this.valueAfter(parent, column, attribute);
    }
    return undefined;
  }
}

/**
 * The columns to compare for a table that is a partition on the target side
 * and exists on the current side: only those whose DEFAULT or NOT NULL
 * changes, with the same type on both sides.
 */
export function partitionColumnsForComparison(
  planner: PartitionColumnPlanner,
  sides: PartitionSides,
  current: TableModel,
  target: TableModel,
): { current: readonly ColumnModel[]; target: readonly ColumnModel[] } {
  const wanted = sides.target.effectiveColumns(target);
  if (current.partitionOf === undefined) return becomingPartition(current, wanted);
  const before: ColumnModel[] = [];
  const after: ColumnModel[] = [];
  for (const column of wanted) {
    const attributes = (['default', 'notNull'] as const).filter((a) => !(a === 'default' && fixedDefault(column)));
    const changed = attributes.filter((a) => planner.isChanged(target, column.name, a));
    if (changed.length === 0) continue;
    const base: ColumnModel = {
      name: column.name,
      type: column.type,
      nullable: column.nullable,
      default: column.default,
      identity: null,
    };
    const previous = { ...base };
    for (const attribute of changed) {
      const value = planner.valueBefore(target, column.name, attribute)?.value;
      if (attribute === 'default') previous.default = typeof value === 'string' ? value : null;
      else previous.nullable = value !== true;
    }
    before.push(previous);
    after.push(base);
  }
  return { current: before, target: after };
}

/**
 * A table of its own that becomes a partition must have exactly its parent's
 * columns, with the same types and collations: before the attach, a column
 * the parent lacks is dropped, one the parent has and the table lacks is
 * added, and a type or collation that differs is altered. The table keeps
 * its columns' DEFAULT and NOT NULL when attached: they are set before, to
 * what the partition should have.
 */
function becomingPartition(
  current: TableModel,
  wanted: readonly ColumnModel[],
): { current: readonly ColumnModel[]; target: readonly ColumnModel[] } {
  const own = new Map(current.columns.map((c) => [c.name, c]));
  const target = wanted.map((goal): ColumnModel => {
    const column = own.get(goal.name);
    if (column === undefined)
      return { ...withTypeOf({ ...goal, identity: null }, goal), ...(fixedDefault(goal) ? { default: null } : {}) };
    const typed = withTypeOf(column, goal);
    if (typed.generated !== undefined) return typed;
    return { ...typed, nullable: goal.nullable, ...(fixedDefault(goal) ? {} : { default: goal.default }) };
  });
  return { current: current.columns, target };
}

/**
 * The column with the type, collation and generation expression of the
 * parent's column `goal`; the sequence behind a serial column is the
 * parent's, so the column gets its plain type.
 */
function withTypeOf(column: ColumnModel, goal: ColumnModel): ColumnModel {
  const { collation: _collation, generated: _generated, ...rest } = column;
  return {
    ...rest,
    type: plainIntegerType(goal.type),
    ...(goal.collation !== undefined ? { collation: goal.collation } : {}),
    ...(goal.generated !== undefined ? { generated: goal.generated } : {}),
  };
}
