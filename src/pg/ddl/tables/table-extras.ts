import type { TableModel } from '../../../schema/model.js';
import { quoteIdent, quoteQualified } from '../../quote.js';
import { createPolicySql, rowLevelSecuritySql } from './security.js';
import { notNullClause } from './column.js';
import { transactional, type Statement } from '../statement.js';
import { withClause } from './storage.js';
import { inheritsClause } from './inheritance.js';

/**
 * The parts of `CREATE TABLE` for partitioning, and the statements that
 * follow it for row-level security and policies.
 */

/** `CREATE TABLE "s"."t"` or `CREATE TABLE "s"."t" PARTITION OF "s"."parent"`. */
export function createTableHead(table: TableModel): string {
  const head = `CREATE ${table.unlogged ? 'UNLOGGED ' : ''}TABLE ${quoteQualified(table.schema, table.name)}`;
  const parent = table.partitionOf;
  return parent === undefined ? head : `${head} PARTITION OF ${quoteQualified(parent.schema, parent.table)}`;
}

/** What follows the element list: the partition bound or `INHERITS (...)`, then `PARTITION BY ...`; '' for a plain table. */
export function createTableTail(table: TableModel): string {
  let tail = inheritsClause(table);
  if (table.partitionOf !== undefined) tail += ` ${table.partitionOf.bound}`;
  if (table.partitionBy !== undefined) tail += ` PARTITION BY ${table.partitionBy}`;
  return tail + withClause(table.with);
}

/**
 * A partition's own column options in its element list:
 * `"note" WITH OPTIONS NOT NULL DEFAULT 'x'`; a NOT NULL constraint named
 * otherwise than Postgres would name it is `CONSTRAINT name NOT NULL`, also
 * where the parent's column is NOT NULL already. A default it lacks where its
 * parent has one cannot be said there; see `partitionColumnStatements`.
 */
export function partitionColumnElements(table: TableModel): string[] {
  return (table.columnOverrides ?? []).flatMap((override) => {
    const options = [
      ...(override.notNull === true || override.notNullName !== undefined ? [notNullClause(override.notNullName)] : []),
      ...(override.default !== undefined && override.default !== null ? [`DEFAULT ${override.default}`] : []),
    ];
    return options.length === 0 ? [] : [`${quoteIdent(override.name)} WITH OPTIONS ${options.join(' ')}`];
  });
}

/** `ALTER TABLE ... ALTER COLUMN ... DROP DEFAULT` for each column of a partition that has no default of its parent's. */
export function partitionColumnStatements(table: TableModel): Statement[] {
  const target = quoteQualified(table.schema, table.name);
  return (table.columnOverrides ?? [])
    .filter((override) => override.default === null)
    .map((override) => transactional(`ALTER TABLE ${target} ALTER COLUMN ${quoteIdent(override.name)} DROP DEFAULT`));
}

/** A partition may leave out its element list: its columns are its parent's. */
export function mayOmitElements(table: TableModel): boolean {
  return table.partitionOf !== undefined;
}

/** `ENABLE` / `FORCE ROW LEVEL SECURITY` when on, then one `CREATE POLICY` per policy. */
export function tableSecurityStatements(table: TableModel): Statement[] {
  const security = table.rowLevelSecurity;
  const switches =
    security === undefined
      ? []
      : rowLevelSecuritySql(table.schema, table.name, security, { enabled: false, forced: false });
  const policies = (table.policies ?? []).map((policy) => createPolicySql(table.schema, table.name, policy));
  return [...switches, ...policies].map(transactional);
}
