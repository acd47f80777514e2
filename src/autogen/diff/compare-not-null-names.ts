import type { Operation, OperationOf } from '../../ops/operation.js';
import type { PartitionNotNull } from '../../ops/families/columns.js';
import type { TableModel } from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import { chooseName, notNullConstraintName } from '../../schema/naming.js';
import { sameParent, tableIndex, type TableIndex } from '../../schema/model-index.js';
import type { TablesComparison, TableStep } from './compare-tables.js';
import { sortByQualifiedName } from './compare-values.js';

/**
 * The names of NOT NULL constraints (PostgreSQL 18; older servers have none,
 * so both sides always agree there). A table created or a column added gets
 * its names from its definition (`CONSTRAINT name NOT NULL`); here, on tables
 * that stay, a name that differs is renamed (`renameObject`). `early` renames
 * run before the table changes: a table's (partitions created in the revision
 * then take the new name) and a partition's own. `late` ones run
 * after them: a column that becomes NOT NULL has its constraint under
 * Postgres' name first.
 *
 * Postgres renames a partitioned table's NOT NULL constraint in its
 * partitions too, and refuses when one of them names it otherwise; a
 * partition's constraint inherited from its parent cannot be renamed on its
 * own, and a partition's own constraint that its parent's new SET NOT NULL
 * merges keeps its name (which the downgrade could not give back). Those
 * differences are reported instead (`unsupported`).
 */
export function notNullNames(
  current: readonly TableModel[],
  target: readonly TableModel[],
): { early: Operation[]; late: Operation[]; unsupported: string[] } {
  const steps = notNullNameSteps(current, target);
  const renames = (late: boolean): Operation[] =>
    steps.flatMap((step) => (step.rename === undefined || (step.late ?? false) !== late ? [] : [step.rename]));
  const unsupported = steps.flatMap((step) => (step.unsupported === undefined ? [] : [step.unsupported]));
  return { early: renames(false), late: renames(true), unsupported };
}

/**
 * The table comparison with PostgreSQL 18's partitions' own NOT NULL
 * constraints kept (`keptStep`) and named (`namedStep`).
 */
export function withPartitionNotNulls(
  comparison: TablesComparison,
  current: readonly TableModel[],
  target: readonly TableModel[],
): TablesComparison {
  const sides = { current: tableIndex(current), target: tableIndex(target) };
  return { ...comparison, changes: comparison.changes.map((step) => namedStep(sides, keptStep(sides, step))) };
}

/**
 * PostgreSQL 18 keeps a partition's NOT NULL constraint of its own (named
 * otherwise than its parent's: the partition had it before its parent did)
 * when the parent's is dropped, and a parent's SET NOT NULL takes such a
 * constraint over under its name. So a partition's `alterColumn` that sets
 * NOT NULL again after its parent's DROP NOT NULL holds NOT NULL both ways
 * (`from` NOT NULL too): its reverse, run before the parent's SET NOT NULL in
 * the downgrade, keeps the constraint instead of dropping it, which would
 * give the partition the parent's name. The step itself stays, for a
 * partition attached with its constraint, which the parent's DROP NOT NULL
 * does drop.
 */
function keptStep(sides: Sides, step: TableStep): TableStep {
  const { op } = step;
  if (op.kind !== 'alterColumn' || op.to.nullable !== false || op.from?.nullable !== true) return step;
  const key = qualifiedKey(op.schema, op.table);
  const before = sides.current.get(key);
  const after = sides.target.get(key);
  if (before === undefined || after === undefined || !sameParent(before, after)) return step;
  if (!ownNotNull(sides.current, before, op.column)) return step;
  return { ...step, op: { ...op, from: { ...op.from, nullable: false } } };
}

/**
 * PostgreSQL 18 names the NOT NULL constraint a partitioned table's new
 * column, or its SET NOT NULL, gives each partition after the table's, and
 * an inherited constraint cannot be renamed. So such an `addColumn` or
 * `alterColumn` (and a `dropColumn`, for its reverse) lists the partitions
 * below the table, there before and after under the same parent, that name
 * their own and have none on the other side (`partitionNotNulls`, deepest
 * first): they get theirs before the table's.
 */
function namedStep(sides: Sides, step: TableStep): TableStep {
  const { op } = step;
  const named = (column: string, from: Tables | null, to: Tables): PartitionNotNull[] => {
    const table = to.get(qualifiedKey(op.schema, op.table));
    return table === undefined ? [] : partitionsNamingOwn(sides, { column, from, to }, table);
  };
  const { current, target } = sides;
  switch (op.kind) {
    case 'addColumn':
      return withNamed(step, { ...op, partitionNotNulls: named(op.column.name, current, target) });
    case 'dropColumn':
      return withNamed(step, { ...op, partitionNotNulls: named(op.column, target, current) });
    case 'alterColumn': {
      if (op.to.nullable === false && op.from?.nullable === true)
        return withNamed(step, { ...op, partitionNotNulls: named(op.column, current, target) });
      if (!retypedNotNull(op, target)) return step;
      // Every partition naming its own, whatever it had before: the type change builds each constraint again.
      const table = target.get(qualifiedKey(op.schema, op.table));
      const name = table === undefined ? undefined : notNullNameOn(target, table, op.column);
      const notNullName = name === undefined ? {} : { notNullName: name };
      return withNamed(step, { ...op, partitionNotNulls: named(op.column, null, target), ...notNullName });
    }
    default:
      return step;
  }
}

/**
 * Whether the step changes the type of a column that is NOT NULL both
 * before and after, and in no primary key (whose NOT NULL cannot be dropped
 * around the change), with no identity nor generation expression.
 */
function retypedNotNull(op: OperationOf<'alterColumn'>, target: Tables): boolean {
  if (op.to.type === undefined || op.to.nullable !== undefined || op.to.generated !== undefined) return false;
  const table = target.get(qualifiedKey(op.schema, op.table));
  const column = table?.columns.find((c) => c.name === op.column);
  if (table === undefined || column === undefined || column.nullable || column.identity !== null) return false;
  return !(table.primaryKey?.columns.includes(op.column) ?? false);
}

/** The step with `op`, which names the partitions' own constraints, where it names any. */
function withNamed(
  step: TableStep,
  op: TableStep['op'] & { partitionNotNulls: readonly PartitionNotNull[] },
): TableStep {
  return op.partitionNotNulls.length === 0 ? step : { ...step, op };
}

/**
 * The partitions below `table` on the side `to` that stay, name their own
 * NOT NULL constraint on the column there, and have none on the side `from`
 * (when given); deepest first.
 */
function partitionsNamingOwn(
  sides: Sides,
  change: { column: string; from: Tables | null; to: Tables },
  table: TableModel,
): PartitionNotNull[] {
  const { column, from, to } = change;
  if (notNullNameOn(to, table, column) === undefined) return [];
  if (table.columns.find((c) => c.name === column)?.identity) return [];
  const found: { depth: number; named: PartitionNotNull }[] = [];
  const visit = (parent: TableModel, depth: number): void => {
    for (const partition of sortByQualifiedName(to.partitionsOf(parent))) {
      visit(partition, depth + 1);
      const key = qualifiedKey(partition.schema, partition.name);
      const [before, after] = [sides.current.get(key), sides.target.get(key)];
      if (before === undefined || after === undefined || !sameParent(before, after)) continue;
      const other = from?.get(key);
      if (from !== null && other !== undefined && notNullNameOn(from, other, column) !== undefined) continue;
      const name = notNullNameOn(to, partition, column);
      if (name !== undefined && name !== notNullNameOn(to, parent, column))
        found.push({ depth, named: { schema: partition.schema, table: partition.name, notNullName: name } });
    }
  };
  visit(table, 1);
  return found.sort((a, b) => b.depth - a.depth).map((f) => f.named);
}

/**
 * PostgreSQL 18 drops, with its parent's DROP NOT NULL, a partition's NOT
 * NULL constraint that came with it when it was attached (inherited, not its
 * own), though the model cannot tell it from one the parent's SET NOT NULL
 * merged. The `SET NOT NULL` after the parent's would create it again under
 * Postgres' name. So where the partition's constraint is named otherwise
 * than its parent's and keeps its name, one more `alterColumn` sets NOT NULL
 * on the partition before the table changes: Postgres then holds the
 * constraint as the partition's own, and the parent's DROP NOT NULL leaves it
 * under its name. It reads NOT NULL both ways, so its reverse does nothing.
 */
export function partitionNotNullKeeps(current: readonly TableModel[], target: readonly TableModel[]): Operation[] {
  const sides = { current: tableIndex(current), target: tableIndex(target) };
  const steps: Operation[] = [];
  for (const table of sortByQualifiedName(target)) {
    const before = sides.current.get(qualifiedKey(table.schema, table.name));
    const parentBefore = before === undefined ? undefined : sides.current.parentOf(before);
    const parentAfter = sides.target.parentOf(table);
    if (before === undefined || parentBefore === undefined || parentAfter === undefined) continue;
    if (!sameParent(before, table)) continue;
    for (const { name: column } of sides.target.effectiveColumns(table)) {
      if (notNullNameOn(sides.target, parentAfter, column) !== undefined) continue;
      const name = notNullNameOn(sides.current, before, column);
      if (name === undefined || !ownNotNull(sides.current, before, column)) continue;
      if (notNullNameOn(sides.target, table, column) !== name) continue;
      const change = { nullable: false };
      steps.push({ kind: 'alterColumn', schema: table.schema, table: table.name, column, to: change, from: change });
    }
  }
  return steps;
}

/** Whether the partition's NOT NULL constraint on the column is named otherwise than its parent's. */
function ownNotNull(tables: Tables, partition: TableModel, column: string): boolean {
  const parent = tables.parentOf(partition);
  if (parent === undefined) return false;
  const own = notNullNameOn(tables, partition, column);
  const parents = notNullNameOn(tables, parent, column);
  return own !== undefined && parents !== undefined && own !== parents;
}

interface Step {
  rename?: OperationOf<'renameObject'>;
  /** After the table changes: the constraint is created by them. */
  late?: boolean;
  unsupported?: string;
}

type Tables = TableIndex;

/**
 * The name of the column's NOT NULL constraint on the table, undefined when
 * the column is nullable there. A partition has its parent's name unless it
 * names its own.
 */
export function notNullNameOn(tables: Tables, table: TableModel, column: string): string | undefined {
  const above = tables.ancestorKeys(table).flatMap((key) => tables.get(key) ?? []);
  // From the top of the tree down: a table of its own names its constraint, each partition below inherits it or names its own.
  return [table, ...above].reduceRight<string | undefined>(
    (inherited, at, i, chain) =>
      i === chain.length - 1 ? topNotNullName(at, column) : partitionNotNullName(at, column, inherited),
    undefined,
  );
}

function topNotNullName(table: TableModel, column: string): string | undefined {
  // A partition whose parent this side lacks has no name to inherit.
  if (table.partitionOf !== undefined) return undefined;
  const own = table.columns.find((c) => c.name === column);
  if (own === undefined || own.nullable) return undefined;
  return own.notNullName ?? notNullConstraintName(table.name, column);
}

function partitionNotNullName(table: TableModel, column: string, inherited: string | undefined): string | undefined {
  const override = table.columnOverrides?.find((o) => o.name === column);
  if (inherited === undefined && override?.notNull !== true) return undefined;
  return override?.notNullName ?? inherited ?? notNullConstraintName(table.name, column);
}

function notNullNameSteps(currentList: readonly TableModel[], targetList: readonly TableModel[]): Step[] {
  const sides = { current: tableIndex(currentList), target: tableIndex(targetList) };
  const steps: Step[] = [];
  for (const table of sortByQualifiedName(targetList)) {
    const before = sides.current.get(qualifiedKey(table.schema, table.name));
    if (before === undefined) continue;
    for (const column of sides.target.effectiveColumns(table)) {
      const step = columnStep(sides, before, table, column.name);
      if (step !== undefined) steps.push(step);
    }
  }
  return steps;
}

interface Sides {
  current: Tables;
  target: Tables;
}

/**
 * The column's rename, if any. A table that is not a partition under the
 * same parent on both sides is renamed after the table changes: a table
 * detached first, or one attached last (the table changes set the NOT NULL
 * it needs, under Postgres' name).
 */
function columnStep(sides: Sides, before: TableModel, table: TableModel, column: string): Step | undefined {
  const existing = notNullNameOn(sides.current, before, column);
  const wanted = notNullNameOn(sides.target, table, column) ?? droppedName(sides, before, table, column);
  if (wanted === undefined) return undefined;
  const stays = sameParent(before, table);
  if (!stays && before.partitionOf !== undefined && table.partitionOf !== undefined) return undefined;
  const had = existing ?? setNotNullName(sides, before, table, column);
  if (had === undefined || had === wanted) return undefined;
  const rename: OperationOf<'renameObject'> = {
    kind: 'renameObject',
    object: 'constraint',
    schema: table.schema,
    table: table.name,
    from: had,
    to: wanted,
  };
  if (!stays) return { rename, late: true };
  const where = `${table.schema}.${table.name}.${column}`;
  if (table.partitionOf === undefined) {
    const other = sides.current.partitionsOf(before).find((p) => notNullNameOn(sides.current, p, column) !== had);
    if (other === undefined) return { rename, late: existing === undefined };
    return {
      unsupported: `the NOT NULL constraint ${had} of ${where} cannot be renamed to ${wanted}: Postgres renames it in every partition too, and partition ${other.schema}.${other.name} names its own otherwise`,
    };
  }
  const parentBefore = sides.current.parentOf(before);
  const parentHad = parentBefore === undefined ? undefined : notNullNameOn(sides.current, parentBefore, column);
  const parentAfter = sides.target.parentOf(table);
  if (parentHad === undefined) {
    if (parentAfter === undefined || notNullNameOn(sides.target, parentAfter, column) === undefined) return { rename };
    // The parent's SET NOT NULL merges the partition's own constraint, whose name the downgrade cannot give back.
    return {
      unsupported: `the NOT NULL constraint ${had} of partition ${where} keeps its name when its parent's column becomes NOT NULL, and cannot be renamed to ${wanted} then; detach, drop and create the partition again to name it`,
    };
  }
  const follows =
    had === parentHad && parentAfter !== undefined ? notNullNameOn(sides.target, parentAfter, column) : had;
  if (follows === wanted) return undefined;
  return {
    unsupported: `the NOT NULL constraint ${had} of partition ${where} is inherited from its parent and cannot be renamed to ${wanted}; detach, drop and create the partition again to name it`,
  };
}

/**
 * A table's column whose NOT NULL goes away has its constraint renamed to
 * Postgres' name first, so that the downgrade's SET NOT NULL, which creates
 * it under that name, can rename it back.
 */
function droppedName(sides: Sides, before: TableModel, table: TableModel, column: string): string | undefined {
  if (before.partitionOf !== undefined || table.partitionOf !== undefined) return undefined;
  if (notNullNameOn(sides.current, before, column) === undefined) return undefined;
  if (table.columns.find((c) => c.name === column)?.nullable !== true) return undefined;
  // The downgrade's SET NOT NULL runs where the constraints are the current side's.
  return postgresNotNullName(sides.current, before, column);
}

/**
 * The name SET NOT NULL gives the column's constraint where the tables are
 * `tables`: `<table>_<column>_not_null`, or with a number after it when a
 * constraint of the schema has that name (Postgres' ChooseConstraintName).
 */
function postgresNotNullName(tables: Tables, table: TableModel, column: string): string {
  const taken = new Set<string>();
  for (const other of tables.tables) {
    if (other.schema !== table.schema) continue;
    for (const c of [
      other.primaryKey,
      ...other.uniques,
      ...other.checks,
      ...other.foreignKeys,
      ...(other.exclusions ?? []),
    ])
      if (c !== null) taken.add(c.name);
    const parent = tables.parentOf(other);
    for (const { name } of tables.effectiveColumns(other)) {
      if (other.name === table.name && name === column) continue;
      const notNull = notNullNameOn(tables, other, name);
      // A partition's constraint under its parent's name is the parent's, which may be the one being set.
      if (notNull !== undefined && (parent === undefined || notNull !== notNullNameOn(tables, parent, name)))
        taken.add(notNull);
    }
  }
  return chooseName({ table: table.name, columns: column, label: 'not_null' }, (name) => taken.has(name));
}

/**
 * A column that becomes NOT NULL on a table that is not a partition before
 * the table changes (or is detached first) gets a constraint under Postgres'
 * name; undefined when none is set that way (a new column, a partition's).
 */
function setNotNullName(sides: Sides, before: TableModel, table: TableModel, column: string): string | undefined {
  if (sameParent(before, table) && table.partitionOf !== undefined) return undefined;
  const had = sides.current.effectiveColumns(before).find((c) => c.name === column);
  const wanted = sides.target.effectiveColumns(table).find((c) => c.name === column);
  if (had === undefined || wanted === undefined || !had.nullable) return undefined;
  // A column made generated is dropped and added again: its definition names nothing.
  if (wanted.generated !== undefined && wanted.generated !== had.generated) return undefined;
  // It runs with the table changes, after which the constraints are the target side's.
  return postgresNotNullName(sides.target, table, column);
}
