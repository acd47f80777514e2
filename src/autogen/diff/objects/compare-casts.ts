import type { Operation } from '../../../ops/operation.js';
import { dropCastOf } from '../../../ops/objects/cast-operations.js';
import type { CastModel } from '../../../schema/model.js';
import { castKey } from '../../../schema/model.js';

/**
 * Casts are keyed by source and target type. A cast cannot be altered: a
 * changed one (method, function or context) is dropped and created again.
 * Drops run before anything else, so before the functions and types they
 * use go; creates run after the tables, views and routines. A cast whose
 * function is dropped (and maybe created again) is dropped and created too.
 */
export function compareCasts(
  current: readonly CastModel[],
  target: readonly CastModel[],
  routineOps: readonly Operation[],
): { create: Operation[]; drop: Operation[] } {
  const dropped = droppedFunctions(routineOps);
  const before = byKey(current);
  const after = byKey(target);
  const create: Operation[] = [];
  const drop: Operation[] = [];
  for (const [key, cast] of before) {
    const next = after.get(key);
    if (next !== undefined && sameCast(cast, next) && !dropped.has(unquoted(cast.function ?? ''))) continue;
    drop.push(dropCastOf(cast));
    if (next !== undefined) create.push({ kind: 'createCast', cast: next });
  }
  for (const [key, cast] of after) if (!before.has(key)) create.push({ kind: 'createCast', cast });
  return { create, drop };
}

/** The functions `ops` drop, as `schema.name(argument types)` without double quotes, as a cast's function is compared. */
function droppedFunctions(ops: readonly Operation[]): Set<string> {
  return new Set(
    ops.flatMap((op) => (op.kind === 'dropFunction' ? [unquoted(`${op.schema}.${op.name}(${op.argumentTypes})`)] : [])),
  );
}

function unquoted(text: string): string {
  return text.replace(/"/g, '');
}

function sameCast(a: CastModel, b: CastModel): boolean {
  return a.method === b.method && a.context === b.context && (a.function ?? null) === (b.function ?? null);
}

function byKey(casts: readonly CastModel[]): Map<string, CastModel> {
  const entries = casts.map((c) => [castKey(c), c] as [string, CastModel]);
  return new Map(entries);
}
