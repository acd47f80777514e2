import type { GrantEntry } from './grant.js';
import { qualifiedTypeName } from '../../types.js';
import { columnBuilder, type AnyColumnBuilder, type ColumnBuilder } from '../columns/column.js';

/**
 * A composite type declared in the model: `metadata.compositeType('addr',
 * { street: text(), zip: varchar(10) })`. Each attribute is a column builder
 * (its type, `.array()` and `.collate()`; nothing else applies to an
 * attribute) or a type spelling (`'public.mood'`, `'integer[]'`).
 */

/** An attribute's type: a column builder or a spelling. */
export type CompositeAttribute = AnyColumnBuilder | string;

export interface CompositeTypeOptions {
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

/** A composite type declared in the model; `column()` makes a column of it (its values are read as row text). */
export interface CompositeType {
  readonly kind: 'composite';
  readonly schema: string;
  readonly name: string;
  /** The attributes in declaration order, which is their order in the type. */
  readonly attributes: Readonly<Record<string, CompositeAttribute>>;
  readonly options: CompositeTypeOptions;
  column(): ColumnBuilder<string, false, false, 'none'>;
}

export function createCompositeType(
  name: string,
  schema: string,
  attributes: Readonly<Record<string, CompositeAttribute>>,
  options: CompositeTypeOptions,
): CompositeType {
  const composite: CompositeType = {
    kind: 'composite',
    schema,
    name,
    attributes: Object.freeze({ ...attributes }),
    options: { ...options },
    column: () => columnBuilder<string>({ kind: 'named', spelling: qualifiedTypeName(schema, name) }),
  };
  return Object.freeze(composite);
}

/** The `metadata.*` method of composite types; `schema` is the metadata's. */
export const COMPOSITE_METHODS = {
  /** A composite type: its attributes in order, each a column builder (`text()`, `varchar(10).collate('C')`) or a spelling. */
  compositeType: (
    schema: string,
    name: string,
    attributes: Readonly<Record<string, CompositeAttribute>>,
    options: CompositeTypeOptions = {},
  ): CompositeType => createCompositeType(name, options.schema ?? schema, attributes, options),
};
