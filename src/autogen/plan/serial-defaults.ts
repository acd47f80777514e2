import type { Operation } from '../../ops/operation.js';
import { qualifiedKey, type SchemaModel, type SequenceModel, type TableModel } from '../../schema/model.js';
import { serialDefault, serialSequenceName } from '../../schema/naming.js';
import { SERIAL_BASE_TYPES } from '../../schema/types.js';

/**
 * Serial columns of the model whose column in the database lost its
 * default but still owns its sequence (`ALTER COLUMN id DROP DEFAULT`): the
 * default is set again, and the sequence, with its position, is kept. The
 * database is returned as it is after that step, so the comparison sees a
 * serial column there too.
 */
export function restoredSerialDefaults(
  current: SchemaModel,
  target: SchemaModel,
): { current: SchemaModel; operations: Operation[] } {
  const sequences = new Map(current.sequences.map((s) => [qualifiedKey(s.schema, s.name), s]));
  const currentTables = new Map(current.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const operations: Operation[] = [];
  const restored = new Set<SequenceModel>();
  const tables = new Map<TableModel, TableModel>();
  for (const table of target.tables) {
    const live = currentTables.get(qualifiedKey(table.schema, table.name));
    // The same columns on both sides: none is serial on one side only.
    if (live === undefined || live.columns === table.columns) continue;
    for (const column of table.columns) {
      const base = SERIAL_BASE_TYPES[column.type];
      const found = live.columns.find((c) => c.name === column.name);
      if (
        base === undefined ||
        found === undefined ||
        found.type !== base ||
        found.default !== null ||
        found.identity !== null
      )
        continue;
      const sequence = sequences.get(qualifiedKey(table.schema, serialSequenceName(table.name, column.name)));
      if (sequence?.ownedBy?.table !== table.name || sequence.ownedBy.column !== column.name) continue;
      operations.push({
        kind: 'alterColumn',
        schema: table.schema,
        table: table.name,
        column: column.name,
        to: { default: serialDefault(table.schema, table.name, column.name) },
        from: { default: null },
      });
      restored.add(sequence);
      const edited = tables.get(live) ?? live;
      tables.set(live, {
        ...edited,
        columns: edited.columns.map((c) => (c === found ? { ...c, type: column.type } : c)),
      });
    }
  }
  if (operations.length === 0) return { current, operations };
  return {
    current: {
      ...current,
      tables: current.tables.map((t) => tables.get(t) ?? t),
      sequences: current.sequences.filter((s) => !restored.has(s)),
    },
    operations,
  };
}
