import type { CastModel } from '../../schema/model.js';
import type { OperationOf } from '../operation.js';

/**
 * How `createCast` and `dropCast` read (`describe.ts`). A cast cannot be
 * altered: a changed one is dropped and created again.
 */

/** `create cast (public.money_t as text) with function public.money_to_text(public.money_t), as assignment`. */
export function describeCreateCast(op: OperationOf<'createCast'>): string {
  const c = op.cast;
  const how =
    c.method === 'function'
      ? `with function ${c.function ?? '?'}`
      : c.method === 'inout'
        ? 'with inout'
        : 'without function';
  return `create cast (${c.source} as ${c.target}) ${how}${c.context === 'explicit' ? '' : `, as ${c.context}`}`;
}

export function describeDropCast(op: OperationOf<'dropCast'>): string {
  return `drop cast (${op.source} as ${op.target})`;
}

/** The `dropCast` that undoes creating `cast`, carrying it. */
export function dropCastOf(cast: CastModel): OperationOf<'dropCast'> {
  return { kind: 'dropCast', source: cast.source, target: cast.target, removed: cast };
}
