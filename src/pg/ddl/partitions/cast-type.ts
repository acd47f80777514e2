import { SERIAL_BASE_TYPES } from '../../../schema/types.js';

/**
 * The type to cast a copied value to when it goes into a column of `type`:
 * the type without its length, precision or dimension modifiers, so that the
 * column's own assignment applies them as an `INSERT` or `ALTER COLUMN TYPE`
 * would (an explicit `::character varying(3)` would cut a longer value
 * silently where the assignment fails). `character` and `bit` without a
 * modifier mean a length of 1, so they become `bpchar` and `bit varying`.
 * A serial type is its integer type.
 */
export function castTypeName(type: string): string {
  const plain = SERIAL_BASE_TYPES[type] ?? withoutModifiers(type);
  const array = /(\[\])+$/.exec(plain)?.[0] ?? '';
  const base = plain.slice(0, plain.length - array.length);
  const unsized: Record<string, string> = { character: 'bpchar', bit: 'bit varying' };
  return `${unsized[base] ?? base}${array}`;
}

const MODIFIER = /^\(\s*-?\d+(?:\s*,\s*-?\d+)?\s*\)/;

/** `type` without its numeric modifiers (`(20)`, `(10,2)`), outside quoted names. */
function withoutModifiers(type: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < type.length; i += 1) {
    const char = type[i] as string;
    if (char === '"') quoted = !quoted;
    const modifier = !quoted && char === '(' ? MODIFIER.exec(type.slice(i)) : null;
    if (modifier === null) {
      out += char;
      continue;
    }
    i += modifier[0].length - 1;
  }
  return out.replace(/\s+(?=\[|$)/g, '').replace(/\s{2,}/g, ' ');
}
