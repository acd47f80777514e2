import type { Operation } from '../../ops/operation.js';
import { lockedRelations } from '../../ops/relation-locks.js';
import { reverseOperation } from '../../ops/reverse.js';

/**
 * A revision runs in one transaction, which holds a lock on every relation
 * it creates, drops or alters until it commits (`ops/relation-locks.ts`).
 * When the upgrade or the downgrade of the ordered operations would hold
 * more than `budget` locks, they are cut into runs, each written as a
 * revision of its own on the one before: each run is a prefix of what is
 * left of the dependency order, so it needs only what the runs before it
 * made, and its downgrade, the reversal of its own operations, only what
 * those runs still hold. Each run holds at most `budget` locks either way,
 * unless one operation alone holds more; operations that fit are never cut.
 */
export interface LockChunks {
  /** The runs, in order: one, the operations as given, when they fit. */
  chunks: Operation[][];
  /** The locks the operations would hold in one transaction, upgrade or downgrade, whichever holds more. */
  locks: number;
}

export function chunkByLocks(operations: readonly Operation[], budget: number): LockChunks {
  // Each operation's locks, upgrade and downgrade, worked out once.
  const locks = operations.map((op): OperationLocks => ({ op, up: lockedRelations(op), down: undoLocks(op) }));
  const whole = new Held();
  for (const each of locks) whole.add(each);
  if (whole.size() <= budget) return { chunks: [[...operations]], locks: whole.size() };
  const chunks: Operation[][] = [];
  let current: Operation[] = [];
  let held = new Held();
  for (const each of locks) {
    if (current.length > 0 && held.sizeWith(each) > budget) {
      chunks.push(current);
      current = [];
      held = new Held();
    }
    current.push(each.op);
    held.add(each);
  }
  chunks.push(current);
  return { chunks, locks: whole.size() };
}

/** The relations an operation's upgrade and its downgrade lock. */
interface OperationLocks {
  op: Operation;
  up: string[];
  down: string[];
}

/** The relations a run's upgrade and its downgrade lock. */
class Held {
  private readonly up = new Set<string>();
  private readonly down = new Set<string>();

  size(): number {
    return Math.max(this.up.size, this.down.size);
  }

  /** The size once `op` is added. */
  sizeWith({ up, down }: OperationLocks): number {
    const newUp = new Set(up.filter((key) => !this.up.has(key)));
    const newDown = new Set(down.filter((key) => !this.down.has(key)));
    return Math.max(this.up.size + newUp.size, this.down.size + newDown.size);
  }

  add({ up, down }: OperationLocks): void {
    for (const key of up) this.up.add(key);
    for (const key of down) this.down.add(key);
  }
}

/** What the downgrade's reversal of `op` locks; nothing for an operation that cannot be reversed (its downgrade says so). */
function undoLocks(op: Operation): string[] {
  try {
    return lockedRelations(reverseOperation(op));
  } catch {
    return [];
  }
}
