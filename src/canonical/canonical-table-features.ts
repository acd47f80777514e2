import type { Operation } from '../ops/operation.js';
import type { TableModel } from '../schema/model.js';

/**
 * Canonicalization of row-level security, policies, partitions and inheritance:
 * the order the scratch build creates them in.
 */

/** The table without its policies, which are created once every table exists. */
export function withoutPolicies(table: TableModel): TableModel {
  const { policies: _policies, ...rest } = table;
  return rest;
}

/** One `createPolicy` per policy of each table. */
export function policyCreations(tables: readonly TableModel[]): Operation[] {
  return tables.flatMap((table) =>
    (table.policies ?? []).map((policy): Operation => ({
      kind: 'createPolicy',
      schema: table.schema,
      table: table.name,
      policy,
    })),
  );
}
