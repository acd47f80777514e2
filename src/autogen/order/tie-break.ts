import { specOf } from '../../ops/operation-specs.js';
import type { Operation } from '../../ops/operation.js';
import { compareTuples } from '../diff/compare-values.js';
import { NO_PLACES, type Place } from './places.js';

/**
 * The scheduler's tie-break within a slot: every operation's key, from its
 * kind's spec (`tieBreak`), so that the order of a slot does not depend on
 * the order the stages emitted it in. A key is its family's rank, then the
 * object's names as the comparisons key it, in `compareText` order; a
 * table's columns and a composite type's attributes go by their places in it
 * (`places.ts`), an enum's added values by how many values it has before
 * each is added. What is left equal keeps its order: operations equal in
 * every part.
 */

/**
 * An operation's key: its family's rank (reversed: from the last family),
 * then its names, then its place inside its object (`places.ts`).
 */
function tieBreakKey(op: Operation, reversed: boolean, place: Place): readonly string[] {
  const [family, ...names] = specOf(op).tieBreak(op);
  return [reversed ? String(9 - Number(family)) : family!, ...names, place(op)];
}
/**
 * `ops` in their keys' order (`tieBreakKey`), the families from the last
 * when `reversed` (a slot of drops, dependents first); equal keys keep their order.
 */
export function byTieBreak(ops: readonly Operation[], reversed = false, place: Place = NO_PLACES): Operation[] {
  if (ops.length < 2) return [...ops];
  const keyed = ops.map((op, i) => ({ op, i, key: tieBreakKey(op, reversed, place) }));
  keyed.sort((a, b) => compareTuples(a.key, b.key) || a.i - b.i);
  return keyed.map(({ op }) => op);
}
