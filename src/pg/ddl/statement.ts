/** One SQL statement of a compiled operation, executed in order. */
export interface Statement {
  sql: string;
  /** Bind parameters for `$1`, `$2`, ... */
  params?: unknown[];
  /** Whether it may run inside the migration's transaction. */
  transactional: boolean;
}

/** A statement without parameters that may run inside a transaction. */
export function transactional(sql: string): Statement {
  return { sql, transactional: true };
}
