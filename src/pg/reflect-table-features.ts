import { compareText } from '../util/strings.js';
import type { PolicyCommand, PolicyModel, TableModel } from '../schema/model.js';
import { AthanorError } from '../util/errors.js';
import type { ColumnRow, PolicyRow } from './catalog-queries.js';

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
export function tableFeatures(row: ColumnRow): Pick<TableModel, 'rowLevelSecurity' | 'partitionBy' | 'partitionOf'> {
  const features: Pick<TableModel, 'rowLevelSecurity' | 'partitionBy' | 'partitionOf'> = {};
  if (row.rls_enabled || row.rls_forced) features.rowLevelSecurity = { enabled: row.rls_enabled, forced: row.rls_forced };
  if (row.partition_by !== null) features.partitionBy = row.partition_by;
  if (row.partition_of !== null) features.partitionOf = { ...row.partition_of };
  return features;
}

/** A partition's columns are its parent's: the model lists none for it. */
export function isPartitionRow(row: ColumnRow): boolean {
  return row.partition_of !== null;
}

export function policyFromRow(row: PolicyRow): PolicyModel {
  const command = POLICY_COMMANDS[row.command];
  if (command === undefined) {
    throw new AthanorError('reflect', `policy "${row.name}" has an unknown command code "${row.command}"; report this with your PostgreSQL version`);
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
export function addPolicies(tables: ReadonlyMap<string, TableModel>, rows: readonly PolicyRow[]): void {
  for (const row of rows) {
    const table = tables.get(row.table_oid);
    if (table === undefined) continue;
    (table.policies ??= []).push(policyFromRow(row));
  }
  for (const table of tables.values()) table.policies?.sort((a, b) => compareText(a.name, b.name));
}

