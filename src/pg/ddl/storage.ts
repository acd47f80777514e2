import type { OperationOf } from '../../ops/operation.js';
import type { StorageParameters } from '../../schema/model.js';
import { quoteLiteral, quoteQualified } from '../quote.js';
import { transactional, type Statement } from './statement.js';

/** ` WITH (fillfactor = 70, toast.autovacuum_enabled = off)`; '' for none. */
export function withClause(parameters: StorageParameters | undefined): string {
  const entries = Object.entries(parameters ?? {});
  return entries.length === 0 ? '' : ` WITH (${entries.map(([name, value]) => `${name} = ${parameterValue(value)}`).join(', ')})`;
}

/** A number or word as it is; anything else as a string literal. */
function parameterValue(value: string): string {
  return /^-?[A-Za-z0-9_.]+$/.test(value) ? value : quoteLiteral(value);
}

/** `ALTER TABLE|INDEX ... SET (...)` for the values given, `RESET (...)` for those set to null. */
export function compileSetStorageParameters(op: OperationOf<'setStorageParameters'>): Statement[] {
  const target = `ALTER ${op.index === undefined ? 'TABLE' : 'INDEX'} ${quoteQualified(op.schema, op.index ?? op.table)}`;
  const set: StorageParameters = {};
  const reset: string[] = [];
  for (const [name, value] of Object.entries(op.to)) {
    if (value === null) reset.push(name);
    else set[name] = value;
  }
  const statements: Statement[] = [];
  if (reset.length > 0) statements.push(transactional(`${target} RESET (${reset.join(', ')})`));
  if (Object.keys(set).length > 0) statements.push(transactional(`${target} SET${withClause(set).slice(' WITH'.length)}`));
  return statements;
}
