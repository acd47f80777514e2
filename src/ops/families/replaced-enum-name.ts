import { truncateUtf8 } from '../../util/strings.js';

/** Longest identifier Postgres keeps, in bytes. */
const MAX_IDENTIFIER_BYTES = 63;

/** Ends the name an enum's old type has while `replaceEnum` runs; a model is unlikely to use it. */
const REPLACED_ENUM_SUFFIX = '__athanor_old';

/**
 * The name the old type takes while an enum is replaced: `<name>__athanor_old`,
 * the name cut (never inside a character) so the whole fits in 63 bytes.
 */
export function replacedEnumName(name: string): string {
  return `${truncateUtf8(name, MAX_IDENTIFIER_BYTES - REPLACED_ENUM_SUFFIX.length)}${REPLACED_ENUM_SUFFIX}`;
}
