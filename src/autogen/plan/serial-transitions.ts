import type { Operation } from '../../ops/operation.js';
import {
  qualifiedKey,
  type ColumnModel,
  type SchemaModel,
  type SequenceModel,
  type TableModel,
} from '../../schema/model.js';
import { hasSequence, spelledColumn } from './serial-spelled-out.js';
import { SERIAL_BASE_TYPES } from '../../schema/types.js';
import { sequenceNamesIn } from '../../ops/things.js';

/** The steps of the columns that become serial or stop being serial, and the sides as the comparison then sees them. */
export interface SerialTransitions {
  current: SchemaModel;
  target: SchemaModel;
  /** Serial columns made plain: their default dropped, then their sequence; before everything else. */
  first: Operation[];
  /** Columns made serial: their sequence created, owned by the column, then their default set; after everything else. */
  last: Operation[];
}

/**
 * A column of a table both sides have that is serial on one side and not on
 * the other (plain, an identity, another type), left after the serial steps
 * before it (`restoredSerialDefaults`, `withSerialsSpelledOut`):
 * - serial in the database: its default is dropped and its sequence with it,
 *   first, and the comparison sees a plain column of the serial's integer
 *   type, which it changes as the model says (type, nullability, identity,
 *   whose own sequence then takes the name the serial's had);
 * - serial in the model: the comparison makes the column a plain one of the
 *   serial's integer type (an identity dropped, its sequence with it), then,
 *   last, the sequence `serial` makes is created, owned by the column, and the
 *   column's default set to it, the sequence moved past the values the column
 *   holds (`pastRows`).
 * Each direction is the other's reverse. A column that is serial on both
 * sides with another integer type (`serial` to `bigserial`) is spelled out on
 * both as its integer type and its sequence: the sequence is changed in place
 * and keeps its position. A partition's columns are its parent's; a table
 * that is rebuilt (`rebuilt`, see `findRebuilds`) is created as the model says.
 */
export function serialTransitions(
  current: SchemaModel,
  target: SchemaModel,
  rebuilt: (table: TableModel) => boolean,
): SerialTransitions {
  const currentTables = new Map(current.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const result = { first: [] as Operation[], last: [] as Operation[] };
  const edits = { current: new Map<TableModel, TableModel>(), target: new Map<TableModel, TableModel>() };
  const added = { current: [] as SequenceModel[], target: [] as SequenceModel[] };
  /** The database's sequences renamed to a serial's name, as the comparison then sees them. */
  const renamed = new Map<SequenceModel, SequenceModel>();
  for (const after of target.tables) {
    const before = currentTables.get(qualifiedKey(after.schema, after.name));
    if (before === undefined || before.partitionOf !== undefined || after.partitionOf !== undefined) continue;
    // The very same table on both sides (a canonical model takes the live form of what matches): no column changes.
    if (before === after || rebuilt(before)) continue;
    for (const column of after.columns) {
      const live = before.columns.find((c) => c.name === column.name);
      if (live === undefined || live.type === column.type) continue;
      const wasSerial = SERIAL_BASE_TYPES[live.type] !== undefined;
      const isSerial = SERIAL_BASE_TYPES[column.type] !== undefined;
      if (!wasSerial && !isSerial) continue;
      if (wasSerial && isSerial) {
        const spelledBefore = spelledColumn(before, live);
        const spelledAfter = spelledColumn(after, column);
        editColumn(edits.current, before, spelledBefore.column);
        editColumn(edits.target, after, spelledAfter.column);
        added.current.push(spelledBefore.sequence);
        added.target.push(spelledAfter.sequence);
      } else if (wasSerial) {
        const { column: spelled, sequence } = spelledColumn(before, live);
        const kept = ownSequence(target, after, column, current);
        const free = !hasSequence(target, sequence.schema, sequence.name);
        if (kept !== undefined && free) {
          // The serial's sequence renamed to the one the model gives the column: its position kept.
          result.first.push(sequenceRename(sequence.schema, sequence.name, kept.name));
          editColumn(edits.current, before, { ...spelled, default: column.default });
          added.current.push({ ...sequence, name: kept.name });
          continue;
        }
        result.first.push(
          {
            kind: 'alterColumn',
            schema: before.schema,
            table: before.name,
            column: live.name,
            to: { default: null },
            from: { default: spelled.default },
            pastRows: true,
          },
          { kind: 'dropSequence', schema: sequence.schema, name: sequence.name, removed: sequence },
        );
        editColumn(edits.current, before, { ...spelled, default: null });
      } else {
        const { column: spelled, sequence } = spelledColumn(after, column);
        const kept = ownSequence(current, before, live, target);
        const free = !hasSequence(current, sequence.schema, sequence.name);
        if (kept !== undefined && free) {
          // The column's own sequence renamed to the serial's: its position kept.
          result.first.push(sequenceRename(kept.schema, kept.name, sequence.name));
          editColumn(edits.current, before, { ...live, default: spelled.default });
          renamed.set(kept, { ...kept, name: sequence.name });
          editColumn(edits.target, after, spelled);
          added.target.push(sequence);
          continue;
        }
        result.last.push(
          { kind: 'createSequence', sequence },
          {
            kind: 'alterColumn',
            schema: after.schema,
            table: after.name,
            column: column.name,
            to: { default: spelled.default },
            from: { default: null },
            pastRows: true,
          },
        );
        editColumn(edits.target, after, { ...spelled, default: null });
      }
    }
  }
  const currentRenamed =
    renamed.size === 0 ? current : { ...current, sequences: current.sequences.map((q) => renamed.get(q) ?? q) };
  return {
    current: edited(currentRenamed, edits.current, added.current),
    target: edited(target, edits.target, added.target),
    ...result,
  };
}

/**
 * The sequence of `side` that `column` (of `table`) reads in its default and
 * that it owns, under another name than a serial's, when the other side has
 * no sequence of that name (it goes, or comes, with the serial): renamed
 * rather than dropped and created again, it keeps its position.
 */
function ownSequence(
  side: SchemaModel,
  table: TableModel,
  column: ColumnModel,
  other: SchemaModel,
): SequenceModel | undefined {
  const [read] = sequenceNamesIn(column.default);
  if (read === undefined) return undefined;
  const sequence = side.sequences.find(
    (q) =>
      q.schema === read.schema &&
      q.name === read.name &&
      q.schema === table.schema &&
      q.ownedBy?.table === table.name &&
      q.ownedBy.column === column.name,
  );
  return sequence === undefined || hasSequence(other, sequence.schema, sequence.name) ? undefined : sequence;
}

function sequenceRename(schema: string, from: string, to: string): Operation {
  return { kind: 'renameObject', object: 'sequence', schema, from, to };
}

/** Records `column` in place of its namesake in (the edited copy of) `table`. */
function editColumn(edits: Map<TableModel, TableModel>, table: TableModel, column: ColumnModel): void {
  const edited = edits.get(table) ?? table;
  edits.set(table, { ...edited, columns: edited.columns.map((c) => (c.name === column.name ? column : c)) });
}

function edited(model: SchemaModel, edits: Map<TableModel, TableModel>, sequences: SequenceModel[]): SchemaModel {
  if (edits.size === 0) return model;
  return {
    ...model,
    tables: model.tables.map((t) => edits.get(t) ?? t),
    sequences: [...model.sequences, ...sequences],
  };
}
