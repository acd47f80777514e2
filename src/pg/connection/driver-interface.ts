import type { PipelineDone, PipelineStatement } from './pipeline.js';

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
