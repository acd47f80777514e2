import { PG16, PG17, type VersionNeed } from '../version-features.js';

/**
 * The model of a collation (`CREATE COLLATION`). `model.ts` re-exports it.
 */

/** `libc` (the operating system's locales), `icu`, or `builtin` (PostgreSQL 17+). */
export type CollationProvider = 'libc' | 'icu' | 'builtin';

/**
 * A collation of the user's, as the server keeps it in `pg_collation`. Each
 * optional field is present only when it says something: a libc collation
 * whose `LC_COLLATE` and `LC_CTYPE` are the same has `locale` only.
 */
export interface CollationModel {
  readonly schema: string;
  readonly name: string;
  readonly provider: CollationProvider;
  /** The locale: an ICU or builtin locale, or a libc locale used for both `LC_COLLATE` and `LC_CTYPE`. */
  readonly locale?: string;
  /** A libc collation's `LC_COLLATE`, when it differs from its `LC_CTYPE`. */
  readonly lcCollate?: string;
  /** A libc collation's `LC_CTYPE`, when it differs from its `LC_COLLATE`. */
  readonly lcCtype?: string;
  /** `deterministic = false`: strings that compare equal need not be byte-wise equal; absent for a deterministic one. */
  readonly deterministic?: false;
  /** An ICU collation's tailoring rules (`rules = '...'`, PostgreSQL 16+); absent when there are none. */
  readonly rules?: string;
}

/** What a collation needs of the server's version: ICU rules 16, the builtin provider 17. */
export function collationNeeds(collation: CollationModel): VersionNeed[] {
  const what = `collation ${collation.schema}.${collation.name}`;
  const needed: VersionNeed[] = [];
  if (collation.rules !== undefined) needed.push({ what: `${what} has ICU rules`, since: PG16 });
  if (collation.provider === 'builtin') needed.push({ what: `${what} uses the builtin provider`, since: PG17 });
  return needed;
}
