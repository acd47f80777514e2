import { managesPrivileges, qualifiedKey } from '../../schema/model.js';
import { compareText } from '../../util/strings.js';
import { unmodeledSql, type UnmodeledRow } from '../catalog/unmodeled/catalog-unmodeled.js';
import type { Driver } from '../connection/driver.js';
import { applyReadingSettings, restoreSettings } from '../catalog/reading-settings.js';
import type { ReflectOptions } from '../reflect.js';

/** An object or setting the model has no place for, as SQL (or, when Postgres cannot print it, a description). */
export interface UnmodeledObject {
  /** Singular, for people: `base type`, `typed table`. */
  kind: string;
  /** `schema.name` for people (unquoted); for a rule `rule on schema.table`. */
  name: string;
  /** SQL that recreates it, or null when Postgres cannot print it. */
  definition: string | null;
  /** One line, when there is no definition. */
  description: string | null;
}

/**
 * Lists what `reflectSchema` with the same options leaves out because the
 * model cannot hold it (and the privileges on an extension's members when
 * `privileges` manages them), with one catalog statement (besides applying
 * `READING_SETTINGS` and restoring the session's own). Objects on the
 * excluded tables are left out. The list is sorted by kind, then name.
 */
export async function reflectUnmodeled(driver: Driver, options: ReflectOptions = {}): Promise<UnmodeledObject[]> {
  const saved = await applyReadingSettings(driver);
  let rows: UnmodeledRow[];
  try {
    const { privileges } = options;
    const managed = managesPrivileges(privileges);
    const roles = typeof privileges === 'object' ? [...privileges.roles] : null;
    const params = managed ? [options.schemas ?? null, roles] : [options.schemas ?? null];
    rows = (await driver.query<UnmodeledRow>(unmodeledSql(saved.serverVersion, managed), params)).rows;
  } catch (error) {
    await restoreSettings(driver, saved).catch(() => undefined);
    throw error;
  }
  await restoreSettings(driver, saved);
  const excluded = new Set((options.exclude ?? []).map((table) => qualifiedKey(table.schema, table.name)));
  return rows
    .filter(
      (row) =>
        row.rel_schema === null || row.rel_name === null || !excluded.has(qualifiedKey(row.rel_schema, row.rel_name)),
    )
    .sort(
      (a, b) => a.rank - b.rank || compareText(a.name, b.name) || compareText(a.definition ?? '', b.definition ?? ''),
    )
    .map((row) => ({ kind: row.kind, name: row.name, definition: row.definition, description: row.description }));
}
