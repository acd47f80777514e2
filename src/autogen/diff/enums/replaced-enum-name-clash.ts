import { replacedEnumName } from '../../../ops/families/replaced-enum-name.js';
import type { EnumModel } from '../../../schema/model.js';
import type { EnumTables } from './enum-columns.js';
import { qualifiedKey } from '../../../schema/model.js';

/**
 * `replaceEnum` renames the old type to `replacedEnumName(name)` for a
 * while, which fails when a type of that name exists in the schema: another
 * enum, a domain, or a table or view (their row types). Both sides count,
 * since objects come and go in the same revision.
 */

/** The (schema, name) keys of every type either side has, as far as the comparison knows them. */
export function takenTypeNames(
  current: readonly EnumModel[],
  target: readonly EnumModel[],
  tables?: EnumTables,
): Set<string> {
  const named: { schema: string; name: string }[] = [
    ...current,
    ...target,
    ...(tables?.current ?? []),
    ...(tables?.target ?? []),
  ];
  for (const side of [tables?.models?.current, tables?.models?.target]) {
    if (side === undefined) continue;
    named.push(...side.tables, ...side.views, ...side.domains);
  }
  return new Set(named.map((object) => qualifiedKey(object.schema, object.name)));
}

/** Why the enum's temporary name is not free: one message, or none. */
export function replacedNameClash(model: EnumModel, taken: ReadonlySet<string>): string[] {
  const name = replacedEnumName(model.name);
  if (!taken.has(qualifiedKey(model.schema, name))) return [];
  return [`${model.schema}.${name}, the name its old type takes meanwhile, is taken`];
}
