import { isOnline, onlineStart, type Operation } from '../../ops/operation.js';
import { reverseOperation } from '../../ops/reverse.js';
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
 * that needs what those or the rest make again waits for them with the
 * rest). A backfill needs no undoing: the change to its columns is undone.
 */
export function downgradePlan(upgrade: readonly Operation[]): DowngradePlan {
  const split = onlineStart(upgrade);
  const undoOnline = upgrade
    .slice(split)
    .filter((op) => op.kind !== 'backfill')
    .reverse();
  // An index built or dropped concurrently is undone concurrently; a key, check or NOT NULL added online is dropped plainly.
  const concurrent = undoOnline.filter((op) => isOnline(op) && (op.kind === 'createIndex' || op.kind === 'dropIndex'));
  const undoConcurrent = concurrent.map(reversal);
  const undoRest = upgrade.slice(0, split).reverse().map(reversal);
  // A plain undoing that needs what a later part makes again (a replica identity on an index built again) joins the rest.
  const madeLater = new Set([...undoConcurrent, ...undoRest].flatMap((r) => ('op' in r ? footprint(r.op).makes : [])));
  const undoPlain = undoOnline.filter((op) => !concurrent.includes(op)).map(reversal);
  const late = undoPlain.filter((r) => 'op' in r && footprint(r.op).needs.some((thing) => madeLater.has(thing)));
  return {
    onlinePlain: inDependencyOrder(undoPlain.filter((r) => !late.includes(r))),
    onlineConcurrent: inDependencyOrder(undoConcurrent),
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

/** Reversals each after those it depends on; one that cannot be reversed waits for nothing and holds nothing back. */
function inDependencyOrder(reversals: readonly Reversal[]): Reversal[] {
  const ops = reversals.map((r): Operation => ('op' in r ? r.op : { kind: 'executeSql', sql: '' }));
  const waits = dependencyEdges(ops);
  const positions = reversals.map((_, i) => i);
  return readyOrder(positions, String, (i) => waits[i]!.map(String)).map((i) => reversals[i]!);
}
