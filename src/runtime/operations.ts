import { operationOf, type LiteralPayload } from '../ops/literal-defaults.js';
import type { Operation, OperationKind } from '../ops/operation.js';
import { OPERATION_KINDS } from '../ops/operation-specs.js';
import type { ExpandPhasesOfSql } from '../ops/families/sql.js';
import { bulkInsertStatements } from '../pg/rows/bulk-insert.js';
import type { OpCalls } from './op-calls.js';

/**
 * The argument of `op.<kind>(...)`: the operation without its `kind`; the
 * whole objects in it (a created table, sequence, domain...) may leave out
 * the fields that take their defaults (see `LITERAL_DEFAULTS`).
 */
export type Payload<K extends OperationKind> = LiteralPayload<K>;

/** Runs raw SQL and returns its rows. */
export type QueryRunner = <R = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>;

/** What the migration context gives the `op` object of one revision. */
export interface OperationBackend {
  /** Compiles and executes one operation. */
  run(op: Operation): Promise<void>;
  /** Runs a query and returns its rows; refused in `--sql` mode. */
  query: QueryRunner;
  /** Runs `fn` outside the revision's transaction, each statement committing on its own. */
  autocommit(fn: () => Promise<void>): Promise<void>;
  /** True when the run writes a SQL script (`--sql`) instead of executing. */
  readonly offline: boolean;
}

/**
 * The second argument of `op.execute`: its bind parameters, and how
 * `migrate upgrade --expand` serves it, `expand` and `contract` together
 * (`abort` optional), each plain SQL.
 */
export interface ExecuteOptions {
  params?: unknown[];
  expand?: string;
  contract?: string;
  abort?: string;
}

/** Where `op.bulkInsert` writes: a table name (in `public`) or a schema and a table. */
export type BulkInsertTarget = string | { schema?: string; table: string };

/** The operation kinds whose `op` method is made from the registry of kinds; `backfill` has its own. */
type MethodKind = Exclude<OperationKind, 'backfill'>;

/**
 * `op.<kind>(p)` for each operation kind: the operation without its `kind`
 * (docs/reference/operations.md), the defaults its literals leave out filled in.
 */
type OperationMethods = { readonly [K in MethodKind]: (p: Payload<K>) => Promise<void> };

/** The `op` object's methods of every operation kind, made from `OPERATION_KINDS` below. */
export interface Operations extends OperationMethods {}

/**
 * The `op` object a revision's `upgrade(op)` and `downgrade(op)` receive. Each
 * method builds the same `Operation` the comparator produces and executes it
 * at once, inside the revision's transaction. Every call must be awaited:
 * calls run one after another, and one that was not awaited fails the revision.
 */
export class Operations {
  static {
    for (const kind of OPERATION_KINDS) {
      if (kind === 'backfill') continue;
      Object.defineProperty(Operations.prototype, kind, {
        value: function (this: Operations, p: Payload<MethodKind>): Promise<void> {
          return this.call(kind, p);
        },
        writable: true,
        configurable: true,
      });
    }
  }

  constructor(
    private readonly backend: OperationBackend,
    private readonly calls: OpCalls,
  ) {}

  /** True when the run writes a SQL script (`--sql`): `op.query` is refused and nothing is read back. */
  get offline(): boolean {
    return this.backend.offline;
  }

  /** Runs the call `op.<kind>(p)`: the operation with the defaults its literals leave out filled in. */
  private call<K extends OperationKind>(kind: K, p: Payload<K>): Promise<void> {
    return this.run(operationOf(kind, p));
  }

  /** Runs one operation as the call `op.<method>(...)`. */
  private run(op: Operation, method: string = op.kind): Promise<void> {
    return this.calls.track(method, () => this.backend.run(op));
  }

  /**
   * Runs SQL for its effect (a data migration step); `$1`, `$2`, ... bind
   * `params`. With `{ expand, contract, abort }` (and `params` among them),
   * `migrate upgrade --expand` runs `expand` at expand, `contract` at
   * contract and `abort` at abort instead of `sql`, which a plain upgrade runs
   * (docs/expand-contract.md); without them `--expand` refuses the revision.
   */
  execute(sql: string, params?: unknown[] | ExecuteOptions): Promise<void> {
    const options: ExecuteOptions = Array.isArray(params) ? { params } : (params ?? {});
    const { params: bound, expand, contract, abort } = options;
    // Both parts or none: SQL with one of them is refused by `--expand` as SQL without them.
    const phases: { phases?: ExpandPhasesOfSql } =
      typeof expand === 'string' && typeof contract === 'string'
        ? { phases: { expand, contract, ...(abort !== undefined ? { abort } : {}) } }
        : {};
    return this.run({ kind: 'executeSql', sql, ...(bound ? { params: bound } : {}), ...phases }, 'execute');
  }

  /** Runs a query and returns its rows, for data migrations that read before they write. Not in `--sql` mode. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]> {
    return this.calls.track('query', () => this.backend.query<R>(sql, params));
  }

  /**
   * Inserts rows, many per statement: the columns are every key the rows use;
   * a row without a key gets the column's default. Values are bound as
   * parameters (written as literals with `--sql`).
   */
  bulkInsert(table: BulkInsertTarget, rows: readonly Record<string, unknown>[]): Promise<void> {
    const schema = typeof table === 'string' ? 'public' : (table.schema ?? 'public');
    const name = typeof table === 'string' ? table : table.table;
    return this.calls.track('bulkInsert', async () => {
      for (const statement of bulkInsertStatements(schema, name, rows)) {
        await this.backend.run({
          kind: 'executeSql',
          sql: statement.sql,
          ...(statement.params ? { params: statement.params } : {}),
        });
      }
    });
  }

  /**
   * Writes values into the rows a table holds, in batches of `batchSize` rows
   * (1000 by default), each batch its own transaction: `set` maps each column
   * to an SQL expression over the row, `where` picks the rows still to fill
   * (write it so that a filled row is not picked again: `slug IS NULL`).
   * Batches follow the primary key (pages, for a table without one). It runs
   * outside the revision's transaction: the revision must say
   * `export const transactional = false`, and a run stopped part way resumes
   * after the last batch that committed. With `--sql`, one `UPDATE`.
   */
  backfill(p: Omit<Payload<'backfill'>, 'schema'> & { schema?: string }): Promise<void> {
    return this.run({ kind: 'backfill', ...p, schema: p.schema ?? 'public' });
  }

  /**
   * Runs `fn` outside the revision's transaction, for statements Postgres
   * refuses inside one (`CREATE INDEX CONCURRENTLY`, `VACUUM`, `ALTER TYPE ...
   * ADD VALUE` before Postgres 12): the transaction is committed, each
   * statement in `fn` commits on its own, and a new transaction begins after.
   * The revision must say so with `export const transactional = false`.
   */
  autocommit(fn: () => Promise<void>): Promise<void> {
    return this.calls.track('autocommit', () => this.backend.autocommit(this.calls.block(fn)));
  }
}

/** The operation kinds without a method on `op`: none, each has one (`Operations`). */
export function kindsWithoutMethod(): OperationKind[] {
  return OPERATION_KINDS.filter(
    (kind) => typeof (Operations.prototype as unknown as Record<string, unknown>)[kind] !== 'function',
  );
}
