import type { CommentTarget, DependencyRef } from './model.js';
import { qualifiedKey } from './model.js';
import { compareText } from '../util/strings.js';

/**
 * Keys and orders for the objects besides tables and enums, shared by the
 * reflector, the declared model and the comparator. Keys are for maps only,
 * never SQL.
 */

/** `schema.name(argument types)`: a routine's identity. */
export function routineKey(schema: string, name: string, argumentTypes: string): string {
  return `${qualifiedKey(schema, name)}(${argumentTypes})`;
}

/** A dependency's key: a routine's identity, or a relation's `schema.name`. */
export function dependencyKey(ref: DependencyRef): string {
  return ref.argumentTypes === undefined
    ? qualifiedKey(ref.schema, ref.name)
    : routineKey(ref.schema, ref.name, ref.argumentTypes);
}

/** One key per commented object. */
export function commentTargetKey(target: CommentTarget): string {
  return JSON.stringify([target.on, target.schema, target.parent ?? '', target.name, target.argumentTypes ?? '']);
}

export { compareText };

/** `schema.name`, for messages; never a key. */
export function qualifiedName(object: { schema: string; name: string }): string {
  return `${object.schema}.${object.name}`;
}

/** Order by schema, then name, in code-unit order. */
export function compareQualified(a: { schema: string; name: string }, b: { schema: string; name: string }): number {
  return compareText(a.schema, b.schema) || compareText(a.name, b.name);
}

export function compareDependencies(a: DependencyRef, b: DependencyRef): number {
  return (
    compareText(a.schema, b.schema) ||
    compareText(a.name, b.name) ||
    compareText(a.argumentTypes ?? '', b.argumentTypes ?? '')
  );
}

export function compareCommentTargets(a: CommentTarget, b: CommentTarget): number {
  return (
    compareText(a.on, b.on) ||
    compareText(a.schema, b.schema) ||
    compareText(a.parent ?? '', b.parent ?? '') ||
    compareText(a.name, b.name) ||
    compareText(a.argumentTypes ?? '', b.argumentTypes ?? '')
  );
}
