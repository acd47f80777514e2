import { invalidModel } from '../dsl/invalid-model.js';
import type { RoutineKind, SchemaModel } from '../model.js';

/**
 * The argument types of the one declared routine of a schema and name, of
 * one of `kinds` (the first names it in a message), for what the model says
 * of a routine without its argument types (a comment, a grant). None or
 * several is an invalid model, `where` saying what named it.
 */
export function declaredRoutineArguments(
  model: SchemaModel,
  kinds: readonly [RoutineKind, ...RoutineKind[]],
  schema: string,
  name: string,
  where: string,
): string {
  const found = model.functions.filter((f) => kinds.includes(f.kind) && f.schema === schema && f.name === name);
  if (found.length !== 1) {
    throw invalidModel(
      where,
      found.length === 0
        ? `no such ${kinds[0]} is declared`
        : `there are ${found.length} of that name; give argumentTypes, e.g. 'integer, text'`,
    );
  }
  return found[0]!.argumentTypes;
}
