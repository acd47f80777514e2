import type { GrantEntry } from './grant.js';
import { normalizeTypeName, qualifiedTypeName } from '../../types.js';
import { collationSql } from '../../collation.js';
import { invalidModel, namedOnce } from '../invalid-model.js';
import type { RangeTypeModel } from '../../model.js';
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
  /** Its name before a rename: autogenerate renames it instead of dropping and creating it (see `renamedFrom`). */
  renamedFrom?: string;
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

/** The `metadata.*` method of range types; `schema` is the metadata's. */
export const RANGE_METHODS = {
  /** A range type (`CREATE TYPE ... AS RANGE`): its subtype and, optionally, operator class, collation, functions and multirange name. */
  rangeType: (schema: string, name: string, options: RangeTypeOptions): RangeType =>
    createRangeType(name, options.schema ?? schema, options),
};

/** The declared range types, by schema and name; one declared twice is refused. */
export function rangeModels(defs: readonly RangeType[]): RangeTypeModel[] {
  return namedOnce('range type', defs.map(rangeModel));
}

/**
 * A declared range type as the model holds it before the server has read it:
 * the subtype normalized as a column type, the collation as a `COLLATE`
 * clause names it, the rest as written (canonicalization reads them back).
 */
export function rangeModel(def: RangeType): RangeTypeModel {
  const where = `range type ${def.schema}.${def.name}`;
  const { subtype, subtypeOpclass, collation, canonical, subtypeDiff, multirange } = def.options;
  if (typeof subtype !== 'string' || subtype.trim() === '')
    throw invalidModel(where, "needs a subtype: metadata.rangeType(name, { subtype: 'integer' })");
  const text = (name: string, value: string | undefined): Partial<RangeTypeModel> => {
    if (value === undefined) return {};
    if (typeof value !== 'string' || value.trim() === '') throw invalidModel(where, `${name} must be a non-empty name`);
    return { [name]: value.trim() };
  };
  return {
    schema: def.schema,
    name: def.name,
    subtype: normalizeTypeName(subtype),
    ...text('subtypeOpclass', subtypeOpclass),
    ...(collation === undefined ? {} : { collation: collationSql(collation) }),
    ...text('canonical', canonical),
    ...text('subtypeDiff', subtypeDiff),
    ...text('multirange', multirange),
  };
}
