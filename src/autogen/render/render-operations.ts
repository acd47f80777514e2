import { omitPayloadDefaults } from '../../ops/literal-defaults.js';
import { specOf } from '../../ops/operation-specs.js';
import type { Operation } from '../../ops/operation.js';
import { lineComment } from '../../util/line-comment.js';
import { renderValue } from '../../util/render-value.js';

/**
 * Writes operations as `op.*` calls for a revision file, one statement per
 * operation, each line prefixed with `indent`; '' for no operations. Drops
 * are written by name only (the downgrade carries the full object);
 * `alterColumn` keeps `from` so that a reviewer sees the old state. The
 * whole objects a call holds (a created table, an index...) leave out the
 * fields that equal their defaults (`omitPayloadDefaults`); the `op` facade
 * fills them back in, so the call runs the same operation.
 */
export function renderOperations(ops: readonly Operation[], indent = ''): string {
  return ops.map((op) => renderOperation(op, indent)).join('\n');
}

/**
 * One operation as `await op.<kind>({ ... });`. An operation's `note`, when it
 * has one, is written as a comment above the call instead of as an argument.
 */
export function renderOperation(op: Operation, indent = ''): string {
  const head = `await op.${op.kind}(`;
  const tail = ');';
  const { note, ...payload } = operationPayload(op);
  const rendered = renderValue(payload, { indent, reserved: head.length + tail.length });
  return `${noteComment(note, indent)}${indent}${head}${rendered}${tail}`;
}

/** `// ...` lines for a note, each line of it commented (see `lineComment`); '' without one. */
function noteComment(note: unknown, indent: string): string {
  if (typeof note !== 'string' || note === '') return '';
  return lineComment(note, indent)
    .map((line) => `${line}\n`)
    .join('');
}

/**
 * The argument of the `op.*` call: the operation without `kind`, without what
 * its kind leaves out (`removed` for drops), its whole objects without their defaults.
 */
function operationPayload(op: Operation): Record<string, unknown> {
  return omitPayloadDefaults(op.kind, without(op, ['kind', ...(specOf(op).unrendered ?? [])]));
}

function without(op: Operation, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(op).filter(([key]) => !keys.includes(key)));
}
