import type { Operation } from '../ops/operation.js';
import { qualifiedKey, type TableModel } from '../schema/model.js';

/**
 * Canonicalization of row-level security, policies, partitions and inheritance:
 * the order the scratch build creates them in.
 */

/** Tables with every parent (partitioned or inherited from) before its children, otherwise in the order given. */
export function parentsFirst(tables: readonly TableModel[]): TableModel[] {
  const pending = new Map(tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const ordered: TableModel[] = [];
  const place = (table: TableModel, seen: Set<string>): void => {
    const self = qualifiedKey(table.schema, table.name);
    if (!pending.has(self) || seen.has(self)) return;
    seen.add(self);
    for (const parent of [...(table.partitionOf === undefined ? [] : [table.partitionOf]), ...(table.inherits ?? [])]) {
      const parentTable = pending.get(qualifiedKey(parent.schema, parent.table));
      if (parentTable !== undefined) place(parentTable, seen);
    }
    pending.delete(self);
    ordered.push(table);
  };
  for (const table of tables) place(table, new Set());
  return ordered;
}

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
