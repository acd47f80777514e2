import { invalidModel } from '../dsl/invalid-model.js';
import { foreignDataWrapperModel, foreignServerModel, foreignTableModel } from '../dsl/objects/foreign.js';
import type { ObjectDefs } from '../dsl/objects/objects.js';
import type { ForeignDataWrapperModel, ForeignServerModel, ForeignTableModel } from '../model.js';
import { qualifiedKey } from '../model.js';
import { compareQualified, compareText } from '../object-keys.js';

/** The declared foreign data wrappers, each declared once, sorted by name. */
export function foreignDataWrapperModels(objects: ObjectDefs): ForeignDataWrapperModel[] {
  return once('foreign data wrapper', objects.foreignDataWrappers.map(foreignDataWrapperModel), (w) => w.name).sort(
    byName,
  );
}

/** The declared foreign servers, each declared once, sorted by name. */
export function foreignServerModels(objects: ObjectDefs): ForeignServerModel[] {
  return once('foreign server', objects.foreignServers.map(foreignServerModel), (s) => s.name).sort(byName);
}

/** The declared foreign tables, each declared once, sorted by schema and name. */
export function foreignTableModels(objects: ObjectDefs): ForeignTableModel[] {
  return once(
    'foreign table',
    objects.foreignTables.map(foreignTableModel),
    (t) => qualifiedKey(t.schema, t.name),
    (t) => `${t.schema}.${t.name}`,
  ).sort(compareQualified);
}

function byName(a: { name: string }, b: { name: string }): number {
  return compareText(a.name, b.name);
}

function once<T>(what: string, items: T[], key: (item: T) => string, label: (item: T) => string = key): T[] {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(key(item)))
      throw invalidModel(`${what} ${label(item)}`, `is declared twice; declare each ${what} once`);
    seen.add(key(item));
  }
  return items;
}
