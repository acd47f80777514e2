import { compareText } from '../../util/strings.js';
import type {
  ColumnModel,
  ColumnOverrideModel,
  PartitionIndexNameModel,
  PolicyCommand,
  PolicyModel,
  StorageParameters,
} from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import { AthanorError } from '../../util/errors.js';
import type { ColumnRow, IndexRow, PolicyRow } from '../catalog/catalog-queries.js';
import { indexFromRow, storageFromRow } from './reflect-constraints.js';
import { indexNameParts, nameFromParts, notNullConstraintName } from '../../schema/naming.js';
import { isPresentColumn, type PresentColumnRow } from './reflect-columns.js';
import type { ReadingTable } from './reading-table.js';

/**
 * Row-level security, policies and partitioning as the reflector reads them.
 * Each field is left out when it holds the default (security off, no
 * policies, not partitioned), as the DSL leaves it out.
 */

const POLICY_COMMANDS: Readonly<Record<string, PolicyCommand>> = {
  '*': 'ALL',
  r: 'SELECT',
  a: 'INSERT',
  w: 'UPDATE',
  d: 'DELETE',
};

/** The table-level fields of a columns-query row. */
export function tableFeatures(
  row: ColumnRow,
): Pick<
  ReadingTable,
  | 'rowLevelSecurity'
  | 'unlogged'
  | 'with'
  | 'replicaIdentity'
  | 'clusterOn'
  | 'partitionBy'
  | 'partitionKeyColumns'
  | 'partitionOf'
  | 'inherits'
> {
  const parameters = storageFromRow(row.table_storage);
  return {
    ...(row.unlogged ? { unlogged: true } : {}),
    ...(parameters !== undefined ? { with: parameters } : {}),
    ...(row.replica_identity !== null ? { replicaIdentity: row.replica_identity } : {}),
    ...(row.cluster_on !== null ? { clusterOn: row.cluster_on } : {}),
    ...(row.rls_enabled || row.rls_forced
      ? { rowLevelSecurity: { enabled: row.rls_enabled, forced: row.rls_forced } }
      : {}),
    ...(row.partition_by !== null ? { partitionBy: row.partition_by } : {}),
    ...(row.partition_columns !== null ? { partitionKeyColumns: row.partition_columns } : {}),
    ...(row.partition_of !== null ? { partitionOf: { ...row.partition_of } } : {}),
    ...(row.inherits !== null ? { inherits: row.inherits.map((parent) => ({ ...parent })) } : {}),
  };
}

/** A column an inheritance child only inherits: its parents declare it, the model lists it on them. */
export function isInheritedColumnRow(row: ColumnRow): boolean {
  return row.inherited === true && row.inherits !== null;
}

/** A partition's columns are its parent's: the model lists none for it, only its overrides. */
export function isPartitionRow(row: ColumnRow): boolean {
  return row.partition_of !== null;
}

/**
 * Sets `columnOverrides` on each partition: the columns whose NOT NULL,
 * NOT NULL constraint name or default differ from the parent's column as the
 * catalog holds it. The default of an identity or generated column is its
 * parent's and is not compared; a serial column's may be dropped or replaced.
 * A partition whose parent is not reflected gets none.
 */
export function addColumnOverrides(tables: readonly ReadingTable[], rows: readonly ColumnRow[]): void {
  const byTable = new Map<string, Map<string, PresentColumnRow>>();
  for (const row of rows) {
    if (!isPresentColumn(row)) continue;
    const key = qualifiedKey(row.schema, row.table_name);
    let columns = byTable.get(key);
    if (columns === undefined) byTable.set(key, (columns = new Map()));
    columns.set(row.name, row);
  }
  const tablesByKey = new Map(tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  for (const table of tables) {
    const parent = table.partitionOf;
    if (parent === undefined) continue;
    const parentColumns = byTable.get(qualifiedKey(parent.schema, parent.table));
    const own = byTable.get(qualifiedKey(table.schema, table.name));
    if (parentColumns === undefined || own === undefined) continue;
    const overrides: ColumnOverrideModel[] = [];
    for (const row of own.values()) {
      const parentRow = parentColumns.get(row.name);
      if (parentRow === undefined) continue;
      const override = columnOverride(row, parentRow, rootColumn(tablesByKey, table, row.name));
      if (override !== null) overrides.push(override);
    }
    if (overrides.length > 0) table.columnOverrides = overrides.sort((a, b) => compareText(a.name, b.name));
  }
}

function columnOverride(
  row: PresentColumnRow,
  parentRow: PresentColumnRow,
  root: ColumnModel | undefined,
): ColumnOverrideModel | null {
  const notNull = row.not_null && !parentRow.not_null;
  const ownDefault = root !== undefined && root.identity === null && root.generated === undefined;
  const otherDefault = ownDefault && (row.generated ?? '') === '' && row.default_expr !== parentRow.default_expr;
  // A partition created PARTITION OF takes its parent's NOT NULL constraint's name, or names its own as Postgres does.
  const createdName = parentRow.not_null ? parentRow.not_null_name : notNullConstraintName(row.table_name, row.name);
  const notNullName = row.not_null && row.not_null_name !== createdName ? row.not_null_name : null;
  if (!notNull && !otherDefault && notNullName === null) return null;
  return {
    name: row.name,
    ...(notNull ? { notNull: true } : {}),
    ...(otherDefault ? { default: row.default_expr } : {}),
    ...(notNullName !== null ? { notNullName } : {}),
  };
}

/** The column of the partitioned table at the top of the partition's chain of parents. */
function rootColumn(
  tables: ReadonlyMap<string, ReadingTable>,
  partition: ReadingTable,
  column: string,
): ColumnModel | undefined {
  let table: ReadingTable | undefined = partition;
  for (let depth = 0; table?.partitionOf !== undefined && depth < 64; depth += 1) {
    table = tables.get(qualifiedKey(table.partitionOf.schema, table.partitionOf.table));
  }
  return table?.columns.find((c) => c.name === column);
}

function policyFromRow(row: PolicyRow): PolicyModel {
  const command = POLICY_COMMANDS[row.command];
  if (command === undefined) {
    throw new AthanorError(
      'reflect',
      `policy "${row.name}" has an unknown command code "${row.command}"; report this with your PostgreSQL version`,
    );
  }
  return {
    name: row.name,
    permissive: row.permissive,
    command,
    roles: [...(row.roles ?? [])].sort(compareText),
    using: row.using_expr,
    withCheck: row.check_expr,
  };
}

/** Adds each policy to its table, the table's policies sorted by name. */
export function addPolicies(tables: ReadonlyMap<string, ReadingTable>, rows: readonly PolicyRow[]): void {
  for (const row of rows) {
    const table = tables.get(row.table_oid);
    if (table === undefined) continue;
    (table.policies ??= []).push(policyFromRow(row));
  }
  for (const table of tables.values()) table.policies?.sort((a, b) => compareText(a.name, b.name));
}

/**
 * Sets `indexNames` on each partition (tables by oid): the names of its
 * indexes attached to its parent's indexes that are not the name Postgres
 * gives such an index, `<partition>_<key and included columns>_idx`. Where
 * two of them have the same such name, Postgres numbers all but the first
 * created (`p_d_a_idx`, `p_d_a_idx1`): every one of them is named then, so
 * that creating the partition again, its parent's indexes in another order,
 * gives each index its own. Sets `indexStorage` too: the storage parameters
 * of those indexes where they are not their parent's index's.
 */
export function addIndexNames(tables: ReadonlyMap<string, ReadingTable>, rows: readonly IndexRow[]): void {
  const attached = new Map<string, { entry: PartitionIndexNameModel; defaultName: string }[]>();
  const storageOf = new Map<string, StorageParameters>();
  for (const row of rows) {
    const table = tables.get(row.table_oid);
    if (table !== undefined) storageOf.set(qualifiedKey(table.schema, row.name), indexFromRow(row).with ?? {});
  }
  for (const row of rows) {
    const table = tables.get(row.table_oid);
    if (row.parent_index === null || table?.partitionOf === undefined) continue;
    const index = indexFromRow(row);
    const own = index.with ?? {};
    const parentStorage = storageOf.get(qualifiedKey(table.partitionOf.schema, row.parent_index)) ?? {};
    if (JSON.stringify(Object.entries(own)) !== JSON.stringify(Object.entries(parentStorage)))
      (table.indexStorage ??= []).push({ parentIndex: row.parent_index, with: own });
    const columns = [...index.columns, ...(index.include ?? []).map((column) => ({ column }))];
    const defaultName = nameFromParts(indexNameParts(table.name, columns));
    const entries = attached.get(row.table_oid) ?? [];
    entries.push({ entry: { parentIndex: row.parent_index, name: row.name }, defaultName });
    attached.set(row.table_oid, entries);
  }
  for (const [oid, entries] of attached) {
    const table = tables.get(oid)!;
    const shared = (defaultName: string): boolean => entries.filter((e) => e.defaultName === defaultName).length > 1;
    for (const { entry, defaultName } of entries) {
      if (entry.name !== defaultName || shared(defaultName)) (table.indexNames ??= []).push(entry);
    }
  }
  for (const table of tables.values()) {
    table.indexNames?.sort((a, b) => compareText(a.parentIndex, b.parentIndex));
    table.indexStorage?.sort((a, b) => compareText(a.parentIndex, b.parentIndex));
  }
}
