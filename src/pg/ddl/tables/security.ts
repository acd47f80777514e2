import type { OperationOf } from '../../../ops/operation.js';
import type { PolicyModel, RowLevelSecurityModel } from '../../../schema/model.js';
import { quoteIdent, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

/** Role specifications that are keywords, not names. */
const ROLE_KEYWORDS = new Set(['public', 'current_user', 'current_role', 'session_user']);

/**
 * `CREATE POLICY "name" ON "schema"."table" [AS RESTRICTIVE] [FOR cmd] [TO roles]
 * [USING (...)] [WITH CHECK (...)]`; the defaults (PERMISSIVE, FOR ALL, TO PUBLIC) are left out.
 */
export function createPolicySql(schema: string, table: string, policy: PolicyModel): string {
  let sql = `CREATE POLICY ${quoteIdent(policy.name)} ON ${quoteQualified(schema, table)}`;
  if (!policy.permissive) sql += ' AS RESTRICTIVE';
  if (policy.command !== 'ALL') sql += ` FOR ${policy.command}`;
  const roles = policy.roles.length === 0 ? ['public'] : policy.roles;
  if (roles.length !== 1 || roles[0] !== 'public') sql += ` TO ${roles.map(roleSpec).join(', ')}`;
  if (policy.using !== null) sql += ` USING (${policy.using})`;
  if (policy.withCheck !== null) sql += ` WITH CHECK (${policy.withCheck})`;
  return sql;
}

function roleSpec(role: string): string {
  return ROLE_KEYWORDS.has(role) ? role.toUpperCase() : quoteIdent(role);
}

export function compileCreatePolicy(op: OperationOf<'createPolicy'>): Statement[] {
  return [transactional(createPolicySql(op.schema, op.table, op.policy))];
}

export function compileDropPolicy(op: OperationOf<'dropPolicy'>): Statement[] {
  return [transactional(`DROP POLICY ${quoteIdent(op.name)} ON ${quoteQualified(op.schema, op.table)}`)];
}

/**
 * `ALTER TABLE ... ENABLE|DISABLE ROW LEVEL SECURITY` and `... [NO] FORCE ROW
 * LEVEL SECURITY`, each only when it changes (both when `from` is unknown).
 */
export function rowLevelSecuritySql(
  schema: string,
  table: string,
  to: RowLevelSecurityModel,
  from?: RowLevelSecurityModel,
): string[] {
  const prefix = `ALTER TABLE ${quoteQualified(schema, table)}`;
  const sql: string[] = [];
  if (from === undefined || from.enabled !== to.enabled) {
    sql.push(`${prefix} ${to.enabled ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`);
  }
  if (from === undefined || from.forced !== to.forced) {
    sql.push(`${prefix} ${to.forced ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY`);
  }
  return sql;
}

export function compileSetRowLevelSecurity(op: OperationOf<'setRowLevelSecurity'>): Statement[] {
  return rowLevelSecuritySql(op.schema, op.table, op.to, op.from).map(transactional);
}
