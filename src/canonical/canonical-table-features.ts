import type { Operation } from '../ops/operation.js';
import type { TableModel } from '../schema/model.js';

/**
 * Canonicalization of row-level security, policies, partitions and inheritance:
 * the order the scratch build creates them in.
 */

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
