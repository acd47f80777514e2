import type { IdentityRefusal } from '../schema/model.js';
import type { Operation } from './operation.js';

/** The families `--fail-on` and `acknowledged` speak of. */
export const HAZARD_KINDS = [
  'data-loss',
  'rewrite',
  'lock',
  'scan',
  'breaking',
  'non-transactional',
  'expand',
] as const;
export type HazardKind = (typeof HAZARD_KINDS)[number];

/** Every hazard code and its family; HAZARD_NOTES says what each means. */
export const HAZARD_CODES = {
  'drop-table': 'data-loss',
  'drop-column': 'data-loss',
  'drop-schema': 'data-loss',
  'drop-type': 'data-loss',
  'remove-enum-value': 'data-loss',
  'narrow-type': 'data-loss',
  'session-time-zone': 'data-loss',
  'drop-object': 'data-loss',
  'rewrite-type': 'rewrite',
  'volatile-default': 'rewrite',
  'computed-column': 'rewrite',
  'set-logged': 'rewrite',
  'copied-column': 'rewrite',
  'access-exclusive': 'lock',
  'index-build-lock': 'lock',
  'validate-constraint': 'scan',
  'set-not-null': 'scan',
  'unique-index-scan': 'scan',
  'attach-partition-scan': 'scan',
  'column-dropped': 'breaking',
  'table-dropped': 'breaking',
  renamed: 'breaking',
  'relabel-enum-value': 'breaking',
  'not-null-without-default': 'breaking',
  'revoke-privilege': 'breaking',
  'replica-identity': 'breaking',
  'stale-computed': 'breaking',
  'non-transactional': 'non-transactional',
  'not-expandable': 'expand',
} as const satisfies Record<string, HazardKind>;
export type HazardCode = keyof typeof HAZARD_CODES;

/** What each hazard means, for the reference page (docs/reference/hazards.md is written from it). */
export interface HazardNote {
  /** What happens on a table that holds rows and serves queries; Markdown. */
  readonly happens: string;
  /** The safer way to make the change; Markdown. */
  readonly saferWay: string;
}

export const HAZARD_NOTES: Readonly<Record<HazardCode, HazardNote>> = {
  'drop-table': {
    happens: "a dropped table's rows are gone",
    saferWay: 'rename it away first, drop it in a later release',
  },
  'drop-column': {
    happens: "a dropped column's values are gone",
    saferWay: 'stop using it, copy what matters, drop it later',
  },
  'drop-schema': {
    happens: 'everything in the schema is gone',
    saferWay: 'drop its objects one by one, reviewed',
  },
  'drop-type': {
    happens: 'an enum or domain is dropped',
    saferWay: 'drop it once no column uses it',
  },
  'remove-enum-value': {
    happens: 'the enum is replaced; rows holding a removed value make it fail',
    saferWay: 'update those rows first',
  },
  'narrow-type': {
    happens: 'a type change that may cut values or fail to convert',
    saferWay: 'add a new column, backfill, switch over',
  },
  'session-time-zone': {
    happens:
      "a timestamp, date or time given a time zone (or a timestamp's taken away) is read as local time in the `TimeZone` of the session that runs the change, which the server's, the client's and the environment's settings decide: in another environment the values shift by another offset (and the table is rewritten unless the zone is UTC)",
    saferWay:
      "write the zone the values were written in as the change's `using` (`\"at\" AT TIME ZONE 'UTC'`); autogenerate asks for it with `TODO(using)`",
  },
  'drop-object': {
    happens: 'another dropped object (a sequence and its position, ...)',
    saferWay: 'keep it until nothing uses it',
  },
  'rewrite-type': {
    happens: 'a type change without a binary-compatible cast rewrites the table and its indexes under ACCESS EXCLUSIVE',
    saferWay: 'new column, backfill in batches, swap',
  },
  'volatile-default': {
    happens:
      'a new column whose default is volatile (`clock_timestamp()`, `random()`, `gen_random_uuid()`, ...) is filled row by row',
    saferWay: 'add it without a default (or with a stable one such as `now()`), set the default, backfill in batches',
  },
  'computed-column': {
    happens:
      'a new generated (stored) or identity column is computed for every row; a virtual generated column made plain is stored again',
    saferWay: 'add a plain column and backfill in batches',
  },
  'copied-column': {
    happens:
      'a column moved between a parent table and the tables that inherit from it has its values copied by an `UPDATE` of every row of those tables',
    saferWay:
      'do it in a quiet period; for large tables, add the new column, backfill it in batches, then drop the old one',
  },
  'set-logged': {
    happens:
      '`SET LOGGED` / `SET UNLOGGED` rewrites the table (`SET LOGGED` also writes all of it to the write-ahead log)',
    saferWay: 'do it in a quiet period; for a large table, create a new table and copy in batches',
  },
  'access-exclusive': {
    happens:
      '`ALTER TABLE` takes ACCESS EXCLUSIVE for a rewrite or a scan, or with no `lock_timeout`: every query on the table waits behind it, and it waits behind every running one',
    saferWay:
      'keep `lock_timeout` on (5s by default) and the statement quick: a form without rewrite or scan (the online plan)',
  },
  'index-build-lock': {
    happens: '`CREATE INDEX` holds a SHARE lock for the whole build: writes wait',
    saferWay: '`CREATE INDEX CONCURRENTLY` in an `op.autocommit` block (the online plan writes it)',
  },
  'validate-constraint': {
    happens: 'a new foreign key or check is validated against every row under the lock',
    saferWay: 'add it `NOT VALID`, then `VALIDATE CONSTRAINT` in its own step (the online plan)',
  },
  'set-not-null': {
    happens: '`SET NOT NULL` scans the table under ACCESS EXCLUSIVE',
    saferWay: 'add `CHECK (col IS NOT NULL) NOT VALID`, validate it, set NOT NULL, drop the check (the online plan)',
  },
  'unique-index-scan': {
    happens: 'a new primary key, unique or exclusion constraint builds its index under the lock',
    saferWay:
      'build a unique index concurrently, then `ADD CONSTRAINT ... USING INDEX` (the online plan, for unique and primary keys)',
  },
  'attach-partition-scan': {
    happens:
      "`ATTACH PARTITION` scans the table's rows under ACCESS EXCLUSIVE to check its bound (and a default partition's, for rows the bound takes from it), and fails on a row outside the bound",
    saferWay:
      'move the rows outside the bound away first, and add a `CHECK` matching the bound, `NOT VALID` then validated: the attach then skips the scan',
  },
  'column-dropped': {
    happens: 'the running application still reads or writes the column',
    saferWay: 'release code that no longer uses it first',
  },
  'table-dropped': {
    happens: 'the running application still uses the table',
    saferWay: 'release code that no longer uses it first',
  },
  renamed: {
    happens: 'the running application still uses the old name of a schema, table, column or other object',
    saferWay: 'release code that reads both names (or a view under the old name) first',
  },
  'relabel-enum-value': {
    happens:
      "an enum value renamed in place: every row holding it reads the new value from then on, and the running application's writes of the old one fail",
    saferWay:
      'rename a value only when the new one means the same; otherwise add the new value, update the rows that should hold it, then remove the old one',
  },
  'not-null-without-default': {
    happens: "a new NOT NULL column without a default fails on a table with rows, and the application's inserts fail",
    saferWay: 'the online plan does it on a table with rows: added nullable, `op.backfill`, then NOT NULL online',
  },
  'revoke-privilege': {
    happens:
      'a privilege revoked (`REVOKE`), or a default privilege (`ALTER DEFAULT PRIVILEGES ... REVOKE`, for the objects created from then on): what the running application does with it fails from then on',
    saferWay: 'release code that no longer needs it first',
  },
  'stale-computed': {
    happens:
      "what an index, a stored generated column, a check or a materialized view computed with a routine's old body stays as it was: Postgres computes it again only for rows written from then on (a materialized view, at its next refresh), so an index scan can miss or return the wrong rows, generated values disagree with new ones, rows the new body would refuse stay, and a materialized view serves the old results",
    saferWay:
      'give the new body a new name and move the index, column or check to it (each is then built or checked again), or rebuild them in the same release: `REINDEX INDEX CONCURRENTLY`, an `UPDATE` that rewrites the rows, a check dropped and added again, `REFRESH MATERIALIZED VIEW CONCURRENTLY`',
  },
  'replica-identity': {
    happens:
      "a publication starts sending a table's updates or deletes while the table's replica identity cannot serve them (no primary key and no `REPLICA IDENTITY`, or a column list or row filter beyond it): Postgres refuses the table's UPDATE (DELETE) from then on",
    saferWay:
      'give the table a primary key or a replica identity (`FULL`, or a unique index) that covers the column list and row filter first, or publish only its inserts',
  },
  'non-transactional': {
    happens:
      'an `op.autocommit` block (or `CREATE INDEX CONCURRENTLY`, or an online form) runs outside a transaction; a failure part way leaves what it did',
    saferWay: 'make the block safe to run again (`IF NOT EXISTS`); the runner resumes at the block',
  },
  'not-expandable': {
    happens:
      '`migrate upgrade --expand` cannot serve the operation to the old and the new version of the application at once, and refuses the revision (`migrate lint` reports it, not a failure unless `--fail-on expand`)',
    saferWay:
      'apply the revision with a plain `migrate upgrade`, or split the change into forms expand serves ([expand and contract](../expand-contract.md))',
  },
};

/**
 * The data-loss codes of a change in place, which keeps the object but may cut
 * or refuse the values its rows hold; the other data-loss codes are drops.
 */
export const IN_PLACE_LOSS_CODES: readonly HazardCode[] = ['narrow-type', 'remove-enum-value'];

export interface Hazard {
  kind: HazardKind;
  code: HazardCode;
  /** The table it touches, when there is one (its size makes the hazard worse). */
  table?: { schema: string; name: string };
  /** One sentence: what happens. */
  message: string;
}

/** A hazard of `code`, in its family. */
export function hazard(code: HazardCode, message: string, table?: { schema: string; name: string }): Hazard {
  return { kind: HAZARD_CODES[code], code, message, ...(table ? { table } : {}) };
}

/** The hazard of a statement that runs outside a transaction (an `op.autocommit` block, `CREATE INDEX CONCURRENTLY`). */
export function nonTransactionalHazard(what: string): Hazard {
  return hazard(
    'non-transactional',
    `${what} runs outside a transaction: a failure part way leaves what it did so far`,
  );
}

export const LOCK = 'takes an ACCESS EXCLUSIVE lock: every query on the table waits behind it';

/** The `replica-identity` hazard of each refusal an operation carries. */
export function identityHazards(unidentified: readonly IdentityRefusal[] = []): Hazard[] {
  return unidentified.map((r) =>
    hazard(
      'replica-identity',
      `publication ${r.publication} sends the ${r.refused.map((s) => `${s.toLowerCase()}s`).join(' and ')} of ${r.schema}.${r.table}, but ${r.why}: Postgres refuses its ${r.refused.join(' and ')} from then on`,
      { schema: r.schema, name: r.table },
    ),
  );
}

/** `unidentified` with each table's schema mapped, for an operation's `mapNames`; nothing when absent. */
export function mapIdentityRefusals(
  unidentified: readonly IdentityRefusal[] | undefined,
  map: { readonly schema: (name: string) => string },
): { unidentified?: IdentityRefusal[] } {
  return unidentified === undefined
    ? {}
    : { unidentified: unidentified.map((r) => ({ ...r, schema: map.schema(r.schema) })) };
}

/** The table an operation touches, when it names one. */
export function tableOf(op: Operation): { schema: string; name: string } | undefined {
  if (op.kind === 'createTable') return { schema: op.table.schema, name: op.table.name };
  if ('table' in op && typeof op.table === 'string' && 'schema' in op) return { schema: op.schema, name: op.table };
  if (op.kind === 'dropTable') return { schema: op.schema, name: op.name };
  return undefined;
}

/** Functions whose value differs per row, so a default calling one is computed for every existing row. */
export const VOLATILE_FUNCTIONS: readonly string[] = [
  'clock_timestamp',
  'timeofday',
  'random',
  'gen_random_uuid',
  'uuid_generate_v1',
  'uuid_generate_v4',
  'nextval',
  'txid_current',
  'statement_timestamp',
];
const VOLATILE = new RegExp(String.raw`\b(${VOLATILE_FUNCTIONS.join('|')})\s*\(`, 'i');

export function isVolatile(expression: string): boolean {
  return VOLATILE.test(expression);
}

/**
 * Type changes Postgres makes without rewriting the table: a longer or
 * unbounded varchar, varchar <-> text, numeric with more precision and the
 * same scale, a timestamp or time with more fractional digits. Unknown
 * `from` is not.
 */
export function isBinaryCompatible(from: string | undefined, to: string): boolean {
  if (from === undefined) return false;
  if (from === to) return true;
  const varchar = /^character varying(?:\((\d+)\))?$/;
  const source = varchar.exec(from);
  if ((source || from === 'text') && (to === 'text' || to === 'character varying')) return true;
  const target = varchar.exec(to);
  if (source?.[1] !== undefined && target?.[1] !== undefined) return Number(target[1]) >= Number(source[1]);
  const numeric = /^numeric\((\d+),(\d+)\)$/;
  const [a, b] = [numeric.exec(from), numeric.exec(to)];
  if (a && to === 'numeric') return true;
  if (a !== null && b !== null) return a[2] === b[2] && Number(b[1]) >= Number(a[1]);
  return isPrecisionWidening(from, to);
}

const INTEGER_RANK = new Map([
  ['smallint', 1],
  ['integer', 2],
  ['bigint', 3],
]);

/**
 * Type changes that keep every value: longer or unbounded varchar, varchar to
 * text, wider integers, real to double precision, numeric (or an integer)
 * to a numeric with room for at least the same digits on both sides of the
 * point, a timestamp or time with as many fractional digits (a timestamp's
 * zone given or taken away too: what it costs is the zone its values are read
 * in, `readsSessionZone`). Unknown `from` is not.
 */
export function isWidening(from: string | undefined, to: string): boolean {
  if (from === undefined) return false;
  if (from === to) return true;
  const fromInt = INTEGER_RANK.get(from);
  const toInt = INTEGER_RANK.get(to);
  if (fromInt !== undefined && toInt !== undefined) return toInt >= fromInt;
  if (from === 'real' && to === 'double precision') return true;
  if (from === 'text' && to === 'character varying') return true;
  return isVarcharWidening(from, to) || isNumericWidening(from, to) || isPrecisionWidening(from, to, true);
}

/** A time type's fractional digits: 6 where none are given. */
const TIME_PRECISION = /^(timestamp|time)(?:\((\d)\))? (with|without) time zone$/;

/**
 * A timestamp or time with at least as many fractional digits, the time
 * zone kept (or, with `zoneEither`, a timestamp's zone given or taken away).
 */
function isPrecisionWidening(from: string, to: string, zoneEither = false): boolean {
  const [source, target] = [TIME_PRECISION.exec(from), TIME_PRECISION.exec(to)];
  if (source === null || target === null || source[1] !== target[1]) return false;
  if (source[3] !== target[3] && !(zoneEither && source[1] === 'timestamp')) return false;
  return Number(target[2] ?? 6) >= Number(source[2] ?? 6);
}

/** The time types, each by its base name; null for any other type. */
export function timeKind(type: string): 'timestamp' | 'timestamptz' | 'time' | 'timetz' | 'date' | null {
  if (type === 'date') return 'date';
  const match = TIME_PRECISION.exec(type);
  if (match === null) return null;
  return match[3] === 'with' ? (match[1] === 'time' ? 'timetz' : 'timestamptz') : (match[1] as 'timestamp' | 'time');
}

/** The casts between time types that read the session's `TimeZone`: to a zone, and from a timestamp's. */
const SESSION_ZONE_CASTS = new Set([
  'timestamp>timestamptz',
  'date>timestamptz',
  'time>timetz',
  'timestamptz>timestamp',
  'timestamptz>date',
  'timestamptz>time',
]);

/**
 * Whether the cast from `from` to `to` reads the session's `TimeZone`: a
 * timestamp, date or time given a zone is read as local time there; a
 * timestamp with a zone becomes the local time there (or its date, or its
 * time of day). A time with a zone made one without keeps its clock
 * reading, whatever the zone.
 */
export function readsSessionZone(from: string | undefined, to: string): boolean {
  if (from === undefined) return false;
  return SESSION_ZONE_CASTS.has(`${timeKind(from)}>${timeKind(to)}`);
}

function isVarcharWidening(from: string, to: string): boolean {
  const source = /^character varying(?:\((\d+)\))?$/.exec(from);
  if (source === null) return false;
  if (to === 'text' || to === 'character varying') return true;
  const target = /^character varying\((\d+)\)$/.exec(to);
  return target !== null && source[1] !== undefined && Number(target[1]) >= Number(source[1]);
}

/** The most digits an integer type's values have: each fits a numeric with as many before the point. */
const INTEGER_DIGITS = new Map([
  ['smallint', 5],
  ['integer', 10],
  ['bigint', 19],
]);

/** A bounded numeric's precision and scale, an integer type's as a numeric's with no digits after the point. */
function numericPlaces(type: string): [precision: number, scale: number] | null {
  const digits = INTEGER_DIGITS.get(type);
  if (digits !== undefined) return [digits, 0];
  const match = /^numeric\((\d+),(\d+)\)$/.exec(type);
  return match === null ? null : [Number(match[1]), Number(match[2])];
}

function isNumericWidening(from: string, to: string): boolean {
  const source = numericPlaces(from);
  if (source === null) return false;
  if (to === 'numeric') return true;
  const target = INTEGER_DIGITS.has(to) ? null : numericPlaces(to);
  if (target === null) return false;
  const [fromPrecision, fromScale] = source;
  const [toPrecision, toScale] = target;
  return toScale >= fromScale && toPrecision - toScale >= fromPrecision - fromScale;
}
