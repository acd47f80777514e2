import type { Operation } from '../../ops/operation.js';
import { orderOperations, type ChangePlan } from './order.js';
import { applyPlacements } from './placements.js';
import { commentsInOrder, defaultPrivilegesInOrder, grantsInOrder, ownersInOrder } from './envelope.js';
import { rowCopyPlacements, type RebuiltRows } from './row-copies.js';
import { compareTuples } from '../diff/compare-values.js';
import { NO_PLACES, type Place } from './places.js';

/**
 * The one scheduler of a revision's operations. Every other stage hands it
 * what it found as steps in their slots and comparisons (`ChangePlan`, run by
 * `orderOperations` over the slots and the dependency edges), the comment and
 * privilege steps, and the rows of rebuilt tables (`RebuiltRows`), which it
 * places next to the operations they must precede or follow
 * (`row-copies.ts`). Nothing else in the comparator moves operations by
 * position.
 */

/** Privileges revoked and granted, by the comparisons of grants, default privileges and owners. */
export interface PrivilegeParts {
  grants: { revokes: readonly Operation[]; grants: readonly Operation[] };
  defaults: { revokes: readonly Operation[]; grants: readonly Operation[] };
  owners: { before: readonly Operation[]; after: readonly Operation[] };
}

/**
 * The privileges' envelope around a revision: revoked first (the grants',
 * then the default privileges', then a dropped object's owner change, after
 * the revokes that name its owner), and granted last (the other owners'
 * changes first, since an owner's own privileges move with the object, then
 * the grants, then the default privileges); each part in its order
 * (`envelope.ts`), whatever order its comparison emitted it in.
 */
export function privilegeEnvelope(parts: PrivilegeParts): { revokes: Operation[]; grants: Operation[] } {
  return {
    revokes: [
      ...grantsInOrder(parts.grants.revokes, 'remove'),
      ...defaultPrivilegesInOrder(parts.defaults.revokes, 'remove'),
      ...ownersInOrder(parts.owners.before),
    ],
    grants: [
      ...ownersInOrder(parts.owners.after),
      ...grantsInOrder(parts.grants.grants, 'add'),
      ...defaultPrivilegesInOrder(parts.defaults.grants, 'add'),
    ],
  };
}

/** Everything a revision's schedule is made of, in the comparator's terms. */
export interface RevisionParts {
  /**
   * Serial columns: lost defaults set again and serial columns made plain, the
   * very first steps; columns made serial, the last steps before the comments set.
   */
  serial: { first: readonly Operation[]; last: readonly Operation[] };
  /**
   * Comments on objects dropped, removed while the objects exist (second),
   * and every comment set (last), in any order (`commentsInOrder`).
   */
  comments: (scheduled: readonly Operation[]) => { clears: readonly Operation[]; sets: readonly Operation[] };
  /**
   * The privileges' steps (`grants`), the default privileges' (`defaults`)
   * and the owners' changes (`owners`: a dropped object's `before`, the
   * others' `after`), from the operations scheduled; `scheduleRevision` puts
   * them around the rest (`privilegeEnvelope`).
   */
  grants: (scheduled: readonly Operation[]) => PrivilegeParts;
  plan: ChangePlan;
  /** The rows of rebuilt tables, copied around their drops and creations (`rowCopyPlacements`). */
  rowCopies: readonly RebuiltRows[];
}

/**
 * The revision's operations in their final order: the first serial steps, comments
 * cleared, the plan in its slots (see `orderOperations`), with the rows of rebuilt tables placed,
 * the last serial steps, then the comments set; privileges are revoked after
 * the comments cleared and granted last.
 */
export function scheduleRevision(parts: RevisionParts): Operation[] {
  const placed = applyPlacements(orderOperations(parts.plan), rowCopyPlacements(parts.rowCopies));
  const comments = commentsInOrder(parts.comments(placed));
  const grants = privilegeEnvelope(parts.grants(placed));
  const place = parts.plan.places ?? NO_PLACES;
  return [
    ...serialInOrder(parts.serial.first, place),
    ...comments.clears,
    ...grants.revokes,
    ...placed,
    ...serialInOrder(parts.serial.last, place),
    ...comments.sets,
    ...grants.grants,
  ];
}

/**
 * The serial columns' steps (`RevisionParts.serial`), whatever order they were
 * found in: by the column each is for, its table's (schema, name) then its
 * place in the table (`places.ts`); a column's own steps in the order they
 * run: its sequence created, its default set or dropped, its sequence dropped.
 * A sequence's steps are for the column that owns it.
 */
export function serialInOrder(ops: readonly Operation[], place: Place): Operation[] {
  const keyed = ops.map((op, i) => ({ op, i, key: serialKey(op, place) }));
  keyed.sort((a, b) => compareTuples(a.key, b.key) || a.i - b.i);
  return keyed.map(({ op }) => op);
}

/** The column a serial step is for, and the step's rank among that column's steps; empty for any other step. */
function serialKey(op: Operation, place: Place): readonly string[] {
  const column = (
    schema: string,
    owner: { table: string; column: string } | null | undefined,
    rank: string,
  ): string[] => {
    if (owner == null) return [];
    const at = place({ kind: 'alterColumn', schema, table: owner.table, column: owner.column, to: {} });
    return [schema, owner.table, at, owner.column, rank];
  };
  switch (op.kind) {
    case 'createSequence':
      return column(op.sequence.schema, op.sequence.ownedBy, '0');
    case 'alterColumn':
      return column(op.schema, { table: op.table, column: op.column }, '1');
    case 'dropSequence':
      return column(op.schema, op.removed?.ownedBy, '2');
    default:
      return [];
  }
}

/**
 * A revision's operations from the renames decided before the comparison and
 * the comparison's own: the renames first, in the order of their rounds (each
 * round was decided on the database the rounds before it left), then the
 * changes, every one of which was compared against the renamed database and
 * so waits for every rename.
 */
export function renamesFirst(renames: readonly Operation[], changes: readonly Operation[]): Operation[] {
  return [...renames, ...changes];
}
