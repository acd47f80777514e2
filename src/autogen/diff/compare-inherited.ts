import type { CheckModel, ColumnModel, InheritedTableModel, TableModel } from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import { inheritedFrom, type TableIndex } from '../../schema/model-index.js';
import { notNullConstraintName } from '../../schema/naming.js';

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
 * - a column a parent it keeps gives it on one side only, which it declares
 *   itself on the other, moves: the parent's column dropped while the child
 *   keeps it as its own (`dropColumn` with `keptBy`), or added while the
 *   child gives up its own for it (`addColumn` with `takenFrom`), the values
 *   kept either way (`moves`). Kept, the child has it on the current side as
 *   the parent had it, and what else differs is altered after; taken, it is
 *   not compared. A column with an identity or a generation expression is
 *   not moved: the child's own is dropped or added as any other;
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
): ComparedInheritance {
  if (current.inherits === undefined && target.inherits === undefined) return { current, target, moves: [] };
  const kept = sharedParents(current, target);
  const given = (index: TableIndex): Map<string, ColumnModel> =>
    new Map(kept.flatMap((p) => inheritedColumns(index, p)).map((c) => [c.name, c]));
  const currentGiven = given(sides.current);
  const targetGiven = given(sides.target);
  const ownNames = (table: TableModel): Set<string> => new Set(table.columns.map((c) => c.name));
  const currentOwn = ownNames(current);
  const targetOwn = ownNames(target);
  const movedTo = (
    from: Map<string, ColumnModel>,
    to: Map<string, ColumnModel>,
    own: Set<string>,
    declared: Set<string>,
  ) => [...from.values()].filter((c) => !to.has(c.name) && !own.has(c.name) && declared.has(c.name));
  // Kept: the current side's parents give it, the target's do not, and the child declares it on the target side only.
  const keptMoves = movedTo(currentGiven, targetGiven, currentOwn, targetOwn);
  // Taken: the target side's parents give it, the current's do not, and the child declares it on the current side only.
  const takenMoves = movedTo(targetGiven, currentGiven, targetOwn, currentOwn);
  // The child's own on the side that declares it; those that cannot move are dropped or added as its own.
  const moved = new Set([...keptMoves, ...takenMoves].map((c) => c.name));
  const keptColumns = keptMoves.filter(movable);
  const takenColumns = takenMoves.filter(movable);
  const takenNames = new Set(takenColumns.map((c) => c.name));
  const inherited = new Set([...currentGiven.keys(), ...targetGiven.keys()].filter((n) => !moved.has(n)));
  const keptChecks = new Set([
    ...kept.flatMap((p) => inheritedChecks(sides.current, p).map((c) => c.name)),
    ...kept.flatMap((p) => inheritedChecks(sides.target, p).map((c) => c.name)),
  ]);
  const side = (table: TableModel, other: TableModel, index: TableIndex): TableModel => {
    const parents = onlyIn(table, other);
    const columns = table.columns.filter((c) => !inherited.has(c.name) && !takenNames.has(c.name));
    const checks = table.checks.filter((c) => !keptChecks.has(c.name));
    const columnNames = new Set(columns.map((c) => c.name));
    const checkNames = new Set(checks.map((c) => c.name));
    const otherColumns = new Map(other.columns.map((c) => [c.name, c]));
    for (const column of parents.flatMap((p) => inheritedColumns(index, p))) {
      if (columnNames.has(column.name) || inherited.has(column.name)) continue;
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
  const child = { schema: current.schema, table: current.name };
  const owned = (index: TableIndex, column: ColumnModel, way: ColumnMove['way'], own: TableModel): ColumnMove[] => {
    const owner = kept.map((p) => ownerOf(index, p, column.name, new Set())).find((o) => o !== undefined);
    if (owner === undefined) return [];
    const notNullName = movedNotNullName(
      current.name,
      column,
      own.columns.find((c) => c.name === column.name),
    );
    return [{ way, owner, column: column.name, child, ...(notNullName === undefined ? {} : { notNullName }) }];
  };
  const currentSide = side(current, target, sides.current);
  const keptAsOwn = keptColumns.map((c) =>
    withNotNullNameOf(
      c,
      target.columns.find((t) => t.name === c.name),
    ),
  );
  return {
    current: { ...currentSide, columns: [...currentSide.columns, ...keptAsOwn] },
    target: side(target, current, sides.target),
    moves: [
      ...keptColumns.flatMap((c) => owned(sides.current, c, 'kept', target)),
      ...takenColumns.flatMap((c) => owned(sides.target, c, 'taken', current)),
    ],
  };
}

/** One table's sides made to say the same of what they inherit, and the columns that move to or from it. */
export interface ComparedInheritance {
  current: TableModel;
  target: TableModel;
  moves: ColumnMove[];
}

/**
 * A column that moves between the table that declares it (`owner`, on the
 * side that has it there) and `child`, which inherits from it: `kept`, the
 * owner's column is dropped and the child keeps it; `taken`, it is added to
 * the owner and the child gives up its own for it. `notNullName`: the name of
 * the child's own NOT NULL constraint on the column (PostgreSQL 18) where the
 * move would give it another (`movedNotNullName`).
 */
export interface ColumnMove {
  way: 'kept' | 'taken';
  owner: InheritedTableModel;
  column: string;
  child: InheritedTableModel;
  notNullName?: string;
}

/**
 * The name of the child's own NOT NULL constraint on a moved column where it
 * differs from the one a move gives it (the owner's column's name, else the
 * name `SET NOT NULL` gives it on the child): kept, the child keeps the
 * column under it; taken, the reverse gives it back. Undefined when either
 * column is nullable: the move then sets no NOT NULL on the child.
 */
function movedNotNullName(child: string, column: ColumnModel, own: ColumnModel | undefined): string | undefined {
  if (column.nullable || own === undefined || own.nullable) return undefined;
  const wanted = own.notNullName ?? notNullConstraintName(child, column.name);
  const given = column.notNullName ?? notNullConstraintName(child, column.name);
  return wanted === given ? undefined : wanted;
}

/** Whether a column can move with its values: a plain copy cannot hold an identity or a generation expression. */
function movable(column: ColumnModel): boolean {
  return column.identity === null && column.generated === undefined;
}

/** The table that declares the column `parent` gives, the first found as `inheritedColumns` finds them. */
function ownerOf(
  index: TableIndex,
  parent: InheritedTableModel,
  name: string,
  seen: Set<string>,
): InheritedTableModel | undefined {
  const key = qualifiedKey(parent.schema, parent.table);
  const table = index.get(key);
  if (table === undefined || seen.has(key)) return undefined;
  seen.add(key);
  for (const grand of table.inherits ?? []) {
    const found = ownerOf(index, grand, name, seen);
    if (found !== undefined) return found;
  }
  return table.columns.some((c) => c.name === name) ? { schema: table.schema, table: table.name } : undefined;
}

/** The columns a parent gives the tables that inherit from it: those it inherits, then its own, each once. */
function inheritedColumns(index: TableIndex, parent: InheritedTableModel): ColumnModel[] {
  return collect(index, parent, (table) => table.columns);
}

/** The checks a parent gives the tables that inherit from it: those it inherits, then its own but `NO INHERIT`. */
function inheritedChecks(index: TableIndex, parent: InheritedTableModel): CheckModel[] {
  return collect(index, parent, (table) => table.checks.filter((c) => c.noInherit !== true));
}

/** `inheritedFrom` over one side's tables. */
function collect<T extends { name: string }>(
  index: TableIndex,
  parent: InheritedTableModel,
  own: (table: TableModel) => readonly T[],
): T[] {
  return inheritedFrom((p) => index.get(qualifiedKey(p.schema, p.table)), parent, own);
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
