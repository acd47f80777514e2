import type { OperatorModel } from '../schema/model.js';
import { compareOperators } from '../schema/model-operators.js';
import { NAMESPACES } from './catalog-queries.js';

/** A function's name, schema-qualified unless in pg_catalog, as the model holds an operator's functions. */
function functionName(oid: string): string {
  return `(SELECT CASE WHEN pn.nspname = 'pg_catalog' THEN quote_ident(p.proname) ELSE format('%I.%I', pn.nspname, p.proname) END
     FROM pg_proc p JOIN pg_namespace pn ON pn.oid = p.pronamespace WHERE p.oid = ${oid})`;
}

/** `OPERATOR(schema.symbol)`, always qualified. */
function operatorReference(oid: string): string {
  return `(SELECT format('OPERATOR(%I.%s)', rn.nspname, r.oprname)
     FROM pg_operator r JOIN pg_namespace rn ON rn.oid = r.oprnamespace WHERE r.oid = ${oid})`;
}

/**
 * User-defined operators (`CREATE OPERATOR`), for the batched objects
 * statement (catalog-objects.ts): those in reflected schemas that are not an
 * extension's. Shell operators (made by a commutator or negator named before
 * its operator exists: no function) are left out, as are PostgreSQL 13's
 * postfix operators (no right operand), which `pull` lists as not modeled.
 */
export const OPERATORS_SQL = `
WITH ${NAMESPACES}
SELECT ns.nspname AS schema, o.oprname AS name,
  CASE WHEN o.oprleft = 0 THEN NULL ELSE format_type(o.oprleft, NULL) END AS left_type,
  format_type(o.oprright, NULL) AS right_type,
  ${functionName('o.oprcode')} AS function_name,
  CASE WHEN o.oprcom <> 0 THEN ${operatorReference('o.oprcom')} END AS commutator,
  CASE WHEN o.oprnegate <> 0 THEN ${operatorReference('o.oprnegate')} END AS negator,
  CASE WHEN o.oprrest <> 0 THEN ${functionName('o.oprrest')} END AS restrict_function,
  CASE WHEN o.oprjoin <> 0 THEN ${functionName('o.oprjoin')} END AS join_function,
  o.oprcanhash AS hashes, o.oprcanmerge AS merges
FROM pg_operator o
JOIN ns ON ns.oid = o.oprnamespace
WHERE o.oprcode <> 0 AND o.oprright <> 0
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_operator'::regclass AND x.objid = o.oid AND x.deptype = 'e')`;

export interface OperatorRow {
  schema: string;
  name: string;
  left_type: string | null;
  right_type: string;
  function_name: string;
  commutator: string | null;
  negator: string | null;
  restrict_function: string | null;
  join_function: string | null;
  hashes: boolean;
  merges: boolean;
}

export function operatorFromRow(row: OperatorRow): OperatorModel {
  const operator: OperatorModel = { schema: row.schema, name: row.name, left: row.left_type, right: row.right_type, function: row.function_name };
  if (row.commutator !== null) operator.commutator = row.commutator;
  if (row.negator !== null) operator.negator = row.negator;
  if (row.restrict_function !== null) operator.restrict = row.restrict_function;
  if (row.join_function !== null) operator.join = row.join_function;
  if (row.hashes) operator.hashes = true;
  if (row.merges) operator.merges = true;
  return operator;
}

/** The operators in schema, symbol and operand order. */
export function operatorsFromRows(rows: readonly OperatorRow[]): OperatorModel[] {
  return rows.map(operatorFromRow).sort(compareOperators);
}
