import type { GrantEntry } from './grant.js';
import { qualifiedTypeName } from '../../types.js';
import { columnBuilder, type ColumnBuilder } from '../columns/column.js';

/**
 * A range type declared in the model: `metadata.rangeType('booking_range',
 * { subtype: 'timestamp with time zone', subtypeDiff: 'tstzrange_subdiff' })`
 * (`CREATE TYPE ... AS RANGE`). Postgres cannot change a range type in place:
 * a change is a new type.
 */
export interface RangeTypeOptions {
  /** `SUBTYPE`: the type of the bounds (`'integer'`, `'timestamptz'`, `'public.money_amount'`). */
  subtype: string;
  /** `SUBTYPE_OPCLASS`: a btree operator class of the subtype other than its default (`'public.my_ops'`). */
  subtypeOpclass?: string;
  /** `COLLATION`: for a collatable subtype, a collation other than its own (`'C'`). */
  collation?: string;
  /** `CANONICAL`: a function from the range type to itself (which needs a shell type, so in C). */
  canonical?: string;
  /** `SUBTYPE_DIFF`: a function `(subtype, subtype) -> double precision` (`'public.time_diff'`, `'float8mi'`). */
  subtypeDiff?: string;
  /** `MULTIRANGE_TYPE_NAME` (PostgreSQL 14 and later): the multirange type's name, in the range's schema. */
  multirange?: string;
  /** Defaults to the metadata's schema. */
  schema?: string;
  /** `COMMENT ON TYPE`. */
  comment?: string;
  /** Privileges on it: `[grant(['usage'], 'app')]`; compared when the `privileges` setting manages them. */
  grants?: readonly GrantEntry[];
  /** The role that owns it (`ALTER ... OWNER TO`); compared when the `owners` setting is on. Left out, the role the migrations run as. */
  owner?: string;
}

/** A range type declared in the model; `column()` makes a column of it (its values are read as text). */
export interface RangeType {
  readonly kind: 'range';
  readonly schema: string;
  readonly name: string;
  readonly options: RangeTypeOptions;
  column(): ColumnBuilder<string, false, false, 'none'>;
}

export function createRangeType(name: string, schema: string, options: RangeTypeOptions): RangeType {
  const range: RangeType = {
    kind: 'range',
    schema,
    name,
    options: Object.freeze({ ...options }),
    column: () => columnBuilder<string>({ kind: 'named', spelling: qualifiedTypeName(schema, name) }),
  };
  return Object.freeze(range);
}
