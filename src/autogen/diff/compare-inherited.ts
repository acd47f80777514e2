import type { CheckModel, ColumnModel, InheritedTableModel, TableModel } from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import type { TableIndex } from '../../schema/model-index.js';

/**
 * A table that inherits (`INHERITS`) lists only the columns and checks it
 * declares itself; what it inherits Postgres brings from its parents. For the
 * comparison of one table both sides have, the two sides are made to say the
 * same of what they inherit:
 *
 * - what a parent it keeps gives it, on either side, is the parent's: a
 *   column added to the parent reaches it as Postgres does, and one it
 *   declares as well (merged) is not compared (Postgres refuses to drop or
 *   retype an inherited column on the child);
 * - what a parent it gains gives it is compared as its own on the target side,
 *   so that the changes give it the parent's columns and checks before
 *   `INHERIT`, which requires them;
 * - what a parent it leaves gave it is its own on the current side, as it is
 *   after `NO INHERIT`, which runs first.
 */
export function comparedInheritance(
  current: TableModel,
  target: TableModel,
  sides: { current: TableIndex; target: TableIndex },
): [TableModel, TableModel] {
  if (current.inherits === undefined && target.inherits === undefined) return [current, target];
  const kept = sharedParents(current, target);
  const keptColumns = new Set([
    ...kept.flatMap((p) => inheritedColumns(sides.current, p).map((c) => c.name)),
    ...kept.flatMap((p) => inheritedColumns(sides.target, p).map((c) => c.name)),
  ]);
  const keptChecks = new Set([
    ...kept.flatMap((p) => inheritedChecks(sides.current, p).map((c) => c.name)),
    ...kept.flatMap((p) => inheritedChecks(sides.target, p).map((c) => c.name)),
  ]);
  const side = (table: TableModel, other: TableModel, index: TableIndex): TableModel => {
    const parents = onlyIn(table, other);
    const columns = table.columns.filter((c) => !keptColumns.has(c.name));
    const checks = table.checks.filter((c) => !keptChecks.has(c.name));
    const columnNames = new Set(columns.map((c) => c.name));
    const checkNames = new Set(checks.map((c) => c.name));
    const otherColumns = new Map(other.columns.map((c) => [c.name, c]));
    for (const column of parents.flatMap((p) => inheritedColumns(index, p))) {
      if (columnNames.has(column.name) || keptColumns.has(column.name)) continue;
      columnNames.add(column.name);
      columns.push(withNotNullNameOf(column, otherColumns.get(column.name)));
    }
    for (const check of parents.flatMap((p) => inheritedChecks(index, p))) {
      if (checkNames.has(check.name) || keptChecks.has(check.name)) continue;
      checkNames.add(check.name);
      checks.push(check);
    }
    return { ...table, columns, checks };
  };
  return [side(current, target, sides.current), side(target, current, sides.target)];
}

/** The columns a parent gives the tables that inherit from it: those it inherits, then its own, each once. */
function inheritedColumns(index: TableIndex, parent: InheritedTableModel): ColumnModel[] {
  return collect(index, parent, (table) => table.columns, new Set());
}

/** The checks a parent gives the tables that inherit from it: those it inherits, then its own but `NO INHERIT`. */
function inheritedChecks(index: TableIndex, parent: InheritedTableModel): CheckModel[] {
  return collect(index, parent, (table) => table.checks.filter((c) => c.noInherit !== true), new Set());
}

function collect<T extends { name: string }>(
  index: TableIndex,
  parent: InheritedTableModel,
  own: (table: TableModel) => readonly T[],
  seen: Set<string>,
): T[] {
  const key = qualifiedKey(parent.schema, parent.table);
  const table = index.get(key);
  if (table === undefined || seen.has(key)) return [];
  seen.add(key);
  const found = new Map<string, T>();
  for (const item of [...(table.inherits ?? []).flatMap((p) => collect(index, p, own, seen)), ...own(table)])
    if (!found.has(item.name)) found.set(item.name, item);
  return [...found.values()];
}

function sharedParents(a: TableModel, b: TableModel): InheritedTableModel[] {
  const others = new Set((b.inherits ?? []).map((p) => qualifiedKey(p.schema, p.table)));
  return (a.inherits ?? []).filter((p) => others.has(qualifiedKey(p.schema, p.table)));
}

function onlyIn(a: TableModel, b: TableModel): InheritedTableModel[] {
  const others = new Set((b.inherits ?? []).map((p) => qualifiedKey(p.schema, p.table)));
  return (a.inherits ?? []).filter((p) => !others.has(qualifiedKey(p.schema, p.table)));
}

/**
 * A parent's column as the child has it: the name of its NOT NULL constraint
 * (PostgreSQL 18) is the child's own, kept through `INHERIT` and `NO INHERIT`,
 * so it is taken from the other side's column rather than compared.
 */
function withNotNullNameOf(column: ColumnModel, other: ColumnModel | undefined): ColumnModel {
  const { notNullName: _parents, ...rest } = column;
  return other?.notNullName === undefined ? rest : { ...rest, notNullName: other.notNullName };
}
