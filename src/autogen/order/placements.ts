import type { Operation } from '../../ops/operation.js';

/** An operation's test, for the anchors and the operations a placement moves. */
export type OperationTest = (op: Operation) => boolean;

/**
 * Operations placed among the already scheduled ones:
 * - `beforeFirst`: right before the first operation `anchor` picks (at the start when none does);
 *   those at or after it that `pulled` picks must precede the placed ones and move right before them;
 * - `afterLast`: right after the last operation `anchor` picks (at the start when none does);
 *   those at or before it that `pushed` picks must follow the placed ones and move right after them.
 * Placements apply in their order, each to the result of the ones before it;
 * what they move keeps its relative order, so the schedule stays byte-stable.
 */
export type Placement =
  | { at: 'beforeFirst'; anchor: OperationTest; pulled: OperationTest; ops: readonly Operation[] }
  | { at: 'afterLast'; anchor: OperationTest; pushed: OperationTest; ops: readonly Operation[] };

/** `ops` with the placements applied, in their order. */
export function applyPlacements(ops: readonly Operation[], placements: readonly Placement[]): Operation[] {
  return placements.reduce(applyPlacement, [...ops]);
}

function applyPlacement(ops: readonly Operation[], placement: Placement): Operation[] {
  switch (placement.at) {
    case 'beforeFirst': {
      const index = Math.max(
        ops.findIndex((op) => placement.anchor(op)),
        0,
      );
      const later = ops.slice(index);
      return [
        ...ops.slice(0, index),
        ...later.filter(placement.pulled),
        ...placement.ops,
        ...later.filter((op) => !placement.pulled(op)),
      ];
    }
    case 'afterLast': {
      const index = lastIndex(ops, placement.anchor);
      const earlier = ops.slice(0, index + 1);
      return [
        ...earlier.filter((op) => !placement.pushed(op)),
        ...placement.ops,
        ...earlier.filter(placement.pushed),
        ...ops.slice(index + 1),
      ];
    }
  }
}

function lastIndex(ops: readonly Operation[], test: OperationTest): number {
  for (let i = ops.length - 1; i >= 0; i -= 1) if (test(ops[i] as Operation)) return i;
  return -1;
}
