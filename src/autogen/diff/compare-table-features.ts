import type { Operation } from '../../ops/operation.js';
import type {
  IndexModel,
  InheritedTableModel,
  PolicyModel,
  RowLevelSecurityModel,
  StorageParameters,
  TableModel,
} from '../../schema/model.js';
import { sameValue } from './compare-values.js';
import { storageInPlace, withoutStorage } from './compare-indexes.js';
import { withoutKeyStorage } from './compare-constraints.js';
import { constraintsOf, qualifiedKey } from '../../schema/model.js';
import { stepsIn, type Step } from '../steps.js';

/**
 * Row-level security, policies, partition membership and the tables a table
 * inherits from, as steps of two slots. Policies are kept out of the table
 * comparison: they are dropped before anything else (a policy may use a
 * column or table that goes) and created after everything else (it may use a
 * column or table that comes). A partition is detached first and attached
 * last, once the table changes gave it its parent's columns and the keys,
 * checks and indexes Postgres adopts (see compare-partitions.ts). A rebuilt
 * table (`rebuilt`, by key: see compare-rebuilds.ts) gets all its new
 * policies (`rebuiltPolicyDrops` drops the old ones); it is neither detached
 * nor attached. `tableFeaturesBefore`: policy drops, then partition
 * detaches; `tableFeaturesAfter`: partition attaches, row-level security
 * switches, then policy creations.
 */
const SECURITY_OFF: RowLevelSecurityModel = { enabled: false, forced: false };

export function compareTableFeatures(
  current: readonly TableModel[],
  target: readonly TableModel[],
  rebuilt: ReadonlySet<string> = new Set(),
): Step[] {
  const currentByKey = byKey(current);
  const targetByKey = byKey(target);
  const comparison = { before: [] as Operation[], after: [] as Operation[] };
  // The very same table on both sides (a canonical model takes the live form of what matches) changes nothing here.
  for (const table of current) {
    if (rebuilt.has(keyOf(table))) continue;
    const next = targetByKey.get(keyOf(table));
    if (next === table) continue;
    comparison.before.push(
      ...policyDrops(table, next === undefined ? (table.policies ?? []) : changedPolicies(table, next)),
    );
  }
  for (const table of target) {
    const previous = currentByKey.get(keyOf(table));
    // A rebuilt table is created with its bound and its row-level security switches.
    if (previous !== undefined && previous !== table && !rebuilt.has(keyOf(table))) {
      comparison.before.push(...partitionDetach(previous, table), ...inheritanceRemoved(previous, table));
      comparison.after.push(
        ...partitionAttach(previous, table),
        ...inheritanceAdded(previous, table),
        ...securityChange(previous, table),
        ...persistenceChange(previous, table),
        ...replicaIdentityChange(previous, table),
        ...clusterOnChange(previous, table),
        ...storageChanges(previous, table),
      );
    }
  }
  for (const table of target) {
    const previous = currentByKey.get(keyOf(table));
    const fresh = previous === undefined || rebuilt.has(keyOf(table));
    if (previous === table && !fresh) continue;
    const added = fresh ? (table.policies ?? []) : changedPolicies(table, previous);
    comparison.after.push(
      ...added.map((policy): Operation => ({ kind: 'createPolicy', schema: table.schema, table: table.name, policy })),
    );
  }
  return [...stepsIn('tableFeaturesBefore', comparison.before), ...stepsIn('tableFeaturesAfter', comparison.after)];
}

/**
 * Every policy of the rebuilt tables (`rebuilt`, by key), dropped once their
 * rows are stashed: with forced row-level security, copying the rows without
 * their policies would see none.
 */
export function rebuiltPolicyDrops(current: readonly TableModel[], rebuilt: ReadonlySet<string>): Operation[] {
  return current.flatMap((table) => (rebuilt.has(keyOf(table)) ? policyDrops(table, table.policies ?? []) : []));
}

function policyDrops(table: TableModel, policies: readonly PolicyModel[]): Operation[] {
  return policies.map((p): Operation => ({
    kind: 'dropPolicy',
    schema: table.schema,
    table: table.name,
    name: p.name,
    removed: p,
  }));
}

/** Policies of `table` that `other` lacks or has differently, by name. */
function changedPolicies(table: TableModel, other: TableModel): PolicyModel[] {
  const others = new Map((other.policies ?? []).map((p) => [p.name, p]));
  return (table.policies ?? []).filter((policy) => !sameValue(policy, others.get(policy.name)));
}

function samePartition(a: TableModel, b: TableModel): boolean {
  return sameValue(a.partitionOf ?? null, b.partitionOf ?? null);
}

function partitionDetach(current: TableModel, target: TableModel): Operation[] {
  if (current.partitionOf === undefined || samePartition(current, target)) return [];
  return [
    { kind: 'detachPartition', schema: current.schema, table: current.name, partitionOf: { ...current.partitionOf } },
  ];
}

function partitionAttach(current: TableModel, target: TableModel): Operation[] {
  if (target.partitionOf === undefined || samePartition(current, target)) return [];
  return [
    { kind: 'attachPartition', schema: target.schema, table: target.name, partitionOf: { ...target.partitionOf } },
  ];
}

/** `NO INHERIT` from each parent the table leaves: first, so that what it inherited is its own for the changes after. */
function inheritanceRemoved(current: TableModel, target: TableModel): Operation[] {
  return parentsOnlyIn(current, target).map((parent): Operation => ({
    kind: 'noInheritTable',
    schema: current.schema,
    table: current.name,
    parent,
  }));
}

/** `INHERIT` from each parent the table gains: last, once the changes gave it the parent's columns and checks. */
function inheritanceAdded(current: TableModel, target: TableModel): Operation[] {
  return parentsOnlyIn(target, current).map((parent): Operation => ({
    kind: 'inheritTable',
    schema: target.schema,
    table: target.name,
    parent,
  }));
}

function parentsOnlyIn(table: TableModel, other: TableModel): InheritedTableModel[] {
  const others = new Set((other.inherits ?? []).map((p) => qualifiedKey(p.schema, p.table)));
  return (table.inherits ?? []).filter((p) => !others.has(qualifiedKey(p.schema, p.table))).map((p) => ({ ...p }));
}

function securityChange(current: TableModel, target: TableModel): Operation[] {
  const from = current.rowLevelSecurity ?? SECURITY_OFF;
  const to = target.rowLevelSecurity ?? SECURITY_OFF;
  if (sameValue(from, to)) return [];
  return [{ kind: 'setRowLevelSecurity', schema: target.schema, table: target.name, to: { ...to }, from: { ...from } }];
}

function persistenceChange(current: TableModel, target: TableModel): Operation[] {
  if ((current.unlogged ?? false) === (target.unlogged ?? false)) return [];
  return [{ kind: 'setUnlogged', schema: target.schema, table: target.name, unlogged: target.unlogged === true }];
}

/**
 * `REPLICA IDENTITY` when it differs, or when it names an index that is
 * built again (dropping an index leaves a table whose identity was it with
 * none).
 */
function replicaIdentityChange(current: TableModel, target: TableModel): Operation[] {
  const from = current.replicaIdentity ?? null;
  const to = target.replicaIdentity ?? null;
  const index = to !== null && typeof to === 'object' ? to.index : undefined;
  const rebuiltIndex =
    index !== undefined &&
    !sameValue(
      current.indexes.find((i) => i.name === index),
      target.indexes.find((i) => i.name === index),
    );
  if (sameValue(from, to) && !rebuiltIndex) return [];
  return [{ kind: 'setReplicaIdentity', schema: target.schema, table: target.name, to, from }];
}

/** A table's `CLUSTER ON` (`clusterOnSteps`); its index, or key, is built again when its definition changes. */
function clusterOnChange(current: TableModel, target: TableModel): Operation[] {
  const indexOf = (table: TableModel, name: string): unknown =>
    table.indexes.find((i) => i.name === name) ?? constraintsOf(table).find((c) => c.name === name);
  const to = target.clusterOn;
  const rebuilt = to !== undefined && !sameValue(indexOf(current, to), indexOf(target, to));
  return clusterOnSteps(target, current.clusterOn, to, rebuilt);
}

/**
 * `setClusterOn` for a table or materialized view when the marked index
 * differs, or when the index it marks is built again (`rebuilt`): the new one
 * is not marked.
 */
export function clusterOnSteps(
  relation: { schema: string; name: string },
  from: string | undefined,
  to: string | undefined,
  rebuilt: boolean,
): Operation[] {
  if (from === to && !rebuilt) return [];
  return [{ kind: 'setClusterOn', schema: relation.schema, table: relation.name, to: to ?? null, from: from ?? null }];
}

/**
 * The table's storage parameters, and those of each index and each primary or unique key's index that stays as it
 * is otherwise (a rebuilt one is built with them); none of a partitioned table's indexes (compare-tables.ts
 * builds those again).
 */
function storageChanges(current: TableModel, target: TableModel): Operation[] {
  const ops = storageChange(current.with, target.with, { schema: target.schema, table: target.name });
  if (!storageInPlace(target)) return ops;
  const at = (index: string) => ({ schema: target.schema, table: target.name, index });
  const before = new Map(current.indexes.map((index) => [index.name, index]));
  for (const index of target.indexes) {
    const previous = before.get(index.name);
    if (
      previous === undefined ||
      previous.invalid === true ||
      !sameValue(withoutStorage(previous), withoutStorage(index))
    )
      continue;
    ops.push(...storageChange(previous.with, index.with, at(index.name)));
    ops.push(...keyStatisticsChange(previous, index, at(index.name)));
  }
  const keysBefore = new Map(constraintsOf(current).map((key) => [key.name, key]));
  for (const key of constraintsOf(target)) {
    const previous = keysBefore.get(key.name);
    if (
      (key.type !== 'primaryKey' && key.type !== 'unique') ||
      previous === undefined ||
      previous.type !== key.type ||
      previous.invalid === true ||
      !sameValue(withoutKeyStorage(previous), withoutKeyStorage(key))
    )
      continue;
    ops.push(...storageChange(previous.with, key.with, at(key.name)));
  }
  return ops;
}

/** The statistics targets of an index's keys that change (`setIndexStatistics`), the keys being the same. */
function keyStatisticsChange(
  current: IndexModel,
  target: IndexModel,
  at: { schema: string; table: string; index: string },
): Operation[] {
  const keys = target.columns.flatMap((key, i) => {
    const from = current.columns[i]?.statistics ?? null;
    const to = key.statistics ?? null;
    return from === to ? [] : [{ position: i + 1, to, from }];
  });
  return keys.length === 0 ? [] : [{ kind: 'setIndexStatistics', ...at, keys }];
}

/**
 * Every parameter of each side, in its order, and null for those the other
 * side adds: Postgres keeps them in the order they were set, so setting them
 * all again gives the target's order exactly (a dump then reads the same).
 */
export function storageChange(
  from: StorageParameters | undefined,
  to: StorageParameters | undefined,
  target: { schema: string; table: string; index?: string },
): Operation[] {
  const names = [...new Set([...Object.keys(from ?? {}), ...Object.keys(to ?? {})])];
  if (names.every((name) => from?.[name] === to?.[name])) return [];
  const side = (values: StorageParameters | undefined, other: StorageParameters | undefined) => ({
    ...values,
    ...Object.fromEntries(
      Object.keys(other ?? {})
        .filter((name) => !(name in (values ?? {})))
        .map((name) => [name, null]),
    ),
  });
  return [{ kind: 'setStorageParameters', ...target, to: side(to, from), from: side(from, to) }];
}

function keyOf(table: TableModel): string {
  return qualifiedKey(table.schema, table.name);
}

function byKey(tables: readonly TableModel[]): Map<string, TableModel> {
  return new Map(tables.map((table) => [keyOf(table), table]));
}
