import { assertNever } from '../util/assert-never.js';

/**
 * Operations as data: every schema change is one plain, JSON-serialisable
 * object. The comparator produces them, `reverse()` inverts them, the renderer
 * writes them as `op.*` calls, and the DDL compiler turns them into SQL.
 *
 * A drop names what it removes and, when generated, carries the whole removed
 * object in `removed`, so every generated operation can be reversed without
 * looking at the database. Revision files render drops by name only: the
 * downgrade next to them shows the full object.
 *
 * Each family declares its kinds in its own module (`families/` for tables
 * and what belongs to them, `objects/` for the other objects), with how each
 * kind reads, reverses and what it risks; `operation-specs.ts` collects those
 * into one table with every kind.
 */
export type Operation = OperationFamilies[keyof OperationFamilies] & OperationMarks;

/**
 * The operations of each family, by family: each family's module adds its
 * own entry (`declare module '../operation.js'`) beside the types of its
 * operations, so that the union above is read from the families and none
 * is listed twice.
 */
export interface OperationFamilies {}

/** What an operation of any kind may carry besides its kind's own fields; never written in a revision file. */
export interface OperationMarks {
  /**
   * There for one direction only. `downgrade`: the upgrade leaves it out, and
   * the downgrade has its reverse where the whole list puts it; `upgrade`:
   * the upgrade runs it, and the downgrade undoes it otherwise (by the
   * reverses of the `downgrade` ones). What uses an enum gaining values is
   * dropped and created again around the addition only so that the
   * downgrade, which removes the values by replacing the enum, has it out of
   * the way: the upgrade itself is a bare `ADD VALUE`. A view gaining columns
   * at its end is replaced in place (`upgrade`), while its downgrade, which
   * no `CREATE OR REPLACE` can do, drops and creates it (`downgrade`).
   */
  readonly only?: 'upgrade' | 'downgrade';
}

/** The operations an upgrade runs, as a revision file holds them: those there for the downgrade only (`OperationMarks`) left out. */
export function upgradeOperations<T extends Operation>(operations: readonly T[]): T[] {
  return operations.filter((op) => op.only !== 'downgrade').map(unmarked);
}

/** The operations a downgrade undoes: those there for the upgrade only (`OperationMarks`) left out. */
export function downgradeOperations<T extends Operation>(operations: readonly T[]): T[] {
  return operations.filter((op) => op.only !== 'upgrade');
}

/** `to` with the marks of `from` (`OperationMarks`): `to` stands for `from`. */
export function withMarksOf<T extends Operation>(from: Operation, to: T): T {
  return from.only === undefined ? unmarked(to) : { ...to, only: from.only };
}

/** An operation without its marks (`OperationMarks`), as a revision file holds it. */
export function unmarked<T extends Operation>(op: T): T {
  if (op.only === undefined) return op;
  const { only: _, ...rest } = op;
  return rest as T;
}

export type OperationKind = Operation['kind'];

export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;

/**
 * A table with one entry per operation kind, each taking that kind's
 * operation: adding a kind to `Operation` fails to compile until every such
 * table has it.
 */
export type PerKind<R> = { readonly [K in OperationKind]: (op: OperationOf<K>) => R };

/** The entries of a `PerKind` table for the kinds `K` of one family; tables are built from such parts. */
export type PerFamilyKind<K extends OperationKind, R> = Pick<PerKind<R>, K>;

/** Calls the entry of `table` for the kind of `op`; an operation of no known kind throws. */
export function forKind<R>(table: PerKind<R>, op: Operation): R {
  if (!Object.hasOwn(table, op.kind)) return assertNever(op as never, 'operation kind');
  // The entry for op.kind takes exactly OperationOf<op.kind>; TypeScript cannot correlate the two.
  const entry = table[op.kind] as (op: Operation) => R;
  return entry(op);
}

/** Whether the operation runs outside a transaction (in an `op.autocommit` block): an online form, or a backfill. */
export function isOnline(op: Operation): boolean {
  return op.kind === 'backfill' || ('online' in op && op.online === true);
}

/**
 * Where the online part of a revision starts (see `onlinePlan`): its first
 * operation that runs outside a transaction; what follows it, up to
 * `onlineEnd`, goes in the same `op.autocommit` block. The length of the
 * list when there is none.
 */
export function onlineStart(operations: readonly Operation[]): number {
  const first = operations.findIndex(isOnline);
  return first === -1 ? operations.length : first;
}

/**
 * Where the online part of a revision ends: after its last operation that runs
 * outside a transaction; what follows runs in a transaction after the
 * `op.autocommit` block. The length of the list when there is none.
 */
export function onlineEnd(operations: readonly Operation[]): number {
  for (let end = operations.length; end > 0; end--) if (isOnline(operations[end - 1]!)) return end;
  return operations.length;
}
