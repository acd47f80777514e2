import type { SqlExpr } from '../sql.js';

/** Row-level security switches of a table; both off when left out. */
export interface RowLevelSecurityOption {
  /** `ALTER TABLE ... ENABLE ROW LEVEL SECURITY`. */
  enabled?: boolean;
  /** `ALTER TABLE ... FORCE ROW LEVEL SECURITY`: policies apply to the table's owner too. */
  forced?: boolean;
}

export type PolicyCommandOption = 'all' | 'select' | 'insert' | 'update' | 'delete';

/** The second argument of `policy()`; every field has Postgres' default. */
export interface PolicyOptions {
  /** `AS PERMISSIVE` (the default) or `AS RESTRICTIVE`. */
  as?: 'permissive' | 'restrictive';
  /** `FOR ...`; `all` by default. */
  for?: PolicyCommandOption;
  /** Role names (`public` for PUBLIC, the default), or one role. */
  to?: string | readonly string[];
  /** `USING (...)`: which existing rows are visible or affected. */
  using?: SqlExpr;
  /** `WITH CHECK (...)`: which new rows are allowed. */
  withCheck?: SqlExpr;
  /** Its name before a rename: autogenerate renames it instead of dropping and creating it (see `renamedFrom`). */
  renamedFrom?: string;
}

export interface PolicyDef {
  readonly kind: 'policy';
  readonly name: string;
  readonly options: PolicyOptions;
}

/** A row-level security policy, for a table's `policies` option. */
export function policy(name: string, options: PolicyOptions = {}): PolicyDef {
  const copy: PolicyOptions = { ...options };
  if (Array.isArray(options.to)) copy.to = [...(options.to as readonly string[])];
  return { kind: 'policy', name, options: copy };
}
