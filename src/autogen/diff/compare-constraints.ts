import type { ConstraintModel, ForeignKeyModel, TableModel } from '../../schema/model.js';
import { orderedConstraint, sameSet, sameValue, sortByName } from './compare-values.js';
import { constraintsOf } from '../../schema/model.js';
import type { AlterableConstraint, ConstraintState } from '../../ops/families/keys.js';
import { STATE_FIELDS, stateOf, withState } from '../../ops/families/keys.js';

export type ForeignKeyConstraint = Extract<ConstraintModel, { type: 'foreignKey' }>;

export interface ConstraintsComparison {
  /** Constraints only the current side has, or whose definition changed; sorted by name. */
  drop: ConstraintModel[];
  /** Constraints only the target has, or whose definition changed; sorted by name. */
  add: ConstraintModel[];
  /** Constraints changed in place (`alterableChange`), as the target has them, with what they were; sorted by name. */
  alter: { constraint: AlterableConstraint; from: ConstraintState }[];
}

/**
 * A unique key on a table (primary key, unique constraint, or a plain
 * non-partial unique index) that a foreign key may depend on.
 */
export interface UniqueKeyRef {
  schema: string;
  table: string;
  columns: readonly string[];
}

/** Every constraint of a table (`constraintsOf`), sorted by name, each with its fields in a fixed order. */
export function tableConstraints(table: TableModel): ConstraintModel[] {
  return sortByName(constraintsOf(table)).map(orderedConstraint);
}

/**
 * Compares constraints by name. A constraint whose name stays but whose
 * definition (kind included) changes is dropped and added again, unless
 * `inPlace` holds for it and `alterConstraint` can make the change (`alterableChange`); a
 * renamed one is simply a drop and an add. So is an unchanged one for which
 * `renew` holds (it uses a column that is dropped and added again). With
 * `storageInPlace`, a key's index's storage parameters alone are no change
 * here: the caller sets them in place (compare-table-features.ts).
 */
export function compareConstraints(
  current: TableModel,
  target: TableModel,
  renew: (constraint: ConstraintModel) => boolean = () => false,
  {
    storageInPlace = false,
    inPlace = () => false,
  }: { storageInPlace?: boolean; inPlace?: (constraint: ConstraintModel) => boolean } = {},
): ConstraintsComparison {
  // Compared as they are (sameValue ignores key order); only what is dropped or added is copied in order.
  const before = new Map(sortByName(constraintsOf(current)).map((c) => [c.name, c]));
  const after = new Map(sortByName(constraintsOf(target)).map((c) => [c.name, c]));
  const compared = (c: ConstraintModel | undefined) => (storageInPlace && c !== undefined ? withoutKeyStorage(c) : c);
  const alter: ConstraintsComparison['alter'] = [];
  for (const [name, c] of after) {
    const previous = before.get(name);
    if (previous === undefined || !inPlace(c) || renew(previous) || renew(c)) continue;
    const from = alterableChange(previous, c);
    if (from !== null) alter.push({ constraint: orderedConstraint(c) as AlterableConstraint, from });
  }
  const altered = new Set(alter.map((a) => a.constraint.name));
  const changed = (c: ConstraintModel, other: ConstraintModel | undefined): boolean =>
    !altered.has(c.name) && (!sameValue(compared(c), compared(other)) || (other !== undefined && renew(other)));
  const drop = [...before.values()]
    .filter((c) => changed(c, after.get(c.name)) || (!altered.has(c.name) && renew(c)))
    .map(orderedConstraint);
  const add = [...after.values()].filter((c) => changed(c, before.get(c.name))).map(orderedConstraint);
  return { drop, add, alter };
}

/** A primary key or unique constraint without its index's storage parameters; another constraint as it is. */
export function withoutKeyStorage(constraint: ConstraintModel): ConstraintModel {
  if (constraint.type !== 'primaryKey' && constraint.type !== 'unique') return constraint;
  const { with: _with, ...rest } = constraint;
  return rest;
}

export function isForeignKey(constraint: ConstraintModel): constraint is ForeignKeyConstraint {
  return constraint.type === 'foreignKey';
}

export function foreignKeyConstraint(key: ForeignKeyModel): ForeignKeyConstraint {
  return orderedConstraint({ type: 'foreignKey', ...key }) as ForeignKeyConstraint;
}

/** The unique key a primary key or unique constraint provides, or null for other kinds. */
export function constraintKey(schema: string, table: string, constraint: ConstraintModel): UniqueKeyRef | null {
  if (constraint.type !== 'primaryKey' && constraint.type !== 'unique') return null;
  return { schema, table, columns: constraint.columns };
}

/** Whether a foreign key references exactly the columns of `key` (in any order). */
export function dependsOnKey(foreignKey: ForeignKeyModel, key: UniqueKeyRef): boolean {
  return (
    foreignKey.refSchema === key.schema &&
    foreignKey.refTable === key.table &&
    sameSet(foreignKey.refColumns, key.columns)
  );
}

/**
 * What `alterConstraint` can do between two versions of a constraint: the
 * fields that differ, as `from` has them; null when anything else differs,
 * or the constraint is not a foreign key or check (a check's deferral is
 * never set), or either side is `NOT ENFORCED`.
 */
export function alterableChange(from: ConstraintModel, to: ConstraintModel): ConstraintState | null {
  if (from.type !== to.type || (to.type !== 'foreignKey' && to.type !== 'check')) return null;
  const before = from as AlterableConstraint;
  if (before.notEnforced === true || to.notEnforced === true) return null;
  const changed = STATE_FIELDS.filter((f) => (before as ConstraintState)[f] !== (to as ConstraintState)[f]);
  if (changed.length === 0) return null;
  const state = Object.fromEntries(changed.map((f) => [f, (before as ConstraintState)[f] === true]));
  if (!sameValue(withState(before, stateOf(to, state)), to)) return null;
  return state;
}
