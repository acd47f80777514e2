/**
 * Statements sent in one round trip and run in order: PostgreSQL's extended
 * query protocol in a pipeline (a Parse, Bind and Execute for each, one Sync
 * at the end). The server runs them one after the other; after the first that
 * fails it skips the rest up to the Sync, so a pipeline stops where a script
 * would, but, unlike a script, says which statement failed. Transaction
 * control inside it (`BEGIN`, `COMMIT`) behaves as it does one statement at a
 * time: what a `COMMIT` before the failure committed stays committed.
 */
export interface PipelineStatement {
  readonly sql: string;
  readonly params?: unknown[];
  /** Asks the server to send what it has answered so far once this statement ran, so `onDone` hears of it then, not at the end. */
  readonly flush?: boolean;
  /**
   * Given, hears of each row as it arrives, which is then not kept: `onDone`
   * gets no rows for this statement. A row made into something smaller at
   * once dies young, where rows held until the statement's end (the columns
   * of 10,000 tables: 180,000 of them) would be copied by the collector as
   * they pile up.
   */
  readonly row?: (row: Record<string, unknown>) => void;
}

/** The rows a statement of a pipeline answered (none for a command that returns none). */
export type PipelineRows = readonly Record<string, unknown>[];

/** Hears of each statement of a pipeline as it ends, with the rows it answered. */
export type PipelineDone = (index: number, rows: PipelineRows) => void;

export interface QueryResult<R> {
  rows: R[];
}

/**
 * One connection to a Postgres database: a server through node-postgres, or
 * PGlite in process. Everything above `src/pg` talks to the database through
 * this interface only.
 */
export interface Driver {
  readonly kind: 'server' | 'pglite';
  /** What runs the database, when the server's version alone does not say it (the PGlite release). */
  readonly engine?: string;
  /** Where this connection goes, with credentials masked; safe to print. */
  readonly display: string;
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  /**
   * Runs statements in order, each one command (`pipelinable`), stopping at the
   * first that fails (a `PipelineError` says which): a server answers them in
   * one round trip; `onDone` hears of each as it ends, with the rows it answered.
   */
  pipeline(statements: readonly PipelineStatement[], onDone?: PipelineDone): Promise<void>;
  close(): Promise<void>;
  /** A second connection to the same database (servers only), e.g. to watch what blocks this one. */
  connectAgain?(): Promise<Driver>;
}
