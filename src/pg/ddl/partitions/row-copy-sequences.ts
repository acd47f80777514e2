import type { RestoredSequence } from '../../../ops/families/row-copy.js';
import { quoteDollar, quoteIdent, quoteLiteral, quoteQualified } from '../../quote.js';

/**
 * `CREATE TABLE positions AS SELECT column, last_value, is_called FROM <sequence> UNION ALL ...`
 * for the sequence of each column in `sequences`, found by
 * `pg_get_serial_sequence` (the statement is built in a `DO` block, since a
 * sequence is read by its name); an empty table when there is none.
 */
export function recordPositionsSql(
  schema: string,
  table: string,
  positions: string,
  sequences: readonly RestoredSequence[],
): string {
  const target = quoteQualified(schema, positions);
  if (sequences.length === 0) return `CREATE TABLE ${target} ("column" text, last_value bigint, is_called boolean)`;
  const selects = sequences.map(
    (_, i) => `SELECT %L${i === 0 ? '::text AS "column"' : ''}, last_value, is_called FROM %s`,
  );
  const format = quoteLiteral(`CREATE TABLE %s AS ${selects.join(' UNION ALL ')}`);
  const args = sequences.map((s) => `${quoteLiteral(s.column)}, ${serialSequence(schema, table, s.column)}`);
  const body = `BEGIN EXECUTE pg_catalog.format(${format}, ${quoteLiteral(target)}, ${args.join(', ')}); END`;
  return `DO ${quoteDollar(body, 'positions')}`;
}

/**
 * Moves the column's own sequence, created with the table and still at its
 * start, to the furthest of: its start, the highest value restored (the
 * lowest for a descending one), and the position recorded in `positions`
 * for the column (when within the sequence's bounds). Positions compare as
 * (value, is_called), so the next value is unused and not before the next
 * value of the sequence the rows came from.
 */
export function setSequenceSql(schema: string, table: string, sequence: RestoredSequence, positions?: string): string {
  const descending = sequence.descending === true;
  const column = quoteIdent(sequence.column);
  const candidates = [
    's.seqstart AS value, false AS called',
    `${descending ? 'min' : 'max'}(${column}), true FROM ${quoteQualified(schema, table)}`,
  ];
  if (positions !== undefined) {
    candidates.push(
      `last_value, is_called FROM ${quoteQualified(schema, positions)} ` +
        `WHERE "column" = ${quoteLiteral(sequence.column)} AND last_value BETWEEN s.seqmin AND s.seqmax`,
    );
  }
  const union = candidates.map((c) => `SELECT ${c}`).join(' UNION ALL ');
  return (
    `SELECT pg_catalog.setval(s.seqrelid, p.value, p.called) FROM pg_catalog.pg_sequence AS s, LATERAL (SELECT c.value, c.called FROM (${union}) AS c ` +
    `WHERE c.value IS NOT NULL ORDER BY c.value ${descending ? 'ASC' : 'DESC'}, c.called DESC LIMIT 1) AS p ` +
    `WHERE s.seqrelid = ${serialSequence(schema, table, sequence.column)}::regclass`
  );
}

function serialSequence(schema: string, table: string, column: string): string {
  return `pg_catalog.pg_get_serial_sequence(${quoteLiteral(quoteQualified(schema, table))}, ${quoteLiteral(column)})`;
}
