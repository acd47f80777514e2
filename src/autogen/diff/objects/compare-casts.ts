import type { Operation } from '../../../ops/operation.js';
import { dropCastOf } from '../../../ops/objects/cast-operations.js';
import type { CastModel, SchemaModel } from '../../../schema/model.js';
import { thing, typesIn, type Thing } from '../../../ops/things.js';
import { footprint } from '../../../ops/footprint.js';
import { castKey } from '../../../schema/model.js';

/**
 * Casts are keyed by source and target type. A cast cannot be altered: a
 * changed one (method, function or context) is dropped and created again.
 * Drops run before anything else, so before the functions and types they
 * use go. Creates run before the tables (`beforeTables`), whose defaults,
 * checks and indexes may cast (without the cast, Postgres would convert
 * through text, or refuse an index), unless the cast needs what is created
 * after them (`later`: a routine, a table's row type): then after the tables,
 * views and routines. A cast whose function is dropped (and maybe created
 * again) is dropped and created too.
 */
export function compareCasts(
  current: readonly CastModel[],
  target: readonly CastModel[],
  routineOps: readonly Operation[],
  later: { routines: readonly Operation[]; types: ReadonlySet<Thing> },
): { beforeTables: Operation[]; create: Operation[]; drop: Operation[] } {
  const dropped = droppedFunctions(routineOps);
  const lateRoutines = createdFunctions(later.routines);
  const isLate = (cast: CastModel): boolean =>
    lateRoutines.has(unquoted(cast.function ?? '')) ||
    [...typesIn(cast.source), ...typesIn(cast.target)].some((type) => later.types.has(type));
  const before = byKey(current);
  const after = byKey(target);
  const creates: CastModel[] = [];
  const drop: Operation[] = [];
  for (const [key, cast] of before) {
    const next = after.get(key);
    if (next !== undefined && sameCast(cast, next) && !dropped.has(unquoted(cast.function ?? ''))) continue;
    drop.push(dropCastOf(cast));
    if (next !== undefined) creates.push(next);
  }
  for (const [key, cast] of after) if (!before.has(key)) creates.push(cast);
  const createOf = (cast: CastModel): Operation => ({ kind: 'createCast', cast });
  return {
    beforeTables: creates.filter((cast) => !isLate(cast)).map(createOf),
    create: creates.filter(isLate).map(createOf),
    drop,
  };
}

/**
 * The types that exist only once the tables do: the row types of the tables
 * and views of `model`, and what `afterTables` makes (types over a row type).
 */
export function typesMadeAfterTables(model: SchemaModel, afterTables: readonly Operation[]): Set<Thing> {
  const rowTypes = [...model.tables, ...model.views].map((t) => thing.type(t.schema, t.name));
  return new Set([...rowTypes, ...afterTables.flatMap((op) => footprint(op).makes)]);
}

/** The functions `ops` create, as a cast's function is compared (`signatureText`). */
function createdFunctions(ops: readonly Operation[]): Set<string> {
  return new Set(ops.flatMap((op) => (op.kind === 'createFunction' ? [signatureText(op.function)] : [])));
}

/** The functions `ops` drop, as a cast's function is compared (`signatureText`). */
function droppedFunctions(ops: readonly Operation[]): Set<string> {
  return new Set(ops.flatMap((op) => (op.kind === 'dropFunction' ? [signatureText(op)] : [])));
}

/** A routine as `schema.name(argument types)` without double quotes, as a cast's function is compared. */
function signatureText(routine: { schema: string; name: string; argumentTypes: string }): string {
  return unquoted(`${routine.schema}.${routine.name}(${routine.argumentTypes})`);
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
