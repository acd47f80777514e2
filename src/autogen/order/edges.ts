import type { Operation } from '../../ops/operation.js';
import { qualifiedKey, type TableModel } from '../../schema/model.js';

/**
 * The dependency edges between a revision's operations: for each operation,
 * the positions of those it must wait for. A table is created after the
 * tables it references and its parents (the foreign keys that would close a
 * cycle are left out of its `createTable` and added later), and dropped after
 * the tables that reference it or are its partitions (those keys in a cycle
 * are dropped first and left out of its `removed` model).
 */
export function prerequisites(ops: readonly Operation[]): number[][] {
  const created = new Map<string, number>();
  const dropped = new Map<string, number>();
  ops.forEach((op, i) => {
    if (op.kind === 'createTable') created.set(tableKey(op.table), i);
    if (op.kind === 'dropTable') dropped.set(qualifiedKey(op.schema, op.name), i);
  });
  const waits = ops.map((): number[] => []);
  ops.forEach((op, i) => {
    if (op.kind === 'createTable') {
      for (const target of referencedTables(op.table)) {
        const at = created.get(target);
        if (at !== undefined) waits[i]!.push(at);
      }
    }
    if (op.kind === 'dropTable' && op.removed !== undefined) {
      // Who references a dropped table waits for nothing; the table it references waits for it.
      for (const target of referencedTables(op.removed)) {
        const at = dropped.get(target);
        if (at !== undefined) waits[at]!.push(i);
      }
    }
  });
  return waits;
}

function tableKey(table: TableModel): string {
  return qualifiedKey(table.schema, table.name);
}

/** Keys of the tables `table` references by a foreign key or inherits from (a partition's parent too), itself excluded. */
export function referencedTables(table: TableModel): string[] {
  const self = tableKey(table);
  const targets = [
    ...table.foreignKeys.map((key) => qualifiedKey(key.refSchema, key.refTable)),
    ...(table.partitionOf === undefined ? [] : [qualifiedKey(table.partitionOf.schema, table.partitionOf.table)]),
    ...(table.inherits ?? []).map((p) => qualifiedKey(p.schema, p.table)),
  ];
  return [...new Set(targets)].filter((target) => target !== self).sort();
}
