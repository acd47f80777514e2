import type { Statement } from '../ddl/statement.js';
import type { Driver } from '../connection/driver.js';
import { READING_SEARCH_PATH } from '../catalog/reading-settings.js';
import { quoteIdent } from '../quote.js';

/*
 * The SQL of canonicalization (`src/canonical`), which writes none itself:
 * the server's limits, scratch schemas and the search path that puts them
 * first, savepoints around what may fail, and what the server says of the
 * extensions and routines created there.
 */

interface ServerLimits {
  version: number;
  /** `version()`: the build besides the number. */
  versionText: string;
  searchPath: string;
  maxLocks: number;
  /** Connection slots the lock table is sized for: max_connections + max_prepared_transactions. */
  slots: number;
}

export async function serverLimits(driver: Driver): Promise<ServerLimits> {
  const { rows } = await driver.query<ServerLimits>(
    "SELECT current_setting('server_version_num')::int AS version, current_setting('max_locks_per_transaction')::int AS \"maxLocks\", " +
      "current_setting('max_connections')::int + current_setting('max_prepared_transactions')::int AS slots, " +
      'version() AS "versionText", current_setting(\'search_path\') AS "searchPath"',
  );
  const row = rows[0];
  return {
    version: row?.version ?? 0,
    maxLocks: row?.maxLocks ?? 64,
    slots: row?.slots ?? 1,
    versionText: row?.versionText ?? '',
    searchPath: row?.searchPath ?? '',
  };
}

/** Creates the schemas, in one round trip. */
export async function createSchemas(driver: Driver, names: readonly string[]): Promise<void> {
  await driver.exec(names.map((name) => `CREATE SCHEMA ${quoteIdent(name)}`).join(';\n'));
}

/** The schemas of the session's search path that exist, in order. */
async function schemasOnPath(driver: Driver): Promise<string[]> {
  const { rows } = await driver.query<{ name: string }>('SELECT unnest(current_schemas(false))::text AS name');
  return rows.map((r) => r.name);
}

/**
 * Puts each scratch schema in the search path ahead of the schema it stands
 * for, so unqualified names in the user's expressions (`'ok'::mood`) resolve
 * to the scratch copies, while everything else still resolves as before.
 */
export async function shadowSearchPath(driver: Driver, rename: ReadonlyMap<string, string>): Promise<void> {
  const shadows = (await schemasOnPath(driver))
    .map((name) => rename.get(name))
    .filter((s): s is string => s !== undefined);
  if (shadows.length === 0) return;
  await driver.query("SELECT set_config('search_path', $1 || ', ' || current_setting('search_path'), true)", [
    shadows.map(quoteIdent).join(', '),
  ]);
}

/** An operator's schema and name. */
interface OperatorName {
  schema: string;
  name: string;
}

/**
 * Of the operators named, those the database holds as members of an extension
 * installed in that schema: where the scratch copy of the schema holds an
 * operator of the same name too (declared, or of an extension created there),
 * only the operand types tell which one an expression means.
 */
export async function extensionOperatorsNamed(
  driver: Driver,
  operators: readonly OperatorName[],
): Promise<OperatorName[]> {
  if (operators.length === 0) return [];
  const { rows } = await driver.query<OperatorName>(
    `SELECT DISTINCT n.nspname AS schema, o.oprname AS name
     FROM pg_operator o
     JOIN pg_namespace n ON n.oid = o.oprnamespace
     JOIN pg_depend d ON d.classid = 'pg_operator'::regclass AND d.objid = o.oid AND d.deptype = 'e'
     JOIN unnest($1::text[], $2::text[]) AS w(schema, name) ON w.schema = n.nspname AND w.name = o.oprname`,
    [operators.map((o) => o.schema), operators.map((o) => o.name)],
  );
  return rows;
}

/**
 * Puts each of the schemas the search path lacks at its end, after its
 * scratch copy, so that an operator written bare is looked for in both.
 */
export async function searchPathThrough(
  driver: Driver,
  schemas: readonly string[],
  rename: ReadonlyMap<string, string>,
): Promise<void> {
  const onPath = new Set(await schemasOnPath(driver));
  const added = [...new Set(schemas)]
    .filter((s) => !onPath.has(s))
    .flatMap((s) => [rename.get(s) ?? s, s])
    .map(quoteIdent);
  if (added.length === 0) return;
  await driver.query("SELECT set_config('search_path', current_setting('search_path') || ', ' || $1, true)", [
    added.join(', '),
  ]);
}

/**
 * The statements as one script, in a savepoint: one round trip for the whole
 * lot. False when it fails, rolled back to the savepoint.
 */
export async function runScript(driver: Driver, statements: readonly Statement[]): Promise<boolean> {
  await driver.exec('SAVEPOINT athanor_canon_batch');
  try {
    // A newline before each `;` keeps a trailing `--` comment from swallowing it.
    await driver.exec(statements.map((s) => `${s.sql}\n;`).join('\n'));
    await driver.exec('RELEASE SAVEPOINT athanor_canon_batch');
    return true;
  } catch {
    await driver.exec('ROLLBACK TO SAVEPOINT athanor_canon_batch');
    return false;
  }
}

/** Runs statements inside a savepoint; on failure rolls back to it and returns the error. */
export async function attempt(driver: Driver, statements: readonly string[]): Promise<unknown> {
  await driver.exec('SAVEPOINT athanor_canon_object');
  try {
    for (const sql of statements) await driver.query(sql);
    await driver.exec('RELEASE SAVEPOINT athanor_canon_object');
    return null;
  } catch (error) {
    await driver.exec('ROLLBACK TO SAVEPOINT athanor_canon_object');
    return error ?? new Error('failed');
  }
}

/**
 * The name of an extension member `d.objid` (a `pg_depend` row `d` on the
 * extension) that SQL text may spell qualified: a relation, type, routine,
 * operator class or family, operator, collation, or text search dictionary,
 * template, parser or configuration.
 */
const MEMBER_NAME =
  'COALESCE(c.relname, t.typname, p.proname, oc.opcname, fam.opfname, o.oprname, co.collname, td.dictname, tt.tmplname, tp.prsname, tc.cfgname)';
const MEMBER_JOINS = `LEFT JOIN pg_class c ON d.classid = 'pg_class'::regclass AND c.oid = d.objid
LEFT JOIN pg_type t ON d.classid = 'pg_type'::regclass AND t.oid = d.objid
LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
LEFT JOIN pg_opclass oc ON d.classid = 'pg_opclass'::regclass AND oc.oid = d.objid
LEFT JOIN pg_opfamily fam ON d.classid = 'pg_opfamily'::regclass AND fam.oid = d.objid
LEFT JOIN pg_operator o ON d.classid = 'pg_operator'::regclass AND o.oid = d.objid
LEFT JOIN pg_collation co ON d.classid = 'pg_collation'::regclass AND co.oid = d.objid
LEFT JOIN pg_ts_dict td ON d.classid = 'pg_ts_dict'::regclass AND td.oid = d.objid
LEFT JOIN pg_ts_template tt ON d.classid = 'pg_ts_template'::regclass AND tt.oid = d.objid
LEFT JOIN pg_ts_parser tp ON d.classid = 'pg_ts_parser'::regclass AND tp.oid = d.objid
LEFT JOIN pg_ts_config tc ON d.classid = 'pg_ts_config'::regclass AND tc.oid = d.objid`;

/** A member of an installed extension, and the schema the extension is installed in. */
interface ExtensionMember {
  extension: string;
  schema: string;
  member: string | null;
}

/** The members of the installed extensions named, with the schema each is installed in. */
export async function installedExtensionMembers(driver: Driver, names: readonly string[]): Promise<ExtensionMember[]> {
  const { rows } = await driver.query<ExtensionMember>(
    `SELECT e.extname AS extension, n.nspname AS schema, ${MEMBER_NAME} AS member
     FROM pg_extension e
     JOIN pg_namespace n ON n.oid = e.extnamespace
     JOIN pg_depend d ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid AND d.deptype = 'e'
     ${MEMBER_JOINS}
     WHERE e.extname = ANY($1::text[])
     ORDER BY 1, 3`,
    [names],
  );
  return rows;
}

export async function extensionInstalled(driver: Driver, name: string): Promise<boolean> {
  const installed = await driver.query('SELECT 1 FROM pg_extension WHERE extname = $1', [name]);
  return installed.rows.length > 0;
}

export function createExtensionStatement(name: string, schema: string): string {
  return `CREATE EXTENSION ${quoteIdent(name)} WITH SCHEMA ${quoteIdent(schema)}`;
}

/**
 * The names of an extension's members that SQL text may name qualified:
 * relations, types, routines, operator classes and families, operators,
 * collations and text search objects.
 */
export async function extensionMemberNames(driver: Driver, name: string): Promise<string[]> {
  const { rows } = await driver.query<{ name: string | null }>(
    `
SELECT ${MEMBER_NAME} AS name
FROM pg_depend d
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = $1
${MEMBER_JOINS}
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'`,
    [name],
  );
  return rows.map((row) => row.name).filter((n): n is string => n !== null);
}

/**
 * The argument types of each routine `schema.name`, as `oidvectortypes` prints
 * them under the catalog reads' search path (`public.mood`, as the reflector
 * spells them, not `mood` as the scratch schemas put first would print it),
 * oldest first: one round trip, the search path set back by a savepoint.
 */
export async function routineArgumentTypes(driver: Driver, schema: string, name: string): Promise<string[]> {
  let types: string[] = [];
  await driver.pipeline(
    [
      { sql: 'SAVEPOINT athanor_routine_types' },
      { sql: "SELECT set_config('search_path', $1, true)", params: [READING_SEARCH_PATH] },
      {
        sql: `SELECT oidvectortypes(p.proargtypes) AS types FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = $1 AND p.proname = $2 ORDER BY p.oid`,
        params: [schema, name],
      },
      { sql: 'ROLLBACK TO SAVEPOINT athanor_routine_types' },
      { sql: 'RELEASE SAVEPOINT athanor_routine_types' },
    ],
    (index, rows) => {
      if (index === 2) types = rows.map((row) => String(row.types));
    },
  );
  return types;
}
