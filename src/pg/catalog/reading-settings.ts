import type { Driver } from '../connection/driver.js';

/** The search path catalog reads run under: every name outside pg_catalog prints schema-qualified. */
export const READING_SEARCH_PATH = 'pg_catalog';

/**
 * The session settings catalog reads run under, as pg_dump sets them: names
 * and expressions print schema-qualified (empty search path), without JIT
 * compiling the catalog queries, and every value prints the same whatever the
 * server's or the database's own settings: dates in ISO order
 * (`'2020-02-01'::date`, not `'01/02/2020'` under `SQL, DMY`), intervals in
 * Postgres' style, floating point numbers exactly, byte strings in hex.
 */
const READING_SETTINGS: readonly (readonly [name: string, value: string])[] = [
  ['search_path', READING_SEARCH_PATH],
  ['jit', 'off'],
  // Saved here so that the restore puts back the session's own after `MERGE_JOINS_OFF_SQL`.
  ['enable_mergejoin', 'on'],
  ['DateStyle', 'ISO, YMD'],
  ['IntervalStyle', 'postgres'],
  ['extra_float_digits', '3'],
  ['bytea_output', 'hex'],
];

/**
 * Sent right before the statement of what uses what (the last of a reading):
 * the planner's estimates of the rows of its common table expressions run
 * hundreds of times under what is there (207 for 68,709 at 10,000 tables),
 * so it chose merge joins that sort 100,000 rows on disk; with hash joins
 * the statement takes 15% less of the server. The settings' restore, after
 * the reading, puts the session's own value back.
 */
export const MERGE_JOINS_OFF_SQL = "SELECT set_config('enable_mergejoin', 'off', false) AS merge_joins";

/** The values the settings had before `applyReadingSettings`, for `restoreSettings`. */
interface SavedSettings {
  names: string[];
  values: string[];
  /** The server's `server_version_num` (`130023`, `180004`), read in the same statement, for catalog reads that differ by version. */
  serverVersion: number;
}

const APPLY_SQL = `
WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS w(name, value, position)),
saved AS MATERIALIZED (SELECT name, value, position, current_setting(name) AS previous FROM wanted)
SELECT name, previous, set_config(name, value, false) AS applied, current_setting('server_version_num')::int AS server_version
FROM saved ORDER BY position`;

const RESTORE_SQL = `SELECT set_config(name, value, false) AS restored FROM unnest($1::text[], $2::text[]) AS s(name, value)`;

/** Saves the session's values of `READING_SETTINGS` and sets them, in one statement. */
export async function applyReadingSettings(driver: Driver): Promise<SavedSettings> {
  const names = READING_SETTINGS.map(([name]) => name);
  const { rows } = await driver.query<{ name: string; previous: string; server_version: number }>(APPLY_SQL, [
    names,
    READING_SETTINGS.map(([, value]) => value),
  ]);
  return {
    names: rows.map((row) => row.name),
    values: rows.map((row) => row.previous),
    serverVersion: rows[0]!.server_version,
  };
}

/** Sets the saved values back, in one statement. */
export async function restoreSettings(driver: Driver, saved: SavedSettings): Promise<void> {
  await driver.query(RESTORE_SQL, [saved.names, saved.values]);
}
