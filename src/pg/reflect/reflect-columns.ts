import type { ColumnModel, IdentityModel } from '../../schema/model.js';
import { notNullConstraintName, serialSequenceName } from '../../schema/naming.js';
import type { ColumnRow } from '../catalog/catalog-queries.js';
import { storageFromRow } from './reflect-constraints.js';

const SERIAL_TYPES: Readonly<Record<string, string>> = {
  integer: 'serial',
  bigint: 'bigserial',
  smallint: 'smallserial',
};

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
 * expression (kept in the same catalog slot as defaults) is not a default;
 * `attgenerated` 'v' (PostgreSQL 18+) marks a virtual one, 's' a stored one.
 */
export function columnFromRow(row: PresentColumnRow): ColumnModel {
  const identity = row.identity === 'a' || row.identity === 'd' ? identityFromRow(row, row.identity === 'a') : null;
  const serial = serialType(row);
  const generated = (row.generated ?? '') !== '';
  const hasDefault = identity === null && serial === null && !generated;
  const options = storageFromRow(row.options);
  return {
    name: row.name,
    type: serial ?? row.type,
    nullable: !row.not_null,
    default: hasDefault ? row.default_expr : null,
    identity,
    ...(generated && row.default_expr !== null
      ? { generated: row.default_expr, ...(row.generated === 'v' ? { generatedVirtual: true } : {}) }
      : {}),
    ...(row.collation !== null ? { collation: row.collation } : {}),
    ...(typeof row.statistics === 'number' ? { statistics: row.statistics } : {}),
    ...(options !== undefined ? { options } : {}),
    ...(typeof row.storage === 'string' ? { storage: row.storage } : {}),
    ...(typeof row.compression === 'string' ? { compression: row.compression } : {}),
    ...(hasOwnNotNullName(row) ? { notNullName: row.not_null_name } : {}),
  };
}

/** Whether the column's NOT NULL constraint has a name other than Postgres' default. */
function hasOwnNotNullName(row: PresentColumnRow): row is PresentColumnRow & { not_null_name: string } {
  return (
    row.not_null && row.not_null_name !== null && row.not_null_name !== notNullConstraintName(row.table_name, row.name)
  );
}

/** Smallest and largest value of each integer type an identity may have. */
const INTEGER_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

/**
 * The identity with the options of its sequence that differ from what
 * Postgres chooses by itself: for an ascending sequence min 1 and max the
 * type's largest value, for a descending one min the type's smallest value
 * and max -1; start at min (ascending) or max (descending); cache 1.
 */
function identityFromRow(row: PresentColumnRow, always: boolean): IdentityModel {
  if (row.identity_increment === null) return { always };
  const range = INTEGER_RANGES[row.type] ?? INTEGER_RANGES.bigint!;
  const increment = BigInt(row.identity_increment);
  const defaultMin = increment > 0n ? 1n : range[0];
  const defaultMax = increment > 0n ? range[1] : -1n;
  const min = BigInt(row.identity_min ?? String(defaultMin));
  const max = BigInt(row.identity_max ?? String(defaultMax));
  const start = BigInt(row.identity_start ?? '1');
  return {
    always,
    ...(start !== (increment > 0n ? min : max) ? { start: start.toString() } : {}),
    ...(increment !== 1n ? { increment: increment.toString() } : {}),
    ...(min !== defaultMin ? { min: min.toString() } : {}),
    ...(max !== defaultMax ? { max: max.toString() } : {}),
    ...(row.identity_cache !== null && row.identity_cache !== '1' ? { cache: row.identity_cache } : {}),
    ...(row.identity_cycle === true ? { cycle: true } : {}),
    ...(row.identity_sequence !== null && row.identity_sequence !== serialSequenceName(row.table_name, row.name)
      ? { sequenceName: row.identity_sequence }
      : {}),
  };
}
