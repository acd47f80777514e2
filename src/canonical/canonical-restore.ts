import type { CastModel, CommentModel, FunctionModel, OwnerTarget, SchemaModel } from '../schema/model.js';
import { operatorArgumentTypes, serverTraits, type OperatorModel } from '../schema/model.js';
import { normalizeTypeName } from '../schema/types.js';
import { compareQualified as bySchemaName, compareText, routineKey } from '../schema/object-keys.js';
import { AthanorError } from '../util/errors.js';
import type { NameMapper } from '../schema/names/name-mapper.js';
import { mapModelNames } from '../schema/model-kinds.js';
import { SCRATCH_SCHEMA } from './scratch-names.js';
import { CANONICAL_KINDS, type CanonicalKindsWhere } from './canonical-kinds.js';
import { modelOfKinds } from '../schema/model-kinds.js';
import { serversNamedBack } from './canonicalize-foreign.js';

/** What creating the objects in scratch schemas learned. */
export interface ScratchObjects {
  /** The scratch model: every reference to a declared object points into the scratch schemas. */
  model: SchemaModel;
  /** Real argument types of each declared routine, by its placeholder (`?0`, `?1`, ...). */
  argumentTypes: Map<string, string>;
  /** Routines created so far, by scratch schema, name and argument types. */
  created: Set<string>;
  /** The declared foreign servers' names, by the scratch names they were created under (canonicalize-foreign.ts). */
  servers: Map<string, string>;
}

/**
 * The reflected scratch model under its own schema names (`back`), in the
 * reflector's order, with the declared extensions and comments: those need no
 * server to be canonical, save a routine's argument types. Each list is
 * taken as `CANONICAL_KINDS` says (`restored`), so a new kind fails to
 * compile until it says how it is restored.
 */
export function restoreObjects(
  reflected: SchemaModel,
  declared: SchemaModel,
  scratch: ScratchObjects,
  back: NameMapper,
): SchemaModel {
  // The database's casts between built-in types are read too: only those made here count.
  const restored = mapModelNames({ ...reflected, casts: reflected.casts.filter(namesScratch) }, back);
  const casts = restoredCasts(restored.casts, declared.casts, scratch.model.casts);
  const routine = routineTargetResolver(scratch, restored.functions, back.text);
  // The kinds restored in a way of their own; the others are taken from `restored` or `declared` as `CANONICAL_KINDS` says.
  const own: { readonly [K in CanonicalKindsWhere<'restored', 'own'>]: SchemaModel[K] } = {
    schemas: restored.schemas.filter((s) => s !== 'public').sort(),
    enums: [...restored.enums].sort(bySchemaName),
    tables: [...restored.tables].sort(bySchemaName),
    extensions: declared.extensions.map((e) => ({ ...e })),
    casts,
    foreignTables: serversNamedBack(restored.foreignTables, scratch.servers),
    comments: declared.comments.map((comment) => {
      const { target } = comment;
      const resolved =
        target.argumentTypes === undefined || target.on === 'operator'
          ? comment
          : { ...comment, target: { ...target, argumentTypes: routine(target, target.argumentTypes, 'comment on') } };
      return withCastTypes(withOperatorTypes(resolved, restored.operators), casts);
    }),
    grants: declared.grants.map((grant) => withRoutineTarget(grant, routine, 'grants on')),
    owners: declared.owners.map((owner) => withRoutineTarget(owner, routine, 'owner of')),
  };
  const model = modelOfKinds((kind) => {
    const from = CANONICAL_KINDS[kind].restored;
    if (from === 'restored') return restored[kind];
    if (from === 'declared') return structuredClone(declared[kind]);
    return own[kind as keyof typeof own] as SchemaModel[typeof kind];
  });
  return { ...model, ...serverTraits(restored) };
}

/**
 * Whether a cast (in the scratch model) names a type or function moved into
 * the scratch schemas. One that does not (between built-in types, say)
 * cannot be created there while the database has it, and would not be read
 * back from them: it is not created, and keeps its declared form.
 */
export function namesScratch(cast: CastModel): boolean {
  return [cast.source, cast.target, cast.function ?? ''].some((text) => text.search(SCRATCH_SCHEMA) >= 0);
}

/** The casts read back, with the declared casts that were not created in scratch schemas, in source and target order. */
function restoredCasts(
  reflected: readonly CastModel[],
  declared: readonly CastModel[],
  moved: readonly CastModel[],
): CastModel[] {
  const kept = declared.filter((_, i) => moved[i] !== undefined && !namesScratch(moved[i]));
  return [...reflected, ...kept].sort((a, b) => compareText(a.source, b.source) || compareText(a.target, b.target));
}

/**
 * A comment on an operator names it by its operand types as declared
 * (`int, int`): it takes those of the operator read back (`integer, integer`),
 * the one of its schema and symbol, or the one whose types read the same.
 */
function withOperatorTypes(comment: CommentModel, operators: readonly OperatorModel[]): CommentModel {
  const { target } = comment;
  if (target.on !== 'operator') return comment;
  const mates = operators.filter((o) => o.schema === target.schema && o.name === target.name);
  const declared = (target.argumentTypes ?? '')
    .split(',')
    .map((t) => normalizeTypeName(t.trim()))
    .join(', ');
  const mate = mates.length === 1 ? mates[0] : mates.find((o) => operatorArgumentTypes(o) === declared);
  return mate === undefined
    ? comment
    : { ...comment, target: { ...target, argumentTypes: operatorArgumentTypes(mate) } };
}

/** A comment on a cast names its types as declared (`int`): it takes those of the cast read back (`integer`). */
function withCastTypes(comment: CommentModel, casts: readonly CastModel[]): CommentModel {
  const { target } = comment;
  if (target.on !== 'cast') return comment;
  const same = (a: string, b: string): boolean => normalizeTypeName(a) === normalizeTypeName(b);
  const mate = casts.find((c) => same(c.source, target.name) && same(c.target, target.parent ?? ''));
  return mate === undefined ? comment : { ...comment, target: { ...target, name: mate.source, parent: mate.target } };
}

/** A comment's or privilege's target: a routine's is named by its argument types. */
interface RoutineTarget {
  readonly on: string;
  readonly schema: string;
  readonly name: string;
}

/**
 * The argument types of a routine a comment or privilege names: each
 * placeholder (`?0`) replaced by the real types, and types given in the model
 * (`int`) by those read back (`integer`); the routine must be declared.
 */
function routineTargetResolver(
  scratch: ScratchObjects,
  functions: readonly FunctionModel[],
  text: (value: string) => string,
): (target: RoutineTarget, argumentTypes: string, what: string) => string {
  const known = new Set(functions.map((f) => routineKey(f.schema, f.name, f.argumentTypes)));
  const spelled = (types: string): string =>
    types
      .split(',')
      .map((t) => normalizeTypeName(t.trim()))
      .join(', ');
  return (target, placeholder, what) => {
    const resolved = scratch.argumentTypes.get(placeholder);
    const argumentTypes = resolved === undefined ? placeholder : text(resolved);
    if (known.has(routineKey(target.schema, target.name, argumentTypes))) return argumentTypes;
    const mate = functions.find(
      (f) =>
        f.schema === target.schema && f.name === target.name && spelled(f.argumentTypes) === spelled(argumentTypes),
    );
    if (mate === undefined) {
      throw new AthanorError(
        'model-refused',
        `${what} ${target.on} ${target.schema}.${target.name}(${argumentTypes}): no such ${target.on} is declared; fix the model file`,
      );
    }
    return mate.argumentTypes;
  };
}

/** An entry on an object (a grant, an owner) with a routine's placeholder argument types resolved. */
function withRoutineTarget<T extends { readonly target: OwnerTarget }>(
  entry: T,
  routine: ReturnType<typeof routineTargetResolver>,
  what: string,
): T {
  const { target } = entry;
  if (target.argumentTypes === undefined) return structuredClone(entry);
  return {
    ...structuredClone(entry),
    target: { ...target, argumentTypes: routine(target, target.argumentTypes, what) },
  };
}
