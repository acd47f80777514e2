/**
 * A map key for a schema-qualified name; never SQL, never shown. The parts
 * are joined with NUL, which cannot occur in a Postgres name, so schema
 * `a.b` with table `c` and schema `a` with table `b.c` get different keys.
 */
export function qualifiedKey(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}

/** A `qualifiedKey` (or a key built from one) as people read it: `schema.name`; for messages only, never a key. */
export function qualifiedKeyText(key: string): string {
  return key.split('\u0000').join('.');
}
