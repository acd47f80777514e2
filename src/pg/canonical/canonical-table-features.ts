import type { Operation } from '../../ops/operation.js';
import { qualifiedKey, type TableModel } from '../../schema/model.js';

/**
 * Canonicalization of row-level security, policies, partitions and inheritance: moving
 * their schema names and SQL text to and from the scratch schemas, and the
 * order the scratch build creates them in.
 */

type TableFeatures = Pick<TableModel, 'policies' | 'partitionBy' | 'partitionOf' | 'columnOverrides' | 'inherits'>;

/**
 * The table's policies, partition key, partition bound, column overrides and parents with schema names
 * moved: `schema` renames a raw schema name, `text` the names inside SQL.
 * Absent fields stay absent.
 */
export function movedTableFeatures(
  table: TableModel,
  schema: (name: string) => string,
  text: (sql: string) => string,
): TableFeatures {
  const { policies, partitionBy, partitionOf, inherits } = table;
  return {
    ...(policies !== undefined
      ? {
          policies: policies.map((p) => ({
            ...p,
            using: p.using === null ? null : text(p.using),
            withCheck: p.withCheck === null ? null : text(p.withCheck),
          })),
        }
      : {}),
    ...(partitionBy !== undefined ? { partitionBy: text(partitionBy) } : {}),
    ...(partitionOf !== undefined
      ? {
          partitionOf: {
            schema: schema(partitionOf.schema),
            table: partitionOf.table,
            bound: text(partitionOf.bound),
          },
        }
      : {}),
    ...movedColumnOverrides(table, text),
    ...(inherits !== undefined
      ? { inherits: inherits.map((parent) => ({ schema: schema(parent.schema), table: parent.table })) }
      : {}),
  };
}

/** A partition's column overrides with schema names moved inside their defaults; nothing when it has none. */
export function movedColumnOverrides(
  table: TableModel,
  text: (sql: string) => string,
): Pick<TableModel, 'columnOverrides'> {
  if (table.columnOverrides === undefined) return {};
  return {
    columnOverrides: table.columnOverrides.map((o) =>
      o.default === undefined || o.default === null ? { ...o } : { ...o, default: text(o.default) },
    ),
  };
}

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
