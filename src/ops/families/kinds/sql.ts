/** SQL a revision runs itself (its hazards are read from the SQL: `sql-hazards.ts`). */
export type SqlOperation = Readonly<{
  kind: 'executeSql';
  sql: string;
  /** Bind parameters for `$1`, `$2`, ... */
  params?: readonly unknown[];
  /** SQL that undoes this one, when known; without it the op cannot be reversed. */
  reverseSql?: string;
}>;
