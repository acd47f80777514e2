import type { Driver } from '../connection/driver.js';

/**
 * Where the catalog stood: the transaction id given out at that moment, and
 * how many rows the catalog tables held.
 */
export interface CatalogMark {
  /** The transaction id of the mark, modulo 2^32 (as `xmin` holds it). */
  readonly xid: number;
  readonly rows: number;
}

/**
 * Whether a database's catalog rows are exactly those it had at a mark,
 * told by counting them rather than by reading the schema. A row version
 * never changes once written: an insert or an update writes a row whose
 * `xmin` is a transaction after the mark, and a delete takes one away. So the
 * same number of rows and none written since the mark means the same rows,
 * and the same schema. The converse does not hold (a column dropped and
 * added back is a new row): "changed" only says to compare the schemas.
 *
 * Left out: the statistics (`pg_statistic`, `pg_statistic_ext_data`), large
 * objects' data, and the rows of shared catalogs that belong to other
 * databases. What PostgreSQL updates in place (a table's page and row
 * estimates, `relhasindex`, frozen transaction ids) is not read into the model.
 */
export class CatalogRows {
  private constructor(
    private readonly driver: Driver,
    private readonly rowsSql: string,
  ) {}

  /** Lists the catalog tables of the database's server (one statement). */
  static async of(driver: Driver): Promise<CatalogRows> {
    const { rows } = await driver.query<{ name: string; shared: boolean }>(CATALOGS_SQL);
    const reads = rows
      .filter((row) => !SKIPPED.has(row.name))
      .map((row) => {
        const filter = row.shared ? SHARED_FILTERS[row.name] : undefined;
        return `SELECT xmin FROM pg_catalog.${row.name}${filter === undefined ? '' : ` WHERE ${filter}`}`;
      });
    return new CatalogRows(driver, reads.join('\nUNION ALL '));
  }

  /** A mark of the catalog as it is now. */
  async mark(): Promise<CatalogMark> {
    const { rows } = await this.driver.query<{ xid: string | number; rows: string | number }>(
      `SELECT pg_catalog.txid_current() % 4294967296 AS xid, (SELECT count(*) FROM (${this.rowsSql}) AS r) AS rows`,
    );
    return { xid: Number(rows[0]!.xid), rows: Number(rows[0]!.rows) };
  }

  /** True when the catalog holds exactly the rows it held at `mark`. */
  async unchangedSince(mark: CatalogMark): Promise<boolean> {
    // A row written after the mark is younger than the mark's transaction
    // (`age` counts modulo 2^32 from now, and takes a frozen row for the oldest).
    const { rows } = await this.driver.query<{ rows: string | number; written: string | number }>(
      `SELECT count(*) AS rows, count(*) FILTER (WHERE pg_catalog.age(r.xmin) < pg_catalog.age($1::text::xid)) AS written
FROM (${this.rowsSql}) AS r`,
      [String(mark.xid)],
    );
    return Number(rows[0]!.rows) === mark.rows && Number(rows[0]!.written) === 0;
  }
}

const CATALOGS_SQL = `SELECT c.relname AS name, c.relisshared AS shared
FROM pg_catalog.pg_class c
WHERE c.relnamespace = 'pg_catalog'::pg_catalog.regnamespace AND c.relkind = 'r'
ORDER BY c.relname`;

/** Statistics and large objects' data: not the schema, and written by ANALYZE and by data. */
const SKIPPED = new Set(['pg_statistic', 'pg_statistic_ext_data', 'pg_largeobject', 'pg_replication_origin']);

const THIS_DATABASE = `(SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())`;

/** The rows of shared catalogs that concern this database (other databases come and go on a server). */
const SHARED_FILTERS: Record<string, string> = {
  pg_database: `oid = ${THIS_DATABASE}`,
  pg_shdepend: `dbid = ${THIS_DATABASE}`,
  pg_db_role_setting: `setdatabase IN (0, ${THIS_DATABASE})`,
  pg_subscription: `subdbid = ${THIS_DATABASE}`,
  pg_shdescription: `classoid <> 'pg_catalog.pg_database'::pg_catalog.regclass OR objoid = ${THIS_DATABASE}`,
  pg_shseclabel: `classoid <> 'pg_catalog.pg_database'::pg_catalog.regclass OR objoid = ${THIS_DATABASE}`,
};
