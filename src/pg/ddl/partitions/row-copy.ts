import type { OperationOf } from '../../../ops/operation.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../../quote.js';
import { castTypeName } from './cast-type.js';
import { recordPositionsSql, setSequenceSql } from './row-copy-sequences.js';
import { transactional, type Statement } from '../statement.js';

/**
 * `CREATE TABLE stash AS SELECT columns FROM table`: a plain holding table
 * with the rows, those of the kept partitions left out; then the positions
 * of the table's sequences, when they are kept.
 */
export function compileStashRows(op: OperationOf<'stashRows'>): Statement[] {
  const asText = new Set((op.asText ?? []).map((c) => c.column));
  const columns = op.columns
    .map((c) => (asText.has(c) ? `${quoteIdent(c)}::text AS ${quoteIdent(c)}` : quoteIdent(c)))
    .join(', ');
  const kept = (op.keptPartitions ?? []).map(
    (p) => `SELECT relid FROM pg_catalog.pg_partition_tree(${quoteLiteral(quoteQualified(p.schema, p.table))})`,
  );
  const where = kept.length === 0 ? '' : ` WHERE tableoid NOT IN (${kept.join(' UNION ALL ')})`;
  const stash = `CREATE TABLE ${quoteQualified(op.schema, op.stash)} AS SELECT ${columns} FROM ${quoteQualified(op.schema, op.table)}${where}`;
  const positions =
    op.positions === undefined || (op.sequences ?? []).length === 0
      ? []
      : [recordPositionsSql(op.schema, op.table, op.positions, op.sequences ?? [])];
  return [transactional(stash), ...positions.map(transactional)];
}

/**
 * `INSERT INTO table (columns) SELECT columns FROM stash` (rows go through the
 * table, so a partitioned one routes them to its partitions; a retyped column
 * is cast to its new type), then each re-created sequence is moved past the
 * restored values and its recorded position, then the holding tables are dropped.
 */
export function compileRestoreRows(op: OperationOf<'restoreRows'>): Statement[] {
  const table = quoteQualified(op.schema, op.table);
  const columns = op.columns.map(quoteIdent).join(', ');
  const types = new Map([...(op.casts ?? []), ...(op.asText ?? [])].map((c) => [c.column, c.type]));
  const values = op.columns.map((c) => {
    const type = types.get(c);
    return type === undefined ? quoteIdent(c) : `${quoteIdent(c)}::${castTypeName(type)}`;
  });
  const overriding = op.overridingSystemValue === true ? ' OVERRIDING SYSTEM VALUE' : '';
  const positions = op.positions === undefined ? [] : [`DROP TABLE ${quoteQualified(op.schema, op.positions)}`];
  return [
    transactional(
      `INSERT INTO ${table} (${columns})${overriding} SELECT ${values.join(', ')} FROM ${quoteQualified(op.schema, op.stash)}`,
    ),
    ...(op.sequences ?? []).map((sequence) =>
      transactional(setSequenceSql(op.schema, op.table, sequence, op.positions)),
    ),
    transactional(`DROP TABLE ${quoteQualified(op.schema, op.stash)}`),
    ...positions.map(transactional),
  ];
}
