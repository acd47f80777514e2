import type { ColumnRow } from '../../src/pg/catalog/catalog-queries.js';
import type { PresentColumnRow } from '../../src/pg/reflect/reflect-columns.js';

/** A row of the columns statement: an `integer` column `id` of `public.t`, with `over` on top. */
export const columnRow = (over: Partial<ColumnRow>): PresentColumnRow =>
  ({
    table_oid: '1',
    schema: 'public',
    table_name: 't',
    position: 1,
    name: 'id',
    type: 'integer',
    not_null: true,
    identity: '',
    generated: '',
    default_expr: null,
    seq_schema: null,
    seq_name: null,
    collation: null,
    identity_start: null,
    identity_increment: null,
    identity_min: null,
    identity_max: null,
    identity_cache: null,
    identity_cycle: null,
    identity_sequence: null,
    ...over,
  }) as PresentColumnRow;
