import type { Privilege, SchemaModel } from './model.js';
import { describeDefaultPrivilegeScope, describeGrantTarget } from './model.js';
import { AthanorError } from '../util/errors.js';

/** A feature of the model and the first PostgreSQL version (`server_version_num`) that has it. */
interface Needed {
  what: string;
  since: number;
}

const PG14 = 140000;
const PG15 = 150000;
const PG16 = 160000;
const PG17 = 170000;
const PG18 = 180000;

/** The privileges a server has only from a version on: MAINTAIN from 17. */
export const PRIVILEGES_SINCE: { readonly [P in Privilege]?: number } = { MAINTAIN: PG17 };

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

/**
 * What in the model the server of `serverVersion` cannot create, one
 * sentence each naming the object, the feature and the version it needs:
 * `NULLS NOT DISTINCT`, the view option `security_invoker` and a publication's
 * column lists, row filters and schemas need 15, a
 * collation's ICU rules 16, the builtin collation provider and the MAINTAIN
 * privilege 17, temporal keys,
 * `NOT ENFORCED` constraints and virtual generated columns 18.
 */
export function missingFeatures(model: SchemaModel, serverVersion: number): string[] {
  const needed: Needed[] = [];
  for (const table of model.tables) {
    const where = `${table.schema}.${table.name}`;
    for (const unique of table.uniques) {
      if (unique.nullsNotDistinct === true)
        needed.push({ what: `unique constraint ${unique.name} on ${where} uses NULLS NOT DISTINCT`, since: PG15 });
    }
    needed.push(...constraintClauses(table, where));
    for (const column of table.columns) {
      if (column.compression !== undefined)
        needed.push({ what: `column ${where}.${column.name} sets a compression method`, since: PG14 });
      if (column.generatedVirtual === true)
        needed.push({ what: `column ${where}.${column.name} is a virtual generated column`, since: PG18 });
    }
    for (const index of table.indexes) {
      if (index.nullsNotDistinct === true)
        needed.push({ what: `index ${index.name} on ${where} uses NULLS NOT DISTINCT`, since: PG15 });
    }
  }
  for (const view of model.views) {
    if (view.options.some((o) => o.startsWith('security_invoker')))
      needed.push({ what: `view ${view.schema}.${view.name} uses the option security_invoker`, since: PG15 });
  }
  for (const collation of model.collations) {
    const what = `collation ${collation.schema}.${collation.name}`;
    if (collation.rules !== undefined) needed.push({ what: `${what} has ICU rules`, since: PG16 });
    if (collation.provider === 'builtin') needed.push({ what: `${what} uses the builtin provider`, since: PG17 });
  }
  for (const publication of model.publications) {
    const what = `publication ${publication.name}`;
    for (const t of publication.tables) {
      if (t.columns !== undefined)
        needed.push({ what: `${what} lists columns of ${t.schema}.${t.table}`, since: PG15 });
      if (t.where !== undefined)
        needed.push({ what: `${what} filters the rows of ${t.schema}.${t.table}`, since: PG15 });
    }
    if (publication.schemas.length > 0) needed.push({ what: `${what} publishes whole schemas`, since: PG15 });
  }
  for (const grant of model.grants) {
    const since = PRIVILEGES_SINCE[grant.privilege];
    if (since !== undefined)
      needed.push({
        what: `the grant of ${grant.privilege} on ${describeGrantTarget(grant.target, grant.column)} to ${grant.grantee}`,
        since,
      });
  }
  for (const entry of model.defaultPrivileges) {
    const since = PRIVILEGES_SINCE[entry.privilege];
    if (since !== undefined)
      needed.push({
        what: `the default privilege ${entry.privilege} on ${describeDefaultPrivilegeScope(entry)} to ${entry.grantee}`,
        since,
      });
  }
  return needed.filter((n) => serverVersion < n.since).map((n) => needsVersion(n.what, n.since));
}

/** Column lists of ON DELETE actions came with PostgreSQL 15; temporal keys and `NOT ENFORCED` constraints with 18. */
function constraintClauses(table: SchemaModel['tables'][number], where: string): Needed[] {
  const needed: Needed[] = [];
  const keys = [...(table.primaryKey === null ? [] : [table.primaryKey]), ...table.uniques];
  for (const key of keys.filter((k) => k.withoutOverlaps === true))
    needed.push({ what: `key ${key.name} on ${where} is WITHOUT OVERLAPS`, since: PG18 });
  for (const key of table.foreignKeys) {
    if (key.onDeleteColumns !== undefined)
      needed.push({ what: `foreign key ${key.name} on ${where} sets only some columns ON DELETE`, since: PG15 });
    if (key.period === true) needed.push({ what: `foreign key ${key.name} on ${where} uses PERIOD`, since: PG18 });
    if (key.notEnforced === true)
      needed.push({ what: `foreign key ${key.name} on ${where} is NOT ENFORCED`, since: PG18 });
  }
  for (const check of table.checks.filter((c) => c.notEnforced === true))
    needed.push({ what: `check constraint ${check.name} on ${where} is NOT ENFORCED`, since: PG18 });
  return needed;
}
