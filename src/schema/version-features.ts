import { AthanorError } from '../util/errors.js';

/**
 * What a server's version must have: each kind of the model says what its
 * objects need (`needs` in `MODEL_KINDS`, its function in the kind's module),
 * and `missingFeatures` gathers what a server lacks; these are the words and
 * versions they share, and the one-line refusal.
 */

/** A feature of the model and the first PostgreSQL version (`server_version_num`) that has it. */
export interface VersionNeed {
  readonly what: string;
  readonly since: number;
}

export const PG14 = 140000;
export const PG15 = 150000;
export const PG16 = 160000;
export const PG17 = 170000;
export const PG18 = 180000;

/** `what, which needs PostgreSQL 17 or later`: one feature a server lacks, as each refusal names it. */
export function needsVersion(what: string, since: number): string {
  return `${what}, which needs PostgreSQL ${since / 10000} or later`;
}

/** A `server_version_num` as its release: `15.4` for `150004`. */
function releaseOf(version: number): string {
  return `${Math.floor(version / 10000)}.${version % 100}`;
}

/**
 * The one-line refusal of what the server's version lacks (`server-version`),
 * the model's or the revisions': `uses` is its subject and verb (`the model
 * uses`), `missing` each feature (`needsVersion`), the first in the line and
 * the others as details, and `then` what follows it.
 */
export function versionRefusal(uses: string, version: number, missing: readonly string[], then: string): AthanorError {
  const more = missing.length > 1 ? ` (and ${missing.length - 1} more, below)` : '';
  return new AthanorError(
    'server-version',
    `${uses} what PostgreSQL ${releaseOf(version)}, the server's version, does not have: ${missing[0]}${more}; ${then}`,
    { details: missing.slice(1) },
  );
}
