import {
  qualifiedKey,
  type ColumnModel,
  type SchemaModel,
  type SequenceModel,
  type TableModel,
} from '../../schema/model.js';
import { spelledSerial } from '../../schema/model-index.js';
import { serialSequenceName } from '../../schema/naming.js';
import { SERIAL_BASE_TYPES } from '../../schema/types.js';

const MAX_VALUES: Readonly<Record<string, string>> = {
  smallint: '32767',
  integer: '2147483647',
  bigint: '9223372036854775807',
};

/**
 * A column that is serial on one side only, where the other side has a
 * column of any other type and a sequence of the serial's name: the sequence is
 * on both sides, and what differs is its ownership or its options (`OWNED
 * BY NONE`, `AS bigint`, `START 100`, ...), which made the reflector read
 * the column as serial on one side and as a `nextval()` default with a
 * sequence of its own on the other. The serial side is spelled out the way
 * the other reads it: its column gets the integer type and the `nextval()`
 * default, and its sequence, with the options `serial` gives it and owned
 * by the column, joins the side's sequences. The comparison then writes
 * `alterSequence` (options, owner) and `alterColumn` (default) steps, and
 * the sequence and its position are kept; a sequence is never dropped and
 * created again for such a change. So is a serial column of a table on one
 * side only whose sequence the other side has apart: a table dropped lets
 * the sequence go (`OWNED BY NONE`) and leaves it, one created takes it.
 */
export function withSerialsSpelledOut(
  current: SchemaModel,
  target: SchemaModel,
): { current: SchemaModel; target: SchemaModel } {
  const currentTables = new Map(current.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const spelled = { current: new Map<TableModel, string[]>(), target: new Map<TableModel, string[]>() };
  for (const after of target.tables) {
    const before = currentTables.get(qualifiedKey(after.schema, after.name));
    if (before === undefined) {
      // A table created whose serial's sequence the database has apart: the table takes it.
      for (const column of after.columns)
        if (isSpelledOut(column, undefined, target, current, after)) push(spelled.target, after, column.name);
      continue;
    }
    // The same columns on both sides: none is serial on one side only.
    if (before.columns === after.columns) continue;
    for (const column of after.columns) {
      const found = before.columns.find((c) => c.name === column.name);
      if (found === undefined) continue;
      if (isSpelledOut(column, found, target, current, after)) push(spelled.target, after, column.name);
      if (isSpelledOut(found, column, current, target, before)) push(spelled.current, before, column.name);
    }
  }
  // A table dropped whose serial's sequence the model keeps apart (another table's default may call it).
  const targetKeys = new Set(target.tables.map((t) => qualifiedKey(t.schema, t.name)));
  for (const before of current.tables) {
    if (targetKeys.has(qualifiedKey(before.schema, before.name))) continue;
    for (const column of before.columns)
      if (isSpelledOut(column, undefined, current, target, before)) push(spelled.current, before, column.name);
  }
  return { current: spelledOut(current, spelled.current), target: spelledOut(target, spelled.target) };
}

function push(map: Map<TableModel, string[]>, table: TableModel, column: string): void {
  map.set(table, [...(map.get(table) ?? []), column]);
}

/**
 * Whether `serial` (of `table` in `side`) is serial while `other` is not
 * (of its integer type, or another: `ALTER COLUMN ... TYPE bigint` or
 * `uuid` leaves the sequence as it was; an identity, the serial's sequence
 * let go and kept; or absent, its table on one side only) and the other
 * side has its sequence.
 */
function isSpelledOut(
  serial: ColumnModel,
  other: ColumnModel | undefined,
  side: SchemaModel,
  otherSide: SchemaModel,
  table: TableModel,
): boolean {
  const base = SERIAL_BASE_TYPES[serial.type];
  if (
    base === undefined ||
    (other !== undefined && (SERIAL_BASE_TYPES[other.type] !== undefined || other.generated !== undefined))
  )
    return false;
  const name = serialSequenceName(table.name, serial.name);
  return hasSequence(otherSide, table.schema, name) && !hasSequence(side, table.schema, name);
}

/** Whether `model` has a sequence of its own named `schema.name`. */
export function hasSequence(model: SchemaModel, schema: string, name: string): boolean {
  return model.sequences.some((s) => s.schema === schema && s.name === name);
}

function spelledOut(model: SchemaModel, spelled: Map<TableModel, string[]>): SchemaModel {
  if (spelled.size === 0) return model;
  const sequences: SequenceModel[] = [];
  const tables = model.tables.map((table) => {
    const names = spelled.get(table);
    if (names === undefined) return table;
    const columns = table.columns.map((column) => {
      if (!names.includes(column.name)) return column;
      const { column: plain, sequence } = spelledColumn(table, column);
      sequences.push(sequence);
      return plain;
    });
    return { ...table, columns };
  });
  return { ...model, tables, sequences: [...model.sequences, ...sequences] };
}

/** A serial column as the integer column and the owned sequence `serial` makes. */
export function spelledColumn(
  table: TableModel,
  column: ColumnModel,
): { column: ColumnModel; sequence: SequenceModel } {
  const type = SERIAL_BASE_TYPES[column.type] as string;
  const name = serialSequenceName(table.name, column.name);
  const sequence: SequenceModel = {
    schema: table.schema,
    name,
    type,
    start: '1',
    increment: '1',
    min: '1',
    max: MAX_VALUES[type] as string,
    cache: '1',
    cycle: false,
    ownedBy: { table: table.name, column: column.name },
  };
  return { column: spelledSerial(table, column), sequence };
}
