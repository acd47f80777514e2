import type { Operation } from '../../ops/operation.js';
import type { ConstraintModel, IndexModel, TableModel } from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import { namesQualified, usesOperators } from '../../sql/references.js';

/** An operator by schema and symbol: every overload of the symbol counts, since text does not say which one it uses. */
export type OperatorRef = { schema: string; name: string };

/**
 * Whether an expression uses one of the operators: Postgres prints an
 * operator outside its search path (the reflector reads with an empty one)
 * as `OPERATOR(schema.symbol)`.
 */
export function usesOperator(text: string | null | undefined, operators: readonly OperatorRef[]): boolean {
  if (text === null || text === undefined) return false;
  return usesOperators(text, operators);
}

/** The operators `ops` drop. */
export function droppedOperators(ops: readonly Operation[]): OperatorRef[] {
  return ops.flatMap((op) => (op.kind === 'dropOperator' ? [{ schema: op.schema, name: op.name }] : []));
}

/** The operator classes `ops` drop. */
export function droppedOperatorClasses(ops: readonly Operation[]): OperatorRef[] {
  return ops.flatMap((op) => (op.kind === 'dropOperatorClass' ? [{ schema: op.schema, name: op.name }] : []));
}

/** Whether a text (an index key's operator class, an exclusion constraint) names one of the classes, `schema.name`. */
export function namesOperatorClass(text: string | null | undefined, classes: readonly OperatorRef[]): boolean {
  if (text === null || text === undefined) return false;
  return namesQualified(text, classes);
}

/** The index method and type of each default operator class `ops` drop. */
export function droppedDefaultClasses(ops: readonly Operation[]): { method: string; type: string }[] {
  return ops.flatMap((op) =>
    op.kind === 'dropOperatorClass' && op.removed?.default === true
      ? [{ method: op.removed.method, type: op.removed.type }]
      : [],
  );
}

/**
 * Whether an index uses one of the default classes without naming it: a
 * key on a column of the class's type, of the class's method, with no
 * operator class of its own (Postgres prints none for a default class).
 */
export function usesDefaultClass(
  index: IndexModel,
  table: TableModel,
  classes: readonly { method: string; type: string }[],
): boolean {
  if (classes.length === 0) return false;
  const types = new Map(table.columns.map((c) => [c.name, c.type]));
  return index.columns.some(
    (key) =>
      'column' in key &&
      key.opclass === undefined &&
      classes.some((c) => c.method === index.method && c.type === types.get(key.column)),
  );
}

/**
 * Whether a primary key or unique constraint's index uses one of the default
 * btree classes: a key column of the class's type (a key names no class).
 */
export function keyUsesDefaultClass(
  constraint: ConstraintModel,
  table: TableModel,
  classes: readonly { method: string; type: string }[],
): boolean {
  if (constraint.type !== 'primaryKey' && constraint.type !== 'unique') return false;
  const types = new Map(table.columns.map((c) => [c.name, c.type]));
  return constraint.columns.some((column) => classes.some((c) => c.method === 'btree' && c.type === types.get(column)));
}

/**
 * The constraints that move with a default btree class: the keys using it
 * (above) and every foreign key that references a table with such a key,
 * since Postgres will not drop a key a foreign key depends on.
 */
export function keysOnDefaultClass(
  tables: readonly TableModel[],
  classes: readonly { method: string; type: string }[],
  constraintsOf: (table: TableModel) => readonly ConstraintModel[],
): (constraint: ConstraintModel, table: TableModel) => boolean {
  if (!classes.some((c) => c.method === 'btree')) return () => false;
  const referenced = new Set(
    tables
      .filter((t) => constraintsOf(t).some((c) => keyUsesDefaultClass(c, t, classes)))
      .map((t) => qualifiedKey(t.schema, t.name)),
  );
  return (constraint, table) =>
    keyUsesDefaultClass(constraint, table, classes) ||
    (constraint.type === 'foreignKey' && referenced.has(qualifiedKey(constraint.refSchema, constraint.refTable)));
}
