/**
 * How a walk over a model or an operation renames schemas
 * (`mapModelNames`, an operation spec's `mapNames`): moving a declared model
 * into the scratch schemas of canonicalization and back, or a fleet's template
 * schema into a tenant's. Every field that holds a schema name or names
 * something schema-qualified goes through it, so each direction maps the same
 * set of fields.
 */
export interface NameMapper {
  /** A schema name standing on its own (`TableModel.schema`, `ForeignKeyModel.refSchema`, ...). */
  schema: (name: string) => string;
  /** Text that may hold qualified names: SQL, type spellings, operator classes, collations. */
  text: (value: string) => string;
}

/** Text that may be null, mapped when it is not. */
export function mapNullableText(value: string | null, map: NameMapper): string | null {
  return value === null ? null : map.text(value);
}
