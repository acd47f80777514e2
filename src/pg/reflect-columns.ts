import type { ColumnModel } from '../schema/model.js';
import { truncateUtf8, utf8Length } from '../util/strings.js';
import type { ColumnRow } from './catalog-queries.js';

/** Longest identifier Postgres keeps, in bytes (NAMEDATALEN - 1). */
const MAX_IDENTIFIER_BYTES = 63;

const SERIAL_TYPES: Readonly<Record<string, string>> = {
  integer: 'serial',
  bigint: 'bigserial',
  smallint: 'smallserial',
};

/**
 * The name Postgres gives the sequence of a `serial` column: `<table>_<column>_seq`,
 * shortened like its `makeObjectName` does when too long - the longer of the two
 * names loses bytes first, never in the middle of a character.
 */
export function serialSequenceName(table: string, column: string): string {
  const suffix = 'seq';
  const available = MAX_IDENTIFIER_BYTES - (suffix.length + 1) - 1;
  let tableBytes = utf8Length(table);
  let columnBytes = utf8Length(column);
  while (tableBytes + columnBytes > available) {
    if (tableBytes > columnBytes) tableBytes -= 1;
    else columnBytes -= 1;
  }
  return `${truncateUtf8(table, tableBytes)}_${truncateUtf8(column, columnBytes)}_${suffix}`;
}

/** A row of the columns query that describes a column (not the empty-table row). */
export type PresentColumnRow = ColumnRow & { name: string; type: string; not_null: boolean };

export function isPresentColumn(row: ColumnRow): row is PresentColumnRow {
  return row.name !== null && row.type !== null && row.not_null !== null;
}

/** `serial`, `bigserial` or `smallserial` when the column is backed by its own serial sequence. */
function serialType(row: PresentColumnRow): string | null {
  const serial = SERIAL_TYPES[row.type];
  if (serial === undefined || row.seq_name === null || row.seq_schema !== row.schema) return null;
  if ((row.identity ?? '') !== '') return null;
  return row.seq_name === serialSequenceName(row.table_name, row.name) ? serial : null;
}

/**
 * The column as the model sees it. A serial column loses its `nextval()`
 * default, an identity column has no default, and a generated column's
 * expression (kept in the same catalog slot as defaults) is not a default.
 */
export function columnFromRow(row: PresentColumnRow): ColumnModel {
  const identity = row.identity === 'a' || row.identity === 'd' ? { always: row.identity === 'a' } : null;
  const serial = serialType(row);
  const generated = (row.generated ?? '') !== '';
  const hasDefault = identity === null && serial === null && !generated;
  return {
    name: row.name,
    type: serial ?? row.type,
    nullable: !row.not_null,
    default: hasDefault ? row.default_expr : null,
    identity,
  };
}
