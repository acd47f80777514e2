import { operationOf, type LiteralPayload } from '../ops/literal-defaults.js';
import type { Operation, OperationKind } from '../ops/operation.js';
import type { ExpandPhasesOfSql } from '../ops/families/kinds/sql.js';
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

/**
 * The `op` object a revision's `upgrade(op)` and `downgrade(op)` receive. Each
 * method builds the same `Operation` the comparator produces and executes it
 * at once, inside the revision's transaction. Every call must be awaited:
 * calls run one after another, and one that was not awaited fails the revision.
 */
export class Operations {
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

  createSchema(p: Payload<'createSchema'>): Promise<void> {
    return this.call('createSchema', p);
  }
  dropSchema(p: Payload<'dropSchema'>): Promise<void> {
    return this.call('dropSchema', p);
  }
  createEnum(p: Payload<'createEnum'>): Promise<void> {
    return this.call('createEnum', p);
  }
  dropEnum(p: Payload<'dropEnum'>): Promise<void> {
    return this.call('dropEnum', p);
  }
  addEnumValue(p: Payload<'addEnumValue'>): Promise<void> {
    return this.call('addEnumValue', p);
  }
  createTable(p: Payload<'createTable'>): Promise<void> {
    return this.call('createTable', p);
  }
  dropTable(p: Payload<'dropTable'>): Promise<void> {
    return this.call('dropTable', p);
  }
  addColumn(p: Payload<'addColumn'>): Promise<void> {
    return this.call('addColumn', p);
  }
  dropColumn(p: Payload<'dropColumn'>): Promise<void> {
    return this.call('dropColumn', p);
  }
  alterColumn(p: Payload<'alterColumn'>): Promise<void> {
    return this.call('alterColumn', p);
  }
  addConstraint(p: Payload<'addConstraint'>): Promise<void> {
    return this.call('addConstraint', p);
  }
  dropConstraint(p: Payload<'dropConstraint'>): Promise<void> {
    return this.call('dropConstraint', p);
  }
  createIndex(p: Payload<'createIndex'>): Promise<void> {
    return this.call('createIndex', p);
  }
  dropIndex(p: Payload<'dropIndex'>): Promise<void> {
    return this.call('dropIndex', p);
  }
  renameIndex(p: Payload<'renameIndex'>): Promise<void> {
    return this.call('renameIndex', p);
  }
  setUnlogged(p: Payload<'setUnlogged'>): Promise<void> {
    return this.call('setUnlogged', p);
  }

  setReplicaIdentity(p: Payload<'setReplicaIdentity'>): Promise<void> {
    return this.call('setReplicaIdentity', p);
  }
  setStorageParameters(p: Payload<'setStorageParameters'>): Promise<void> {
    return this.call('setStorageParameters', p);
  }
  renameSchema(p: Payload<'renameSchema'>): Promise<void> {
    return this.call('renameSchema', p);
  }
  renameTable(p: Payload<'renameTable'>): Promise<void> {
    return this.call('renameTable', p);
  }
  renameColumn(p: Payload<'renameColumn'>): Promise<void> {
    return this.call('renameColumn', p);
  }
  renameObject(p: Payload<'renameObject'>): Promise<void> {
    return this.call('renameObject', p);
  }
  executeSql(p: Payload<'executeSql'>): Promise<void> {
    return this.call('executeSql', p);
  }
  renameEnumValue(p: Payload<'renameEnumValue'>): Promise<void> {
    return this.call('renameEnumValue', p);
  }
  replaceEnum(p: Payload<'replaceEnum'>): Promise<void> {
    return this.call('replaceEnum', p);
  }
  createExtension(p: Payload<'createExtension'>): Promise<void> {
    return this.call('createExtension', p);
  }
  dropExtension(p: Payload<'dropExtension'>): Promise<void> {
    return this.call('dropExtension', p);
  }
  createCollation(p: Payload<'createCollation'>): Promise<void> {
    return this.call('createCollation', p);
  }
  dropCollation(p: Payload<'dropCollation'>): Promise<void> {
    return this.call('dropCollation', p);
  }
  createRule(p: Payload<'createRule'>): Promise<void> {
    return this.call('createRule', p);
  }
  replaceRule(p: Payload<'replaceRule'>): Promise<void> {
    return this.call('replaceRule', p);
  }
  dropRule(p: Payload<'dropRule'>): Promise<void> {
    return this.call('dropRule', p);
  }
  createStatistics(p: Payload<'createStatistics'>): Promise<void> {
    return this.call('createStatistics', p);
  }
  dropStatistics(p: Payload<'dropStatistics'>): Promise<void> {
    return this.call('dropStatistics', p);
  }
  alterStatistics(p: Payload<'alterStatistics'>): Promise<void> {
    return this.call('alterStatistics', p);
  }

  createPublication(p: Payload<'createPublication'>): Promise<void> {
    return this.call('createPublication', p);
  }

  dropPublication(p: Payload<'dropPublication'>): Promise<void> {
    return this.call('dropPublication', p);
  }

  alterPublication(p: Payload<'alterPublication'>): Promise<void> {
    return this.call('alterPublication', p);
  }
  createCast(p: Payload<'createCast'>): Promise<void> {
    return this.call('createCast', p);
  }
  dropCast(p: Payload<'dropCast'>): Promise<void> {
    return this.call('dropCast', p);
  }
  createTextSearchDictionary(p: Payload<'createTextSearchDictionary'>): Promise<void> {
    return this.call('createTextSearchDictionary', p);
  }
  alterTextSearchDictionary(p: Payload<'alterTextSearchDictionary'>): Promise<void> {
    return this.call('alterTextSearchDictionary', p);
  }
  dropTextSearchDictionary(p: Payload<'dropTextSearchDictionary'>): Promise<void> {
    return this.call('dropTextSearchDictionary', p);
  }
  createTextSearchConfiguration(p: Payload<'createTextSearchConfiguration'>): Promise<void> {
    return this.call('createTextSearchConfiguration', p);
  }
  alterTextSearchConfiguration(p: Payload<'alterTextSearchConfiguration'>): Promise<void> {
    return this.call('alterTextSearchConfiguration', p);
  }
  dropTextSearchConfiguration(p: Payload<'dropTextSearchConfiguration'>): Promise<void> {
    return this.call('dropTextSearchConfiguration', p);
  }
  createOperator(p: Payload<'createOperator'>): Promise<void> {
    return this.call('createOperator', p);
  }
  dropOperator(p: Payload<'dropOperator'>): Promise<void> {
    return this.call('dropOperator', p);
  }
  alterOperator(p: Payload<'alterOperator'>): Promise<void> {
    return this.call('alterOperator', p);
  }
  createOperatorClass(p: Payload<'createOperatorClass'>): Promise<void> {
    return this.call('createOperatorClass', p);
  }
  dropOperatorClass(p: Payload<'dropOperatorClass'>): Promise<void> {
    return this.call('dropOperatorClass', p);
  }
  createSequence(p: Payload<'createSequence'>): Promise<void> {
    return this.call('createSequence', p);
  }
  dropSequence(p: Payload<'dropSequence'>): Promise<void> {
    return this.call('dropSequence', p);
  }
  alterSequence(p: Payload<'alterSequence'>): Promise<void> {
    return this.call('alterSequence', p);
  }
  createDomain(p: Payload<'createDomain'>): Promise<void> {
    return this.call('createDomain', p);
  }
  dropDomain(p: Payload<'dropDomain'>): Promise<void> {
    return this.call('dropDomain', p);
  }
  alterDomain(p: Payload<'alterDomain'>): Promise<void> {
    return this.call('alterDomain', p);
  }
  createForeignDataWrapper(p: Payload<'createForeignDataWrapper'>): Promise<void> {
    return this.call('createForeignDataWrapper', p);
  }
  dropForeignDataWrapper(p: Payload<'dropForeignDataWrapper'>): Promise<void> {
    return this.call('dropForeignDataWrapper', p);
  }
  alterForeignDataWrapper(p: Payload<'alterForeignDataWrapper'>): Promise<void> {
    return this.call('alterForeignDataWrapper', p);
  }
  createForeignServer(p: Payload<'createForeignServer'>): Promise<void> {
    return this.call('createForeignServer', p);
  }
  dropForeignServer(p: Payload<'dropForeignServer'>): Promise<void> {
    return this.call('dropForeignServer', p);
  }
  alterForeignServer(p: Payload<'alterForeignServer'>): Promise<void> {
    return this.call('alterForeignServer', p);
  }
  createForeignTable(p: Payload<'createForeignTable'>): Promise<void> {
    return this.call('createForeignTable', p);
  }
  dropForeignTable(p: Payload<'dropForeignTable'>): Promise<void> {
    return this.call('dropForeignTable', p);
  }
  alterForeignTable(p: Payload<'alterForeignTable'>): Promise<void> {
    return this.call('alterForeignTable', p);
  }
  createCompositeType(p: Payload<'createCompositeType'>): Promise<void> {
    return this.call('createCompositeType', p);
  }
  dropCompositeType(p: Payload<'dropCompositeType'>): Promise<void> {
    return this.call('dropCompositeType', p);
  }
  /** `ALTER TYPE ... ADD ATTRIBUTE`: the attribute comes last in the type. */
  addCompositeAttribute(p: Payload<'addCompositeAttribute'>): Promise<void> {
    return this.call('addCompositeAttribute', p);
  }
  dropCompositeAttribute(p: Payload<'dropCompositeAttribute'>): Promise<void> {
    return this.call('dropCompositeAttribute', p);
  }
  alterCompositeAttribute(p: Payload<'alterCompositeAttribute'>): Promise<void> {
    return this.call('alterCompositeAttribute', p);
  }
  createRangeType(p: Payload<'createRangeType'>): Promise<void> {
    return this.call('createRangeType', p);
  }
  dropRangeType(p: Payload<'dropRangeType'>): Promise<void> {
    return this.call('dropRangeType', p);
  }
  /** `ALTER TABLE ... ENABLE [ALWAYS | REPLICA] | DISABLE TRIGGER | RULE`: `firing: null` is the default. */
  alterFiring(p: Payload<'alterFiring'>): Promise<void> {
    return this.call('alterFiring', p);
  }
  /** Only a superuser may create one: the revision is refused in one line otherwise. */
  createEventTrigger(p: Payload<'createEventTrigger'>): Promise<void> {
    return this.call('createEventTrigger', p);
  }
  dropEventTrigger(p: Payload<'dropEventTrigger'>): Promise<void> {
    return this.call('dropEventTrigger', p);
  }
  alterEventTrigger(p: Payload<'alterEventTrigger'>): Promise<void> {
    return this.call('alterEventTrigger', p);
  }
  /** Replaces a domain whose base type changes, converting the columns that use it. */
  replaceDomain(p: Payload<'replaceDomain'>): Promise<void> {
    return this.call('replaceDomain', p);
  }
  /** Moves an extension, with its objects, to another schema. */
  alterExtension(p: Payload<'alterExtension'>): Promise<void> {
    return this.call('alterExtension', p);
  }
  createView(p: Payload<'createView'>): Promise<void> {
    return this.call('createView', p);
  }
  dropView(p: Payload<'dropView'>): Promise<void> {
    return this.call('dropView', p);
  }
  replaceView(p: Payload<'replaceView'>): Promise<void> {
    return this.call('replaceView', p);
  }
  createFunction(p: Payload<'createFunction'>): Promise<void> {
    return this.call('createFunction', p);
  }
  dropFunction(p: Payload<'dropFunction'>): Promise<void> {
    return this.call('dropFunction', p);
  }
  replaceFunction(p: Payload<'replaceFunction'>): Promise<void> {
    return this.call('replaceFunction', p);
  }
  createTrigger(p: Payload<'createTrigger'>): Promise<void> {
    return this.call('createTrigger', p);
  }
  dropTrigger(p: Payload<'dropTrigger'>): Promise<void> {
    return this.call('dropTrigger', p);
  }
  setComment(p: Payload<'setComment'>): Promise<void> {
    return this.call('setComment', p);
  }
  /** `GRANT privileges ON object TO role [WITH GRANT OPTION]`; `to` is a role's name or `PUBLIC`. */
  grant(p: Payload<'grant'>): Promise<void> {
    return this.call('grant', p);
  }
  /** `REVOKE privileges ON object FROM role`. */
  revoke(p: Payload<'revoke'>): Promise<void> {
    return this.call('revoke', p);
  }
  /**
   * `ALTER DEFAULT PRIVILEGES [FOR ROLE forRole] [IN SCHEMA inSchema] GRANT
   * privileges ON on TO role`: without `forRole`, the role the revision runs as.
   */
  grantDefault(p: Payload<'grantDefault'>): Promise<void> {
    return this.call('grantDefault', p);
  }
  /** `ALTER DEFAULT PRIVILEGES [FOR ROLE forRole] [IN SCHEMA inSchema] REVOKE privileges ON on FROM role`. */
  revokeDefault(p: Payload<'revokeDefault'>): Promise<void> {
    return this.call('revokeDefault', p);
  }
  /** `ALTER object OWNER TO to`: without `to`, the role the revision runs as; `from` is the owner the reverse gives it back to. */
  alterOwner(p: Payload<'alterOwner'>): Promise<void> {
    return this.call('alterOwner', p);
  }
  setRowLevelSecurity(p: Payload<'setRowLevelSecurity'>): Promise<void> {
    return this.call('setRowLevelSecurity', p);
  }
  createPolicy(p: Payload<'createPolicy'>): Promise<void> {
    return this.call('createPolicy', p);
  }
  dropPolicy(p: Payload<'dropPolicy'>): Promise<void> {
    return this.call('dropPolicy', p);
  }
  attachPartition(p: Payload<'attachPartition'>): Promise<void> {
    return this.call('attachPartition', p);
  }
  detachPartition(p: Payload<'detachPartition'>): Promise<void> {
    return this.call('detachPartition', p);
  }
  inheritTable(p: Payload<'inheritTable'>): Promise<void> {
    return this.call('inheritTable', p);
  }
  noInheritTable(p: Payload<'noInheritTable'>): Promise<void> {
    return this.call('noInheritTable', p);
  }
  /** Copies a table's rows to a holding table while the table is rebuilt; `restoreRows` puts them back. */
  stashRows(p: Payload<'stashRows'>): Promise<void> {
    return this.call('stashRows', p);
  }
  restoreRows(p: Payload<'restoreRows'>): Promise<void> {
    return this.call('restoreRows', p);
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

/** Fails to compile when an operation kind has no method of its own on `op`. */
type KindsWithoutMethod = Exclude<OperationKind, keyof Operations>;
export const everyKindHasMethod: [KindsWithoutMethod] extends [never] ? true : KindsWithoutMethod = true;
