import { AthanorError } from '../../util/errors.js';

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
