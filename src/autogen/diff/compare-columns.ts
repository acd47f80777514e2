import type { OperationOf } from '../../ops/operation.js';
import type { ColumnChange } from '../../ops/families/columns.js';
import type { ColumnModel, StorageParameters, TableModel } from '../../schema/model.js';
import { orderedColumn, sameValue } from './compare-values.js';
import type { Writable } from '../../util/writable.js';
import { sequenceNamesIn } from '../../ops/things.js';

export type AlterColumnOperation = OperationOf<'alterColumn'>;

export interface ColumnsComparison {
  /** Columns only the target has, in the target's column order. */
  add: ColumnModel[];
  /**
   * Columns only the current side has. The scheduler drops them last first
   * (`order/places.ts`), so that the downgrade adds them back in their order.
   */
  drop: ColumnModel[];
  /** Changes to columns both sides have, in the target's column order. */
  alter: AlterColumnOperation[];
  /**
   * Changes `alter` leaves out, one message each with why, in the target's
   * column order: a type change to or from serial (a serial column owns a sequence).
   */
  unsupported: string[];
  /**
   * Names of the columns both sides have whose constraints and indexes are
   * dropped before and created again after: those dropped and added again,
   * and generated ones made plain (their downgrade drops and adds them).
   */
  rebuilt: Set<string>;
}

/**
 * Compares the columns of two versions of one table, by column name. A
 * column that must be recreated (see `mustRecreate`) is both dropped and added.
 * A type change to or from serial is left out of `alter` and reported in `unsupported`.
 * `expressionsInPlace`: the server sets a generation expression in place (`SchemaModel.expressionsInPlace`);
 * `published`: the table's changes are published (logical replication), on either side.
 */
export function compareColumns(
  current: TableModel,
  target: TableModel,
  expressionsInPlace = false,
  published = false,
): ColumnsComparison {
  const currentByName = new Map(current.columns.map((column) => [column.name, column]));
  const inPlace = generatedInPlace(current, target, expressionsInPlace, published);
  const recreated = columnsWhere(current, target, (before, after) => mustRecreate(before, after, inPlace));
  const kept = (column: ColumnModel): boolean => !recreated.has(column.name);
  const targetNames = new Set(target.columns.filter(kept).map((column) => column.name));
  const alter: AlterColumnOperation[] = [];
  const unsupported: string[] = [];
  for (const column of target.columns) {
    const before = currentByName.get(column.name);
    if (before !== undefined && isSerialChange(before, column)) unsupported.push(serialMessage(target, before, column));
    const change = before === undefined || !kept(column) ? null : columnChange(before, column);
    if (change !== null && before !== undefined) {
      const computed = isComputedRetype(before, column) ? { computed: true as const } : {};
      // An identity's values came from its own sequence: the one a new default calls is moved past them.
      const pastRows =
        before.identity !== null && sequenceNamesIn(change.to.default).length > 0 ? { pastRows: true as const } : {};
      alter.push({
        kind: 'alterColumn',
        schema: target.schema,
        table: target.name,
        column: column.name,
        ...change,
        ...computed,
        ...pastRows,
      });
    }
  }
  return {
    add: target.columns.filter((column) => !currentByName.has(column.name) || !kept(column)).map(orderedColumn),
    drop: current.columns.filter((column) => !targetNames.has(column.name)).map(orderedColumn),
    alter,
    unsupported,
    rebuilt: new Set([...recreated, ...columnsWhere(current, target, becomesPlain)]),
  };
}

/**
 * Which changes of its generated columns a table takes in place: a
 * new type alone (`types`), and a new expression where the server can
 * (`expressions`; a virtual column's, `virtualExpressions`, only on a table
 * with no check constraint whose changes are not published, on either side:
 * PostgreSQL 18 refuses it otherwise). Neither where one of its plain columns changes type:
 * Postgres cannot change the type of a column a generated column uses, so
 * the generated ones are dropped first and added back after. No new
 * expression where the table gains or loses columns, which the expressions
 * may read: dropped and added, a generated column is placed by them.
 */
interface GeneratedInPlace {
  readonly types: boolean;
  readonly expressions: boolean;
  readonly virtualExpressions: boolean;
}

function generatedInPlace(
  current: TableModel,
  target: TableModel,
  expressionsInPlace: boolean,
  published: boolean,
): GeneratedInPlace {
  const before = new Map(current.columns.map((column) => [column.name, column]));
  const retyped = target.columns.some((column) => {
    const was = before.get(column.name);
    return (
      was !== undefined && was.generated === undefined && column.generated === undefined && was.type !== column.type
    );
  });
  const names = new Set(target.columns.map((column) => column.name));
  const reshaped =
    target.columns.some((column) => !before.has(column.name)) || current.columns.some((c) => !names.has(c.name));
  const expressions = expressionsInPlace && !retyped && !reshaped;
  const checked = current.checks.length > 0 || target.checks.length > 0;
  return { types: !retyped, expressions, virtualExpressions: expressions && !checked && !published };
}

function columnsWhere(
  current: TableModel,
  target: TableModel,
  test: (before: ColumnModel, after: ColumnModel) => boolean,
): Set<string> {
  const currentByName = new Map(current.columns.map((column) => [column.name, column]));
  const names = new Set<string>();
  for (const column of target.columns) {
    const before = currentByName.get(column.name);
    if (before !== undefined && test(before, column)) names.add(column.name);
  }
  return names;
}

/**
 * Postgres cannot turn a column into a generated one, nor change a
 * generation expression (before 17), nor make a stored column virtual or a
 * virtual one stored, nor cast a generated column `USING` an expression:
 * such columns are dropped and added back, at the end of the table. A
 * generated column made plain keeps its values instead (`DROP EXPRESSION`,
 * see `becomesPlain`); one that stays stored, or virtual, and keeps its
 * expression changes its type in place, its values computed again
 * (`isComputedRetype`), and one that keeps its type takes a new expression
 * in place where the server can (`isNewExpression`), as `generatedInPlace`
 * allows.
 */
function mustRecreate(before: ColumnModel, after: ColumnModel, inPlace: GeneratedInPlace): boolean {
  if (before.generated === undefined && after.generated === undefined) return false;
  if (becomesPlain(before, after)) return false;
  if (inPlace.types && isComputedRetype(before, after)) return false;
  const expressions = after.generatedVirtual === true ? inPlace.virtualExpressions : inPlace.expressions;
  if (expressions && isNewExpression(before, after)) return false;
  return (
    before.generated !== after.generated ||
    before.type !== after.type ||
    (before.generatedVirtual ?? false) !== (after.generatedVirtual ?? false)
  );
}

/** A generated column that keeps its type and changes its expression (`SET EXPRESSION AS`). */
function isNewExpression(before: ColumnModel, after: ColumnModel): boolean {
  return generatedAlike(before, after) && before.generated !== after.generated && before.type === after.type;
}

/** A generated column that keeps its expression and changes its type (`ALTER COLUMN ... TYPE`, no `USING`). */
function isComputedRetype(before: ColumnModel, after: ColumnModel): boolean {
  return generatedAlike(before, after) && before.generated === after.generated && before.type !== after.type;
}

/** A column generated on both sides, stored on both or virtual on both. */
function generatedAlike(before: ColumnModel, after: ColumnModel): boolean {
  return (
    before.generated !== undefined &&
    after.generated !== undefined &&
    (before.generatedVirtual ?? false) === (after.generatedVirtual ?? false)
  );
}

function becomesPlain(before: ColumnModel, after: ColumnModel): boolean {
  return before.generated !== undefined && after.generated === undefined;
}

/**
 * The changed parts of a column: `to` holds the new values, `from` the old
 * values of the same parts. Null when nothing `alterColumn` can express
 * changed (a type change to or from serial is left out: `compareColumns` reports it).
 */
export function columnChange(before: ColumnModel, after: ColumnModel): { to: ColumnChange; from: ColumnChange } | null {
  const to: Writable<ColumnChange> = {};
  const from: Writable<ColumnChange> = {};
  const typeChanged = before.type !== after.type && !isSerialChange(before, after);
  if (typeChanged) {
    to.type = after.type;
    from.type = before.type;
  }
  collationChange(before, after, to, from);
  if (before.nullable !== after.nullable) {
    to.nullable = after.nullable;
    from.nullable = before.nullable;
  }
  /* A type change drops and sets the default again, as the old default may not cast to the new type. */
  if (before.default !== after.default || (typeChanged && before.default !== null)) {
    to.default = after.default;
    from.default = before.default;
  }
  if (!sameValue(before.identity, after.identity)) {
    to.identity = after.identity;
    from.identity = before.identity;
  }
  if (becomesPlain(before, after)) plainChange(before, to, from);
  if (isNewExpression(before, after)) {
    to.expression = after.generated!;
    from.expression = before.generated!;
  }
  // A virtual column's new expression or type computes nothing until it is read: the operation says it is virtual.
  if ((to.expression !== undefined || isComputedRetype(before, after)) && after.generatedVirtual === true) {
    to.generatedVirtual = true;
    from.generatedVirtual = true;
  }
  if ((before.statistics ?? null) !== (after.statistics ?? null)) {
    to.statistics = after.statistics ?? null;
    from.statistics = before.statistics ?? null;
  }
  optionsChange(before.options, after.options, to, from);
  if ((before.storage ?? null) !== (after.storage ?? null)) {
    to.storage = after.storage ?? null;
    from.storage = before.storage ?? null;
  }
  if ((before.compression ?? null) !== (after.compression ?? null)) {
    to.compression = after.compression ?? null;
    from.compression = before.compression ?? null;
  }
  return Object.keys(to).length === 0 ? null : { to, from };
}

/** The attribute options that differ, each side's value or null. */
function optionsChange(
  before: StorageParameters | undefined,
  after: StorageParameters | undefined,
  to: Writable<ColumnChange>,
  from: Writable<ColumnChange>,
): void {
  const names = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter(
    (name) => before?.[name] !== after?.[name],
  );
  if (names.length === 0) return;
  to.options = Object.fromEntries(names.map((name) => [name, after?.[name] ?? null]));
  from.options = Object.fromEntries(names.map((name) => [name, before?.[name] ?? null]));
}

/**
 * A generated column made plain: `to.generated` null drops the expression;
 * `from` describes the column as it was (expression, virtual or not, type,
 * nullability, collation), since the reverse drops it and adds it back
 * generated (and a virtual one is added back stored before its expression
 * is dropped).
 */
function plainChange(before: ColumnModel, to: Writable<ColumnChange>, from: Writable<ColumnChange>): void {
  to.generated = null;
  from.generated = before.generated ?? null;
  if (before.generatedVirtual === true) from.generatedVirtual = true;
  from.type = before.type;
  from.nullable = before.nullable;
  if (before.collation !== undefined) from.collation = before.collation;
}

/**
 * A collation is set with the type: a changed collation sets the type as
 * well (the same type, so nothing is cast), and a type change restates a
 * kept collation, which `ALTER COLUMN ... TYPE` would otherwise reset.
 */
function collationChange(
  before: ColumnModel,
  after: ColumnModel,
  to: Writable<ColumnChange>,
  from: Writable<ColumnChange>,
): void {
  const changed = (before.collation ?? null) !== (after.collation ?? null);
  if (!changed && (to.type === undefined || (before.collation === undefined && after.collation === undefined))) return;
  if (isSerialChange(before, after)) return;
  to.type = after.type;
  from.type = before.type;
  to.collation = after.collation ?? null;
  from.collation = before.collation ?? null;
}

/** Why a type change to or from serial is left out. */
function serialMessage(target: TableModel, before: ColumnModel, after: ColumnModel): string {
  return (
    `column ${target.schema}.${target.name}.${after.name}: type changed from ${before.type} to ${after.type}; ` +
    'a serial column owns a sequence (write this change by hand)'
  );
}

const SERIAL_TYPES = new Set(['serial', 'bigserial', 'smallserial']);

/** A type change to or from a serial type, which `ALTER COLUMN ... TYPE` cannot express. */
function isSerialChange(before: ColumnModel, after: ColumnModel): boolean {
  return before.type !== after.type && (SERIAL_TYPES.has(before.type) || SERIAL_TYPES.has(after.type));
}
