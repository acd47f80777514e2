import type { Operation, OperationKind, OperationOf } from '../ops/operation.js';

/** The argument of `op.<kind>(...)`: the operation without its `kind`. */
export type Payload<K extends OperationKind> = Omit<OperationOf<K>, 'kind'>;

/** Runs one operation (compile and execute), supplied by the migration context. */
export type OperationExecutor = (op: Operation) => Promise<void>;

/** Runs raw SQL and returns its rows. */
export type QueryRunner = <R = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>;

/**
 * The `op` object a revision's `upgrade(op)` and `downgrade(op)` receive. Each
 * method builds the same `Operation` the comparator produces and executes it
 * at once, inside the revision's transaction.
 */
export class Operations {
  constructor(
    private readonly run: OperationExecutor,
    private readonly runQuery: QueryRunner,
  ) {}

  createSchema(p: Payload<'createSchema'>): Promise<void> {
    return this.run({ kind: 'createSchema', ...p });
  }
  dropSchema(p: Payload<'dropSchema'>): Promise<void> {
    return this.run({ kind: 'dropSchema', ...p });
  }
  createEnum(p: Payload<'createEnum'>): Promise<void> {
    return this.run({ kind: 'createEnum', ...p });
  }
  dropEnum(p: Payload<'dropEnum'>): Promise<void> {
    return this.run({ kind: 'dropEnum', ...p });
  }
  addEnumValue(p: Payload<'addEnumValue'>): Promise<void> {
    return this.run({ kind: 'addEnumValue', ...p });
  }
  createTable(p: Payload<'createTable'>): Promise<void> {
    return this.run({ kind: 'createTable', ...p });
  }
  dropTable(p: Payload<'dropTable'>): Promise<void> {
    return this.run({ kind: 'dropTable', ...p });
  }
  addColumn(p: Payload<'addColumn'>): Promise<void> {
    return this.run({ kind: 'addColumn', ...p });
  }
  dropColumn(p: Payload<'dropColumn'>): Promise<void> {
    return this.run({ kind: 'dropColumn', ...p });
  }
  alterColumn(p: Payload<'alterColumn'>): Promise<void> {
    return this.run({ kind: 'alterColumn', ...p });
  }
  addConstraint(p: Payload<'addConstraint'>): Promise<void> {
    return this.run({ kind: 'addConstraint', ...p });
  }
  dropConstraint(p: Payload<'dropConstraint'>): Promise<void> {
    return this.run({ kind: 'dropConstraint', ...p });
  }
  createIndex(p: Payload<'createIndex'>): Promise<void> {
    return this.run({ kind: 'createIndex', ...p });
  }
  dropIndex(p: Payload<'dropIndex'>): Promise<void> {
    return this.run({ kind: 'dropIndex', ...p });
  }
  executeSql(p: Payload<'executeSql'>): Promise<void> {
    return this.run({ kind: 'executeSql', ...p });
  }

  /** Runs SQL for its effect (a data migration step); `$1`, `$2`, ... bind `params`. */
  execute(sql: string, params?: unknown[]): Promise<void> {
    return this.run({ kind: 'executeSql', sql, ...(params ? { params } : {}) });
  }

  /** Runs a query and returns its rows, for data migrations that read before they write. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]> {
    return this.runQuery<R>(sql, params);
  }
}

/** Fails to compile when an operation kind has no method of its own on `op`. */
type KindsWithoutMethod = Exclude<OperationKind, keyof Operations>;
export const everyKindHasMethod: [KindsWithoutMethod] extends [never] ? true : KindsWithoutMethod = true;
