/** SQL a revision runs itself (its hazards are read from the SQL: `sql-hazards.ts`). */
export type SqlOperation = Readonly<{
  kind: 'executeSql';
  sql: string;
  /** Bind parameters for `$1`, `$2`, ... */
  params?: readonly unknown[];
  /** SQL that undoes this one, when known; without it the op cannot be reversed. */
  reverseSql?: string;
  /**
   * How `migrate upgrade --expand` serves it: `expand` runs at expand in
   * place of `sql` (beside the old shape, which the old version keeps using),
   * `contract` at contract, `abort` (when given) at abort to undo `expand`;
   * each part is plain SQL run in one transaction, '' for nothing. Without
   * them, `--expand` refuses the revision; a plain upgrade runs `sql` only.
   */
  phases?: ExpandPhasesOfSql;
}>;

/** The expand, contract and abort parts of hand-written SQL (`op.execute(sql, { expand, contract, abort })`). */
export type ExpandPhasesOfSql = Readonly<{ expand: string; contract: string; abort?: string }>;
