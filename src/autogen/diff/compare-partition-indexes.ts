import type { Operation, OperationOf } from '../../ops/operation.js';
import type { IndexColumnModel, IndexModel, StorageParameters, TableModel } from '../../schema/model.js';
import { storageChange } from './compare-table-features.js';
import { indexNameParts, nameFromParts } from '../../schema/naming.js';
import { sameValue, sortByName, sortByQualifiedName } from './compare-values.js';
import { qualifiedKey } from '../../schema/model.js';
import { partitionClones } from './partition-clones.js';
import { sameParent, tableIndex, type TableIndex } from '../../schema/model-index.js';

/**
 * The names of a partition's indexes attached to its parent's indexes
 * (`indexNames`) are applied when the partition is created. On a partition
 * that stays under the same parent, an index whose name after the table
 * changes differs from the model's is renamed (`renameIndex`): a parent's
 * index created (again) in this revision gives the partition's index
 * Postgres' default name, `<partition>_<columns>_idx`, and a kept one leaves
 * the name it has. Sorted by (schema, table, parent's index).
 *
 * The storage parameters of those indexes (`indexStorage`, else the
 * parent's index's) are set in place (`setStorageParameters` on the index,
 * under its name after the renames) where they change.
 *
 * What no rename can reach is reported in `unsupported`: a name the model
 * gives for a parent's index that the parent does not have, so that
 * Postgres' default name is unknown; and storage parameters to change on a
 * partition that is partitioned itself, whose indexes Postgres cannot alter.
 */
export function partitionIndexNames(
  current: readonly TableModel[],
  target: readonly TableModel[],
): { renames: Operation[]; unsupported: string[] } {
  const steps = indexNameSteps(current, target);
  return {
    renames: [
      ...steps.flatMap((step) => (step.rename === undefined ? [] : [step.rename])),
      ...steps.flatMap((step) => step.storage ?? []),
    ],
    unsupported: steps.flatMap((step) => (step.unsupported === undefined ? [] : [step.unsupported])),
  };
}

interface IndexNameStep {
  rename?: OperationOf<'renameIndex'>;
  storage?: Operation[];
  unsupported?: string;
}

interface Sides {
  current: TableIndex;
  target: TableIndex;
}

function indexNameSteps(current: readonly TableModel[], target: readonly TableModel[]): IndexNameStep[] {
  const sides: Sides = { current: tableIndex(current), target: tableIndex(target) };
  const steps: IndexNameStep[] = [];
  for (const table of sortByQualifiedName(target)) {
    const before = sides.current.get(qualifiedKey(table.schema, table.name));
    const parent = table.partitionOf;
    if (before === undefined || parent === undefined || !sameParent(before, table)) continue;
    const parentKey = qualifiedKey(parent.schema, parent.table);
    const kept = keptIndexes(sides.current.get(parentKey), sides.target.get(parentKey));
    // The parent's indexes by their names after the revision; those it has from its own parent may be renamed too.
    const parentIndexes = indexesOf(sides.target, sides.target.get(parentKey));
    const currentName = new Map([...inheritedNames(sides, parentKey)].map(([from, to]) => [to, from]));
    const was = namesOf(before);
    const wanted = namesOf(table);
    const storageWas = storageOf(before);
    const storageWanted = storageOf(table);
    const currentParentIndexes = indexesOf(sides.current, sides.current.get(parentKey));
    for (const index of sortByName([...parentIndexes.values()])) {
      const parentIndex = index.name;
      const defaultName = defaultIndexName(table.name, index);
      const previous = currentName.get(parentIndex) ?? parentIndex;
      // A parent's index created (again) in this revision gives the partition's index Postgres' name and storage.
      const stays = kept(previous, parentIndex);
      const after = (stays ? was.get(previous) : undefined) ?? defaultName;
      const goal = wanted.get(parentIndex) ?? defaultName;
      if (after !== goal) steps.push({ rename: { kind: 'renameIndex', schema: table.schema, from: after, to: goal } });
      const storageBefore = stays
        ? (storageWas.get(previous) ?? currentParentIndexes.get(previous)?.with ?? index.with)
        : index.with;
      const storageAfter = storageWanted.get(parentIndex) ?? index.with;
      const storage = storageChange(storageBefore, storageAfter, {
        schema: table.schema,
        table: table.name,
        index: goal,
      });
      if (storage.length > 0 && table.partitionBy !== undefined)
        steps.push({ unsupported: partitionedStorageMessage(table, goal) });
      else if (storage.length > 0) steps.push({ storage });
    }
    for (const parentIndex of [...wanted.keys()].sort()) {
      if (!parentIndexes.has(parentIndex)) steps.push({ unsupported: unknownMessage(table, parentIndex) });
    }
  }
  return steps;
}

/**
 * For a partition that stays under the same parent, the names of its indexes
 * attached to its parent's: name before -> name the model gives it (each
 * renamed by its own step). Empty for any other table.
 */
function inheritedNames(sides: Sides, key: string): Map<string, string> {
  const table = sides.target.get(key);
  const chain = table === undefined ? [key] : [key, ...sides.target.ancestorKeys(table)];
  // From the top of the tree down: each partition's names follow those of the one above.
  return chain.reduceRight((above, at) => namesBelow(sides, at, above), new Map<string, string>());
}

/** `inheritedNames` of one table, given its parent's (`above`). */
function namesBelow(sides: Sides, key: string, above: ReadonlyMap<string, string>): Map<string, string> {
  const before = sides.current.get(key);
  const after = sides.target.get(key);
  const of = after?.partitionOf;
  if (before === undefined || after === undefined || of === undefined || !sameParent(before, after)) return new Map();
  const parentKey = qualifiedKey(of.schema, of.table);
  const was = namesOf(before);
  const wanted = namesOf(after);
  const names = new Map<string, string>();
  for (const [parentIndex, index] of indexesOf(sides.current, sides.current.get(parentKey))) {
    const defaultName = defaultIndexName(after.name, index);
    names.set(was.get(parentIndex) ?? defaultName, wanted.get(above.get(parentIndex) ?? parentIndex) ?? defaultName);
  }
  return names;
}

function unknownMessage(table: TableModel, parentIndex: string): string {
  const parent = table.partitionOf;
  const where = parent === undefined ? parentIndex : `${parent.schema}.${parentIndex}`;
  return `table ${table.schema}.${table.name}: the model names its index attached to ${where}, which its parent does not have`;
}

/** Postgres' name for a partition's index attached to `index`: `<partition>_<key and included columns>_idx`. */
function defaultIndexName(partition: string, index: IndexModel): string {
  const columns: IndexColumnModel[] = [...index.columns, ...(index.include ?? []).map((column) => ({ column }))];
  return nameFromParts(indexNameParts(partition, columns));
}

/** A parent's indexes by name: its own, and for a partition those it has from its own parent. */
function indexesOf(tables: TableIndex, parent: TableModel | undefined): Map<string, IndexModel> {
  if (parent === undefined) return new Map();
  const grandparent = tables.parentOf(parent);
  const inherited = grandparent === undefined ? [] : partitionClones(tables, parent, grandparent).indexes;
  return new Map([...parent.indexes, ...inherited].map((index) => [index.name, index]));
}

function storageOf(table: TableModel): Map<string, StorageParameters> {
  return new Map((table.indexStorage ?? []).map((entry) => [entry.parentIndex, entry.with]));
}

function partitionedStorageMessage(table: TableModel, index: string): string {
  return `table ${table.schema}.${table.name}: the storage parameters of its index ${index} change, which Postgres cannot alter on a partitioned table's index`;
}

function namesOf(table: TableModel): Map<string, string> {
  return new Map((table.indexNames ?? []).map((entry) => [entry.parentIndex, entry.name]));
}

/**
 * Whether the parent's index (named `previous` before and `name` after) stays
 * as it is. An index a parent that is itself a partition has from its own
 * parent is taken as kept.
 */
function keptIndexes(
  before: TableModel | undefined,
  after: TableModel | undefined,
): (previous: string, name: string) => boolean {
  if (before === undefined || after === undefined) return () => false;
  const find = (table: TableModel, name: string): IndexModel | undefined =>
    table.indexes.find((index) => index.name === name);
  return (previous, name) => {
    const own = find(after, name);
    if (own === undefined) return after.partitionOf !== undefined;
    const was = find(before, previous);
    return was !== undefined && sameValue(was, own);
  };
}
