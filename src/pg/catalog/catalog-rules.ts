import { catalogPart, madeAfterInitdb } from './catalog-part.js';
import type { Firing, RuleModel } from '../../schema/model.js';
import { firingSql } from './catalog-firing.js';
import { compareText } from '../../schema/object-keys.js';
import { NAMESPACES } from './catalog-queries.js';

/**
 * Rewrite rules on tables and views, for the batched objects statement
 * (catalog-objects.ts): every rule but the `_RETURN` rule that makes a view,
 * on relations that are not an extension's.
 */
export const RULES_SQL = `
WITH ${NAMESPACES}
SELECT ns.nspname AS schema, c.relname AS table_name, r.rulename AS name, pg_get_ruledef(r.oid) AS definition,
  ${firingSql('r.ev_enabled')} AS firing
FROM pg_rewrite r
JOIN pg_class c ON c.oid = r.ev_class
JOIN ns ON ns.oid = c.relnamespace
WHERE r.rulename <> '_RETURN'
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY ns.nspname, c.relname, r.rulename`;

/** Comments on them, a part of the objects statement's comments (its `ns` in scope, its columns). */
const RULE_COMMENTS_SQL = `
SELECT 'rule', ns.nspname, r.rulename, c.relname, NULL, c.relname, d.description
FROM pg_description d
JOIN pg_rewrite r ON d.classoid = 'pg_rewrite'::regclass AND d.objoid = r.oid
JOIN pg_class c ON c.oid = r.ev_class
JOIN ns ON ns.oid = c.relnamespace
WHERE r.rulename <> '_RETURN'`;

export interface RuleRow {
  schema: string;
  table_name: string;
  name: string;
  definition: string;
  firing: Firing | null;
}

/** The rules, the final semicolon `pg_get_ruledef()` prints taken off. */
export function rulesFromRows(rows: readonly RuleRow[]): RuleModel[] {
  return rows
    .map((row): RuleModel => ({
      schema: row.schema,
      table: row.table_name,
      name: row.name,
      definition: row.definition.trim().replace(/;$/, ''),
      ...(row.firing === null ? {} : { firing: row.firing }),
    }))
    .sort((a, b) => compareText(a.schema, b.schema) || compareText(a.table, b.table) || compareText(a.name, b.name));
}

/** The rules' part of the objects statement; the reading makes their list (`reflect-objects.ts`). */
export const RULES_PART = catalogPart<RuleRow>({
  sql: RULES_SQL,
  comments: { on: 'pg_rewrite', sql: RULE_COMMENTS_SQL },
  presence: madeAfterInitdb('pg_rewrite', 'oid', "rulename <> '_RETURN'"),
});
