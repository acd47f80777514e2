import type { OperationOf } from '../../../ops/operation.js';
import type { IndexColumnModel, IndexModel } from '../../../schema/model.js';
import { quoteIdent, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';
import { withClause } from '../tables/storage.js';
import { formatIdentifier } from '../../../sql/identifier.js';

/**
 * `CREATE [UNIQUE] INDEX "name" ON "schema"."table" [USING method] ("a" DESC, (expr) text_pattern_ops)
 * [INCLUDE ("b")] [NULLS NOT DISTINCT] [WHERE predicate]`; `USING` is left out for `btree`, the server's default.
 */
export function createIndexSql(schema: string, table: string, index: IndexModel): string {
  const unique = index.unique ? 'UNIQUE ' : '';
  const method = index.method === 'btree' ? '' : ` USING ${accessMethod(index.method)}`;
  const columns = index.columns.map(indexColumn).join(', ');
  const include =
    index.include === undefined || index.include.length === 0
      ? ''
      : ` INCLUDE (${index.include.map(quoteIdent).join(', ')})`;
  const nulls = index.nullsNotDistinct === true ? ' NULLS NOT DISTINCT' : '';
  const where = index.where === null ? '' : ` WHERE ${index.where}`;
  const target = quoteQualified(schema, table);
  return `CREATE ${unique}INDEX ${quoteIdent(index.name)} ON ${target}${method} (${columns})${include}${nulls}${withClause(index.with)}${where}`;
}

/** The key, then its collation, operator class, order and nulls placement, each only when given. */
function indexColumn(entry: IndexColumnModel): string {
  const parts = ['column' in entry ? quoteIdent(entry.column) : `(${entry.expression})`];
  if (entry.collation !== undefined) parts.push(`COLLATE ${entry.collation}`);
  if (entry.opclass !== undefined) parts.push(entry.opclass);
  if (entry.order !== undefined) parts.push(entry.order);
  if (entry.nulls !== undefined) parts.push(`NULLS ${entry.nulls}`);
  return parts.join(' ');
}

/** Access methods are identifiers, printed as `quote_identifier()` prints them (`gist`, `"Odd"`). */
function accessMethod(method: string): string {
  return formatIdentifier(method);
}

export function compileCreateIndex(op: OperationOf<'createIndex'>): Statement[] {
  return [
    transactional(createIndexSql(op.schema, op.table, op.index)),
    ...indexStatisticsStatements(op.schema, op.index),
  ];
}

/** `ALTER INDEX ... ALTER COLUMN n SET STATISTICS m` for each expression key that has a target. */
export function indexStatisticsStatements(schema: string, index: IndexModel): Statement[] {
  return index.columns.flatMap((key, i) =>
    key.statistics === undefined ? [] : [keyStatistics(schema, index.name, i + 1, key.statistics)],
  );
}

/** `ALTER INDEX ... ALTER COLUMN position SET STATISTICS target` (`-1`, the default, for null). */
function keyStatistics(schema: string, index: string, position: number, target: number | null): Statement {
  return transactional(
    `ALTER INDEX ${quoteQualified(schema, index)} ALTER COLUMN ${position} SET STATISTICS ${target ?? -1}`,
  );
}

export function compileSetIndexStatistics(op: OperationOf<'setIndexStatistics'>): Statement[] {
  return op.keys.map((key) => keyStatistics(op.schema, op.index, key.position, key.to));
}

/** Index names are unique per schema, so the table is not part of the statement. */
export function compileDropIndex(op: OperationOf<'dropIndex'>): Statement[] {
  return [transactional(`DROP INDEX ${quoteQualified(op.schema, op.name)}`)];
}

/** `ALTER INDEX "schema"."from" RENAME TO "to"`: the index stays in its schema. */
export function compileRenameIndex(op: OperationOf<'renameIndex'>): Statement[] {
  return [transactional(`ALTER INDEX ${quoteQualified(op.schema, op.from)} RENAME TO ${quoteIdent(op.to)}`)];
}
