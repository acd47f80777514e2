/** Plain data (what JSON holds) compared by value: a field whose value is `undefined` counts as absent. */

/** JSON with object keys in sorted order and undefined fields left out, so equal models print equal. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/**
 * Whether `a` and `b` print the same `stableJson`, found without printing
 * either: comparing a model with a matching database compares every object,
 * and the printing's sorted copies were a good part of a no-op `check`.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    // JSON prints an undefined item as null.
    return a.every((item: unknown, i) => sameJson(item ?? null, (b[i] as unknown) ?? null));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key of Object.keys(x)) {
    if (x[key] === undefined) continue;
    if (!sameJson(x[key], y[key])) return false;
    count += 1;
  }
  for (const key of Object.keys(y)) if (y[key] !== undefined) count -= 1;
  return count === 0;
}
