import { listPart, madeAfterInitdb } from './catalog-part.js';
import type { OperatorClassModel, OperatorModel } from '../../schema/model.js';
import { compareOperatorClasses, compareOperators } from '../../schema/objects/model-operators.js';
import { catalogName, NAMESPACES, operatorReference } from './catalog-queries.js';

/** A function's name, schema-qualified unless in pg_catalog, as the model holds an operator's functions. */
function functionName(oid: string): string {
  return `(SELECT ${catalogName('pn.nspname', 'p.proname')}
     FROM pg_proc p JOIN pg_namespace pn ON pn.oid = p.pronamespace WHERE p.oid = ${oid})`;
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

/** The comments on operators, a part of the objects statement's comments (`ns` in scope), by operand types. */
const OPERATOR_COMMENTS_SQL = `
SELECT 'operator', ns.nspname, o.oprname, NULL,
  CASE WHEN o.oprleft = 0 THEN 'NONE' ELSE format_type(o.oprleft, NULL) END || ', ' || format_type(o.oprright, NULL), NULL, d.description
FROM pg_description d
JOIN pg_operator o ON d.classoid = 'pg_operator'::regclass AND d.objoid = o.oid
JOIN ns ON ns.oid = o.oprnamespace`;

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

function operatorFromRow(row: OperatorRow): OperatorModel {
  return {
    schema: row.schema,
    name: row.name,
    left: row.left_type,
    right: row.right_type,
    function: row.function_name,
    ...(row.commutator !== null ? { commutator: row.commutator } : {}),
    ...(row.negator !== null ? { negator: row.negator } : {}),
    ...(row.restrict_function !== null ? { restrict: row.restrict_function } : {}),
    ...(row.join_function !== null ? { join: row.join_function } : {}),
    ...(row.hashes ? { hashes: true } : {}),
    ...(row.merges ? { merges: true } : {}),
  };
}

/** The operators in schema, symbol and operand order. */
export function operatorsFromRows(rows: readonly OperatorRow[]): OperatorModel[] {
  return rows.map(operatorFromRow).sort(compareOperators);
}

/** `schema.name` of an operator family, quoted as needed. */
function familyName(oid: string): string {
  return `(SELECT format('%I.%I', fn.nspname, f.opfname) FROM pg_opfamily f JOIN pg_namespace fn ON fn.oid = f.opfnamespace WHERE f.oid = ${oid})`;
}

/**
 * Operator classes (`CREATE OPERATOR CLASS`) in reflected schemas that are
 * not an extension's, with their own members (pg_depend 'i': loose members
 * of a family are not the class's) as `CREATE OPERATOR CLASS` lists them, as
 * pg_dump writes them: operators by `regoperator`, functions by
 * `regprocedure` with their operand types when they are not the class's type.
 */
export const OPERATOR_CLASSES_SQL = `
WITH ${NAMESPACES}
SELECT ns.nspname AS schema, opc.opcname AS name, am.amname AS method, format_type(opc.opcintype, NULL) AS type_name,
  opc.opcdefault AS is_default,
  (SELECT CASE WHEN f.opfname = opc.opcname AND f.opfnamespace = opc.opcnamespace THEN NULL ELSE ${familyName('f.oid')} END
     FROM pg_opfamily f WHERE f.oid = opc.opcfamily) AS family,
  CASE WHEN opc.opckeytype <> 0 THEN format_type(opc.opckeytype, NULL) END AS storage,
  COALESCE((SELECT json_agg(item ORDER BY kind, num, item) FROM (
    SELECT 1 AS kind, ao.amopstrategy AS num,
      format('OPERATOR %s %s', ao.amopstrategy, ao.amopopr::regoperator::text) ||
        CASE WHEN ao.amoppurpose = 'o' THEN ' FOR ORDER BY ' || ${familyName('ao.amopsortfamily')} ELSE '' END AS item
    FROM pg_amop ao
    JOIN pg_depend d ON d.classid = 'pg_amop'::regclass AND d.objid = ao.oid AND d.deptype = 'i'
      AND d.refclassid = 'pg_opclass'::regclass AND d.refobjid = opc.oid
    UNION ALL
    SELECT 2, ap.amprocnum,
      format('FUNCTION %s %s%s', ap.amprocnum,
        CASE WHEN ap.amproclefttype = opc.opcintype AND ap.amprocrighttype = opc.opcintype THEN ''
             ELSE format('(%s, %s) ', format_type(ap.amproclefttype, NULL), format_type(ap.amprocrighttype, NULL)) END,
        ap.amproc::regprocedure::text)
    FROM pg_amproc ap
    JOIN pg_depend d ON d.classid = 'pg_amproc'::regclass AND d.objid = ap.oid AND d.deptype = 'i'
      AND d.refclassid = 'pg_opclass'::regclass AND d.refobjid = opc.oid) items), '[]'::json) AS items
FROM pg_opclass opc
JOIN ns ON ns.oid = opc.opcnamespace
JOIN pg_am am ON am.oid = opc.opcmethod
WHERE NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_opclass'::regclass AND x.objid = opc.oid AND x.deptype = 'e')`;

export interface OperatorClassRow {
  schema: string;
  name: string;
  method: string;
  type_name: string;
  is_default: boolean;
  family: string | null;
  storage: string | null;
  items: string[];
}

export function operatorClassesFromRows(rows: readonly OperatorClassRow[]): OperatorClassModel[] {
  return rows
    .map((row): OperatorClassModel => {
      return {
        schema: row.schema,
        name: row.name,
        method: row.method,
        type: row.type_name,
        items: row.items,
        ...(row.is_default ? { default: true } : {}),
        ...(row.family !== null ? { family: row.family } : {}),
        ...(row.storage !== null ? { storage: row.storage } : {}),
      };
    })
    .sort(compareOperatorClasses);
}

/** The operators' part of the objects statement, which makes their list. */
export const OPERATORS_PART = listPart({
  sql: OPERATORS_SQL,
  comments: { on: 'pg_operator', sql: OPERATOR_COMMENTS_SQL },
  presence: madeAfterInitdb('pg_operator', 'oid', 'oprcode <> 0 AND oprright <> 0'),
  list: 'operators',
  fromRows: operatorsFromRows,
});

/** The operator classes' part of the objects statement, which makes their list. */
export const OPERATOR_CLASSES_PART = listPart({
  sql: OPERATOR_CLASSES_SQL,
  presence: madeAfterInitdb('pg_opclass'),
  list: 'operatorClasses',
  fromRows: operatorClassesFromRows,
});
