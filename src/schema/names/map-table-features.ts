import type { TableModel } from '../model.js';

/*
 * Row-level security, policies, partitions and inheritance with their schema
 * names and SQL text moved, for `mapModelNames`.
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
function movedColumnOverrides(table: TableModel, text: (sql: string) => string): Pick<TableModel, 'columnOverrides'> {
  if (table.columnOverrides === undefined) return {};
  return {
    columnOverrides: table.columnOverrides.map((o) =>
      o.default === undefined || o.default === null ? { ...o } : { ...o, default: text(o.default) },
    ),
  };
}
