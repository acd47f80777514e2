import type { OperationOf } from '../../../ops/operation.js';
import type { StorageParameters } from '../../../schema/model.js';
import { quoteLiteral, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

/** ` WITH (fillfactor = 70, toast.autovacuum_enabled = off)`; '' for none. */
export function withClause(parameters: StorageParameters | undefined): string {
  const entries = Object.entries(parameters ?? {});
  return entries.length === 0
    ? ''
    : ` WITH (${entries.map(([name, value]) => `${name} = ${parameterValue(value)}`).join(', ')})`;
}

/** A number or word as it is; anything else as a string literal. */
function parameterValue(value: string): string {
  return /^-?[A-Za-z0-9_.]+$/.test(value) ? value : quoteLiteral(value);
}

/** `ALTER TABLE|INDEX ... SET (...)` for the values given, `RESET (...)` for those set to null. */
export function compileSetStorageParameters(op: OperationOf<'setStorageParameters'>): Statement[] {
  const target = `ALTER ${op.index === undefined ? 'TABLE' : 'INDEX'} ${quoteQualified(op.schema, op.index ?? op.table)}`;
  return setResetClauses(op.to).map((clause) => transactional(`${target} ${clause}`));
}

/** `RESET (a)` for the names set to null, then `SET (b = v)` for the others; parameters and column options alike. */
export function setResetClauses(values: Readonly<Record<string, string | null>>): string[] {
  const entries = Object.entries(values);
  const reset = entries.filter(([, value]) => value === null).map(([name]) => name);
  const set: StorageParameters = Object.fromEntries(
    entries.filter((entry): entry is [string, string] => entry[1] !== null),
  );
  return [
    ...(reset.length > 0 ? [`RESET (${reset.join(', ')})`] : []),
    ...(Object.keys(set).length > 0 ? [`SET${withClause(set).slice(' WITH'.length)}`] : []),
  ];
}
