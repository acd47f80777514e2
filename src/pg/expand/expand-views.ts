import type { ExpandPlan, VersionedView } from '../../ops/expand/expand-plan.js';
import type { DependentView, ViewToCopy } from '../../ops/expand/expand-views.js';
import type { Driver } from '../connection/driver.js';
import { retriedOnLockTimeout } from '../locks/lock.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../quote.js';

/*
 * The application's views over the tables of an expand (`ops/expand/expand-views.ts`
 * says which are copied into the version schema, and which refused).
 */

/** The views and materialized views that read columns of `tables`, with the columns each reads. */
export async function readDependentViews(
  driver: Driver,
  tables: readonly { schema: string; table: string }[],
): Promise<DependentView[]> {
  if (tables.length === 0) return [];
  const { rows } = await driver.query<{
    schema: string;
    name: string;
    materialized: boolean;
    table_schema: string;
    table_name: string;
    columns: string[];
  }>(
    `SELECT vn.nspname AS schema, v.relname AS name, v.relkind = 'm' AS materialized, ` +
      `tn.nspname AS table_schema, t.relname AS table_name, ` +
      `array_agg(DISTINCT a.attname::text ORDER BY a.attname::text) AS columns ` +
      `FROM pg_depend d ` +
      `JOIN pg_rewrite r ON r.oid = d.objid ` +
      `JOIN pg_class v ON v.oid = r.ev_class JOIN pg_namespace vn ON vn.oid = v.relnamespace ` +
      `JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace ` +
      `JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid ` +
      `WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 ` +
      `AND v.oid <> t.oid AND v.relkind IN ('v', 'm') ` +
      `AND (tn.nspname::text, t.relname::text) IN (SELECT * FROM unnest($1::text[], $2::text[])) ` +
      `GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 4, 5`,
    [tables.map((t) => t.schema), tables.map((t) => t.table)],
  );
  return rows.map((r) => ({
    schema: r.schema,
    name: r.name,
    materialized: r.materialized,
    table: { schema: r.table_schema, table: r.table_name },
    columns: r.columns,
  }));
}

/**
 * Each view's query as the new version reads it: in a transaction rolled
 * back, the renamed columns of the plan's tables the views read take their
 * new names and those tables move into the version schema, where the version's views will stand under the
 * same names; PostgreSQL, which keeps a view's columns by number, then prints
 * the view over them, every name qualified. The transaction holds each
 * table's lock for an instant; it waits at most `lockTimeout`, then lets the
 * queue go and tries again.
 */
export async function readViewCopies(
  driver: Driver,
  plan: ExpandPlan,
  views: readonly ViewToCopy[],
  lockTimeout: string,
): Promise<VersionedView[]> {
  if (views.length === 0) return [];
  const statements = [
    `SET LOCAL lock_timeout = ${quoteLiteral(lockTimeout)}`,
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(plan.versionSchema)}`,
  ];
  const read = (t: { schema: string; table: string }) =>
    views.some((v) => v.tables.some((x) => x.schema === t.schema && x.table === t.table));
  for (const t of plan.tables.filter(read)) {
    for (const c of t.columns)
      if (c.name !== c.physical && t.catalog.some((x) => x.name === c.physical))
        statements.push(
          `ALTER TABLE ${quoteQualified(t.schema, t.table)} RENAME COLUMN ${quoteIdent(c.physical)} TO ${quoteIdent(c.name)}`,
        );
    statements.push(`ALTER TABLE ${quoteQualified(t.schema, t.table)} SET SCHEMA ${quoteIdent(plan.versionSchema)}`);
    if (t.name !== undefined && t.name !== t.table)
      statements.push(`ALTER TABLE ${quoteQualified(plan.versionSchema, t.table)} RENAME TO ${quoteIdent(t.name)}`);
  }
  statements.push(`SET LOCAL search_path = pg_catalog`);
  return retriedOnLockTimeout(driver, 'rollback', async () => {
    for (const sql of statements) await driver.query(sql);
    const copies: VersionedView[] = [];
    for (const view of views) {
      const { rows } = await driver.query<{ definition: string; options: string[] | null }>(
        `SELECT pg_get_viewdef(c.oid) AS definition, c.reloptions AS options FROM pg_class c WHERE c.oid = $1::regclass`,
        [quoteQualified(view.schema, view.name)],
      );
      const row = rows[0]!;
      copies.push({
        schema: view.schema,
        name: view.name,
        definition: row.definition.trim().replace(/;$/, ''),
        options: row.options ?? [],
      });
    }
    return copies;
  });
}
