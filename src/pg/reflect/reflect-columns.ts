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
  const column: ColumnModel = {
    name: row.name,
    type: serial ?? row.type,
    nullable: !row.not_null,
    default: hasDefault ? row.default_expr : null,
    identity,
  };
  if (generated && row.default_expr !== null) {
    column.generated = row.default_expr;
    if (row.generated === 'v') column.generatedVirtual = true;
  }
  if (row.collation !== null) column.collation = row.collation;
  if (typeof row.statistics === 'number') column.statistics = row.statistics;
  const options = storageFromRow(row.options);
  if (options !== undefined) column.options = options;
  if (typeof row.storage === 'string') column.storage = row.storage;
  if (typeof row.compression === 'string') column.compression = row.compression;
  if (
    row.not_null &&
    row.not_null_name !== null &&
    row.not_null_name !== notNullConstraintName(row.table_name, row.name)
  ) {
    column.notNullName = row.not_null_name;
  }
  return column;
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
  const identity: IdentityModel = { always };
  if (row.identity_increment === null) return identity;
  const range = INTEGER_RANGES[row.type] ?? INTEGER_RANGES.bigint!;
  const increment = BigInt(row.identity_increment);
  const defaultMin = increment > 0n ? 1n : range[0];
  const defaultMax = increment > 0n ? range[1] : -1n;
  const min = BigInt(row.identity_min ?? String(defaultMin));
  const max = BigInt(row.identity_max ?? String(defaultMax));
  const start = BigInt(row.identity_start ?? '1');
  if (start !== (increment > 0n ? min : max)) identity.start = start.toString();
  if (increment !== 1n) identity.increment = increment.toString();
  if (min !== defaultMin) identity.min = min.toString();
  if (max !== defaultMax) identity.max = max.toString();
  if (row.identity_cache !== null && row.identity_cache !== '1') identity.cache = row.identity_cache;
  if (row.identity_cycle === true) identity.cycle = true;
  return identity;
}
