/**
 * A map key for a schema-qualified name; never SQL, never shown. The parts
 * are joined with NUL, which cannot occur in a Postgres name, so schema
 * `a.b` with table `c` and schema `a` with table `b.c` get different keys.
 */
export function qualifiedKey(schema: string, name: string): string {
  let names = keys.get(schema);
  if (names === undefined) {
    if (keys.size >= MAX_SCHEMAS) keys.clear();
    keys.set(schema, (names = new Map()));
  }
  let key = names.get(name);
  if (key === undefined) {
    if (names.size >= MAX_NAMES) names.clear();
    names.set(name, (key = `${schema}\u0000${name}`));
  }
  return key;
}

/**
 * The keys made so far, by schema and name: a comparison of 10,000 tables
 * asks for the same keys hundreds of thousands of times, and one string per
 * pair, its hash computed once, costs less than a new one each time, in time
 * and in garbage. Bounded, for a process that sees many schemas (a fleet).
 */
const keys = new Map<string, Map<string, string>>();
const MAX_SCHEMAS = 1000;
const MAX_NAMES = 100_000;

/** The key (or a key built from one) with its schema changed by `schema`. */
export function withKeySchema(key: string, schema: (name: string) => string): string {
  const end = key.indexOf('\u0000');
  return end < 0 ? schema(key) : schema(key.slice(0, end)) + key.slice(end);
}

/** A `qualifiedKey` (or a key built from one) as people read it: `schema.name`; for messages only, never a key. */
export function qualifiedKeyText(key: string): string {
  return key.split('\u0000').join('.');
}
