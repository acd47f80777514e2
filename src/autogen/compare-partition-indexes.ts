import type { IndexModel, TableModel } from '../schema/model.js';
import { objectKey, sameValue, sortByQualifiedName } from './compare-values.js';

/**
 * The names of a partition's indexes attached to its parent's indexes
 * (`indexNames`) are applied when the partition is created. On a partition
 * that stays, no operation renames them: a name that would differ after the
 * revision is reported, to be renamed by hand.
 */
export function unsupportedIndexNameChanges(current: readonly TableModel[], target: readonly TableModel[]): string[] {
  const currentByKey = new Map(current.map((t) => [objectKey(t.schema, t.name), t]));
  const targetByKey = new Map(target.map((t) => [objectKey(t.schema, t.name), t]));
  const messages: string[] = [];
  for (const table of sortByQualifiedName(target)) {
    const before = currentByKey.get(objectKey(table.schema, table.name));
    const parent = table.partitionOf;
    if (before?.partitionOf === undefined || parent === undefined) continue;
    if (before.partitionOf.schema !== parent.schema || before.partitionOf.table !== parent.table) continue;
    const parentKey = objectKey(parent.schema, parent.table);
    const kept = keptIndexes(currentByKey.get(parentKey), targetByKey.get(parentKey));
    const was = namesOf(before);
    const wanted = namesOf(table);
    for (const parentIndex of [...new Set([...was.keys(), ...wanted.keys()])].sort()) {
      // A parent's index created (again) in this revision gives the partition Postgres' name.
      const after = kept(parentIndex) ? was.get(parentIndex) : undefined;
      const goal = wanted.get(parentIndex);
      if (after === goal) continue;
      const name = (value: string | undefined): string => (value === undefined ? "Postgres' default name" : `"${value}"`);
      messages.push(
        `table ${table.schema}.${table.name}: its index attached to ${parent.schema}.${parentIndex} will have ${name(after)}, ` +
          `the model names it ${name(goal)} (rename it by hand with ALTER INDEX ... RENAME TO ...)`,
      );
    }
  }
  return messages;
}

function namesOf(table: TableModel): Map<string, string> {
  return new Map((table.indexNames ?? []).map((entry) => [entry.parentIndex, entry.name]));
}

/**
 * Whether the parent's index of that name stays as it is. A parent that is
 * itself a partition has the index from its own parent: taken as kept.
 */
function keptIndexes(before: TableModel | undefined, after: TableModel | undefined): (name: string) => boolean {
  if (before === undefined || after === undefined) return () => false;
  if (after.partitionOf !== undefined) return () => true;
  const find = (table: TableModel, name: string): IndexModel | undefined => table.indexes.find((index) => index.name === name);
  return (name) => {
    const previous = find(before, name);
    return previous !== undefined && sameValue(previous, find(after, name));
  };
}
