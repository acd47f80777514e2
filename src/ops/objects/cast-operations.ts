import { HARMLESS, RANK, removedOf, type FamilySpecs } from '../families/spec.js';
import type { OperationOf } from '../operation.js';
import { footprintOf, typesIn } from '../things.js';
import { mapCast } from '../../schema/names/map-model-names.js';
import type { CastModel } from '../../schema/model.js';

/** Casts. A cast cannot be altered: a changed one is dropped and created again. */
export type CastOperation = Readonly<
  | { kind: 'createCast'; cast: CastModel }
  /** `removed` is the cast dropped, for the reverse. */
  | { kind: 'dropCast'; source: string; target: string; removed?: CastModel }
>;

declare module '../operation.js' {
  interface OperationFamilies {
    readonly cast: CastOperation;
  }
}

export const CAST_SPECS: FamilySpecs<CastOperation['kind']> = {
  createCast: {
    summary: 'Creates a cast between two types (by function, binary coercible or through I/O).',
    ...HARMLESS,
    describe: describeCreateCast,
    reverse: (op) => dropCastOf(op.cast),
    footprint: (op) => footprintOf({ needs: [...typesIn(op.cast.source), ...typesIn(op.cast.target)] }),
    example: {
      cast: {
        source: 'public.money_t',
        target: 'text',
        method: 'function',
        function: 'public.money_to_text(public.money_t)',
        context: 'assignment',
      },
    },
    tieBreak: (op) => [RANK.first, op.cast.source, op.cast.target],
    mapNames: (op, map) => ({ ...op, cast: mapCast(op.cast, map) }),
  },
  dropCast: {
    drops: (op) => [{ on: 'cast', schema: '', name: op.source, parent: op.target }],
    summary: 'Drops a cast.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeDropCast,
    reverse: (op) => ({ kind: 'createCast', cast: removedOf(describeDropCast(op), op.removed) }),
    footprint: (op) => footprintOf({ releases: [...typesIn(op.source), ...typesIn(op.target)] }),
    example: { source: 'public.money_t', target: 'text' },
    tieBreak: (op) => [RANK.first, op.source, op.target],
    mapNames: (op, map) => ({
      ...op,
      source: map.text(op.source),
      target: map.text(op.target),
      ...(op.removed ? { removed: mapCast(op.removed, map) } : {}),
    }),
  },
};

/** `create cast (public.money_t as text) with function public.money_to_text(public.money_t), as assignment`. */
function describeCreateCast(op: OperationOf<'createCast'>): string {
  const c = op.cast;
  const how =
    c.method === 'function'
      ? `with function ${c.function ?? '?'}`
      : c.method === 'inout'
        ? 'with inout'
        : 'without function';
  return `create cast (${c.source} as ${c.target}) ${how}${c.context === 'explicit' ? '' : `, as ${c.context}`}`;
}

function describeDropCast(op: OperationOf<'dropCast'>): string {
  return `drop cast (${op.source} as ${op.target})`;
}

/** The `dropCast` that undoes creating `cast`, carrying it. */
export function dropCastOf(cast: CastModel): OperationOf<'dropCast'> {
  return { kind: 'dropCast', source: cast.source, target: cast.target, removed: cast };
}
