import type { Firing } from './model-objects.js';

/**
 * The model of a rewrite rule (`CREATE RULE`) on a table or view, other than
 * the `_RETURN` rule that makes a view. `model.ts` re-exports it.
 */
export interface RuleModel {
  readonly schema: string;
  /** The table or view it is on. */
  readonly table: string;
  readonly name: string;
  /** `CREATE RULE ...` as `pg_get_ruledef()` prints it, without the final semicolon. */
  readonly definition: string;
  /** `ALTER TABLE ... ENABLE ALWAYS | ENABLE REPLICA | DISABLE RULE`; absent for the default. */
  readonly firing?: Firing;
}
