import type { Operation } from '../../ops/operation.js';
import { assertNever } from '../../util/assert-never.js';
import { lineComment } from '../../util/line-comment.js';
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

/** The argument of the `op.*` call: the operation without `kind`, and without `removed` for drops. */
export function operationPayload(op: Operation): Record<string, unknown> {
  switch (op.kind) {
    case 'dropEnum':
    case 'dropTable':
    case 'dropColumn':
    case 'dropConstraint':
    case 'dropIndex':
    case 'dropPolicy':
    case 'dropExtension':
    case 'dropCollation':
    case 'dropRule':
    case 'dropCast':
    case 'dropTextSearchDictionary':
    case 'dropTextSearchConfiguration':
    case 'dropOperator':
    case 'dropOperatorClass':
    case 'dropSequence':
    case 'dropDomain':
    case 'dropView':
    case 'dropFunction':
    case 'dropTrigger':
    case 'dropCompositeType':
    case 'dropCompositeAttribute':
    case 'dropForeignDataWrapper':
    case 'dropForeignServer':
    case 'dropForeignTable':
      return without(op, ['kind', 'removed']);
    case 'addEnumValue':
      return without(op, ['kind', 'previous']);
    case 'createExtension':
    case 'createCollation':
    case 'createRule':
    case 'createCast':
    case 'createTextSearchDictionary':
    case 'alterTextSearchDictionary':
    case 'createTextSearchConfiguration':
    case 'alterTextSearchConfiguration':
    case 'createOperator':
    case 'createOperatorClass':
    case 'alterOperator':
    case 'replaceRule':
    case 'createSequence':
    case 'alterSequence':
    case 'createDomain':
    case 'alterDomain':
    case 'alterExtension':
    case 'replaceDomain':
    case 'createView':
    case 'replaceView':
    case 'createFunction':
    case 'replaceFunction':
    case 'createTrigger':
    case 'setComment':
    case 'createSchema':
    case 'dropSchema':
    case 'createEnum':
    case 'renameEnumValue':
    case 'replaceEnum':
    case 'setRowLevelSecurity':
    case 'createPolicy':
    case 'attachPartition':
    case 'detachPartition':
    case 'stashRows':
    case 'restoreRows':
    case 'createTable':
    case 'addColumn':
    case 'alterColumn':
    case 'addConstraint':
    case 'createIndex':
    case 'renameIndex':
    case 'setUnlogged':
    case 'setStorageParameters':
    case 'renameSchema':
    case 'renameTable':
    case 'renameColumn':
    case 'renameObject':
    case 'executeSql':
    case 'createCompositeType':
    case 'addCompositeAttribute':
    case 'alterCompositeAttribute':
    case 'createForeignDataWrapper':
    case 'alterForeignDataWrapper':
    case 'createForeignServer':
    case 'alterForeignServer':
    case 'createForeignTable':
    case 'alterForeignTable':
      return without(op, ['kind']);
    default:
      return assertNever(op, 'operation kind');
  }
}

function without(op: Operation, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(op).filter(([key]) => !keys.includes(key)));
}
