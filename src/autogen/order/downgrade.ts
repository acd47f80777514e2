import { downgradeOperations, isOnline, onlineStart, type Operation } from '../../ops/operation.js';
import { reverseOperation } from '../../ops/reverse.js';
import { chainedReplacement } from '../../ops/families/enum-replace.js';
import { dependencyEdges } from '../../ops/dependency-order.js';
import { footprint } from '../../ops/footprint.js';
import { errorMessage } from '../../util/errors.js';
import { readyOrder } from '../../util/ready-order.js';
import type { DowngradePlan, Reversal } from '../steps.js';

/**
 * A revision's downgrade, from its upgrade's operations: each reversed, in
 * the order the dependency edges between the reversed operations give
 * (`dependencyEdges`), ties in the reverse of the upgrade's order, so a
 * downgrade that the reversal already orders well is that reversal. The
 * online part of the upgrade (from its first operation that runs outside a
 * transaction) is undone first: its plain reversals in a transaction, then
 * its indexes built or dropped concurrently, concurrently (a plain undoing
 * that needs what those build again follows that build among them; one that
 * needs what the rest makes again waits with the rest). A backfill needs no
 * undoing: the change to its columns is undone. What is there for the upgrade
 * only (`OperationMarks`) is undone by what is there for the downgrade only.
 */
export function downgradePlan(operations: readonly Operation[]): DowngradePlan {
  const upgrade = downgradeOperations(operations);
  const split = onlineStart(upgrade);
  const undoOnline = upgrade
    .slice(split)
    .filter((op) => op.kind !== 'backfill')
    .reverse();
  // An index built or dropped concurrently is undone concurrently; a key, check or NOT NULL added online is dropped plainly.
  const concurrent = undoOnline.map((op) => isOnline(op) && (op.kind === 'createIndex' || op.kind === 'dropIndex'));
  const undone = undoOnline.map(reversal);
  const undoConcurrent = undone.filter((_, i) => concurrent[i]);
  const undoRest = upgrade.slice(0, split).reverse().map(reversal);
  const made = (reversals: readonly Reversal[]) =>
    new Set(reversals.flatMap((r) => ('op' in r ? footprint(r.op).makes : [])));
  const needs = (r: Reversal, things: ReadonlySet<string>): boolean =>
    'op' in r && footprint(r.op).needs.some((thing) => things.has(thing));
  // A plain undoing that needs what a later part makes again joins that part: the rest's, after it; an index
  // built again concurrently (a replica identity on it), the concurrent part, in the upgrade's order reversed,
  // so that it follows that build and comes before what the upgrade did before it (the new index dropped).
  const madeByRest = made(undoRest);
  const madeConcurrently = made(undoConcurrent);
  const plain = undone.filter((_, i) => !concurrent[i]);
  const late = plain.filter((r) => needs(r, madeByRest));
  const withConcurrent = plain.filter((r) => !late.includes(r) && needs(r, madeConcurrently));
  return {
    onlinePlain: inDependencyOrder(plain.filter((r) => !late.includes(r) && !withConcurrent.includes(r))),
    onlineConcurrent: inDependencyOrder(undone.filter((r, i) => concurrent[i] || withConcurrent.includes(r))),
    rest: inDependencyOrder([...undoRest, ...late]),
  };
}

function reversal(op: Operation): Reversal {
  try {
    return { op: reverseOperation(op) };
  } catch (error) {
    return { irreversible: errorMessage(error) };
  }
}

/**
 * Reversals each after those it depends on; one that cannot be reversed waits for nothing and holds nothing back.
 * Replacements of one enum next to each other, each from the values the one before leaves, are one.
 */
function inDependencyOrder(reversals: readonly Reversal[]): Reversal[] {
  const ops = reversals.map((r): Operation => ('op' in r ? r.op : { kind: 'executeSql', sql: '' }));
  const waits = dependencyEdges(ops, { placedBeforeRemovalNeedsOld: true });
  const fills = fillsFirst(ops, waits);
  const ordered = readyOrder(fillsMovedUp(reversals.length, fills), String, (i) =>
    [...waits[i]!, ...fills[i]!].map(String),
  );
  const out: Reversal[] = [];
  for (const reversal of ordered.map((i) => reversals[i]!)) {
    const last = out.at(-1);
    const chained =
      last !== undefined && 'op' in last && last.op.kind === 'replaceEnum' && 'op' in reversal
        ? reversal.op.kind === 'replaceEnum'
          ? chainedReplacement(last.op, reversal.op)
          : null
        : null;
    if (chained === null) out.push(reversal);
    else out[out.length - 1] = { op: chained };
  }
  return out;
}

/**
 * The positions in the reversal's order, but each column added back with its
 * values (`fillsFirst`) just before the first drop that waits for it: those
 * drops keep their place among the rest, which may need them gone without an
 * edge saying so (a function their default calls, which only its text names).
 */
function fillsMovedUp(count: number, fills: readonly number[][]): number[] {
  const ahead = new Map<number, number[]>();
  const moved = new Set<number>();
  fills.forEach((adds, drop) => {
    for (const add of adds) {
      if (add < drop || moved.has(add)) continue;
      moved.add(add);
      ahead.set(drop, [...(ahead.get(drop) ?? []), add]);
    }
  });
  return Array.from({ length: count }, (_, i) => i).flatMap((i) => (moved.has(i) ? [] : [...(ahead.get(i) ?? []), i]));
}

/**
 * A column added back with its values to write (`fill`), which the author may
 * compute from the table's other columns: the drops of its table's other
 * columns wait for it, unless it waits for one of them itself.
 */
function fillsFirst(ops: readonly Operation[], waits: readonly number[][]): number[][] {
  const reaches = (from: number, to: number): boolean => {
    const seen = new Set<number>();
    const walk = (at: number): boolean => {
      if (at === to) return true;
      if (seen.has(at)) return false;
      seen.add(at);
      return waits[at]!.some(walk);
    };
    return walk(from);
  };
  return ops.map((op, i) =>
    op.kind !== 'dropColumn'
      ? []
      : ops.flatMap((other, j) =>
          other.kind === 'addColumn' &&
          other.fill !== undefined &&
          other.schema === op.schema &&
          other.table === op.table &&
          other.column.name !== op.column &&
          !reaches(j, i)
            ? [j]
            : [],
        ),
  );
}
