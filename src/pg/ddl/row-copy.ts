import type { OperationOf } from '../../ops/operation.js';
import type { RestoredSequence } from '../../ops/row-copy.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../quote.js';
import { transactional, type Statement } from './statement.js';

/** `CREATE TABLE stash AS SELECT columns FROM table`: a plain holding table with the rows. */
export function compileStashRows(op: OperationOf<'stashRows'>): Statement[] {
  const asText = new Set((op.asText ?? []).map((c) => c.column));
  const columns = op.columns.map((c) => (asText.has(c) ? `${quoteIdent(c)}::text AS ${quoteIdent(c)}` : quoteIdent(c))).join(', ');
  return [
    transactional(`CREATE TABLE ${quoteQualified(op.schema, op.stash)} AS SELECT ${columns} FROM ${quoteQualified(op.schema, op.table)}`),
  ];
}

/**
 * `INSERT INTO table (columns) SELECT columns FROM stash` (rows go through the
 * table, so a partitioned one routes them to its partitions), then each
 * re-created sequence is set past the restored values, then the holding
 * table is dropped.
 */
export function compileRestoreRows(op: OperationOf<'restoreRows'>): Statement[] {
  const table = quoteQualified(op.schema, op.table);
  const columns = op.columns.map(quoteIdent).join(', ');
  const types = new Map((op.asText ?? []).map((c) => [c.column, c.type]));
  const values = op.columns.map((c) => (types.has(c) ? `${quoteIdent(c)}::${types.get(c) as string}` : quoteIdent(c))).join(', ');
  const overriding = op.overridingSystemValue === true ? ' OVERRIDING SYSTEM VALUE' : '';
  return [
    transactional(`INSERT INTO ${table} (${columns})${overriding} SELECT ${values} FROM ${quoteQualified(op.schema, op.stash)}`),
    ...(op.sequences ?? []).map((sequence) => transactional(setSequenceSql(op.schema, op.table, sequence))),
    transactional(`DROP TABLE ${quoteQualified(op.schema, op.stash)}`),
  ];
}

/**
 * Moves the column's own sequence, created with the table and still at its
 * start, to the highest value restored (the lowest for a descending one), so
 * that its next value is unused. It stays at its start when no row came back
 * or every value restored is before the start.
 */
function setSequenceSql(schema: string, table: string, sequence: RestoredSequence): string {
  const descending = sequence.descending === true;
  const last = `SELECT ${descending ? 'min' : 'max'}(${quoteIdent(sequence.column)}) AS last FROM ${quoteQualified(schema, table)}`;
  const name = `pg_catalog.pg_get_serial_sequence(${quoteLiteral(quoteQualified(schema, table))}, ${quoteLiteral(sequence.column)})`;
  return (
    `SELECT pg_catalog.setval(s.seqrelid, r.last) FROM (${last}) AS r, pg_catalog.pg_sequence AS s ` +
    `WHERE s.seqrelid = ${name}::regclass AND r.last ${descending ? '<=' : '>='} s.seqstart`
  );
}
