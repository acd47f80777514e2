import type { Operation } from '../ops/operation.js';
import { assertNever } from '../util/assert-never.js';
import { renderValue } from './render-value.js';

/**
 * Writes operations as `op.*` calls for a revision file, one statement per
 * operation, each line prefixed with `indent`; '' for no operations. Drops
 * are written by name only (the downgrade carries the full object);
 * `alterColumn` keeps `from` so that a reviewer sees the old state.
 */
export function renderOperations(ops: readonly Operation[], indent = ''): string {
  return ops.map((op) => renderOperation(op, indent)).join('\n');
}

/** One operation as `await op.<kind>({ ... });`. */
export function renderOperation(op: Operation, indent = ''): string {
  const head = `await op.${op.kind}(`;
  const tail = ');';
  const payload = renderValue(operationPayload(op), { indent, reserved: head.length + tail.length });
  return `${indent}${head}${payload}${tail}`;
}

/** The argument of the `op.*` call: the operation without `kind`, and without `removed` for drops. */
export function operationPayload(op: Operation): Record<string, unknown> {
  switch (op.kind) {
    case 'dropEnum':
    case 'dropTable':
    case 'dropColumn':
    case 'dropConstraint':
    case 'dropIndex':
      return without(op, ['kind', 'removed']);
    case 'createSchema':
    case 'dropSchema':
    case 'createEnum':
    case 'addEnumValue':
    case 'createTable':
    case 'addColumn':
    case 'alterColumn':
    case 'addConstraint':
    case 'createIndex':
    case 'executeSql':
      return without(op, ['kind']);
    default:
      return assertNever(op, 'operation kind');
  }
}

function without(op: Operation, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(op).filter(([key]) => !keys.includes(key)));
}
