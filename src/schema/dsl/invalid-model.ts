import { AthanorError } from '../../util/errors.js';
import { compareQualified, qualifiedName } from '../object-keys.js';
import { qualifiedKey } from '../qualified-key.js';

/** The error of a model that cannot be built: `where` names the place (`table app.users, column email`). */
export function invalidModel(where: string, problem: string): AthanorError {
  return new AthanorError('invalid-model', `${where}: ${problem}`);
}

/**
 * `items`, each declared once: the first whose `key` an earlier one has is
 * refused, named `what` and `label` (`view app.report: is declared twice`).
 */
export function declaredOnce<T>(what: string, items: T[], key: (item: T) => string, label: (item: T) => string): T[] {
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) throw invalidModel(`${what} ${label(item)}`, `is declared twice; declare each ${what} once`);
    seen.add(k);
  }
  return items;
}

/** Objects named in a schema, each declared once (by schema and name, see `declaredOnce`), in schema and name order. */
export function namedOnce<T extends { schema: string; name: string }>(what: string, items: T[]): T[] {
  return declaredOnce(what, items, (o) => qualifiedKey(o.schema, o.name), qualifiedName).sort(compareQualified);
}
