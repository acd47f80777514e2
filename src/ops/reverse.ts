import { AthanorError } from '../util/errors.js';
import { describeOperation } from './describe.js';
import { reverseAlterExtension, reverseObjectOperation } from './objects/object-operations.js';
import { reverseReplaceDomain } from './domain-replace.js';
import { reverseCompositeOperation } from './objects/composite-operations.js';
import { reverseOperatorOperation } from './objects/operator-operations.js';
import { reverseForeignOperation } from './objects/foreign-operations.js';
import { reverseAddEnumValue, reverseReplaceEnum } from './enum-replace.js';
import { reverseRowCopy } from './row-copy.js';
import { reverseRename } from './rename.js';
import { dropCastOf } from './objects/cast-operations.js';
import { reverseTextSearchOperation } from './objects/text-search-operations.js';
import { forKind, type ColumnChange, type Operation, type OperationOf, type PerKind } from './operation.js';
import type { ObjectOperation } from './objects/object-operations.js';

const reverseObject = (op: ObjectOperation): Operation => reverseObjectOperation(op, describeOperation);

const REVERSERS: PerKind<Operation> = {
  createSchema: (op) => ({ kind: 'dropSchema', schema: op.schema }),
  dropSchema: (op) => ({ kind: 'createSchema', schema: op.schema }),
  createEnum: (op) => ({ kind: 'dropEnum', schema: op.enum.schema, name: op.enum.name, removed: op.enum }),
  dropEnum: (op) => ({ kind: 'createEnum', enum: removedOf(op, op.removed) }),
  addEnumValue: (op) => reverseAddEnumValue(op) ?? irreversibleAddEnumValue(op),
  renameEnumValue: (op) => ({ kind: 'renameEnumValue', schema: op.schema, name: op.name, from: op.to, to: op.from }),
  replaceEnum: reverseReplaceEnum,
  setRowLevelSecurity: reverseRowLevelSecurity,
  createPolicy: (op) => ({
    kind: 'dropPolicy',
    schema: op.schema,
    table: op.table,
    name: op.policy.name,
    removed: op.policy,
  }),
  dropPolicy: (op) => ({ kind: 'createPolicy', schema: op.schema, table: op.table, policy: removedOf(op, op.removed) }),
  attachPartition: (op) => ({
    kind: 'detachPartition',
    schema: op.schema,
    table: op.table,
    partitionOf: op.partitionOf,
  }),
  detachPartition: (op) => ({
    kind: 'attachPartition',
    schema: op.schema,
    table: op.table,
    partitionOf: op.partitionOf,
  }),
  stashRows: reverseRowCopy,
  restoreRows: reverseRowCopy,
  createTable: (op) => ({ kind: 'dropTable', schema: op.table.schema, name: op.table.name, removed: op.table }),
  dropTable: (op) => ({ kind: 'createTable', table: removedOf(op, op.removed) }),
  addColumn: (op) => ({
    kind: 'dropColumn',
    schema: op.schema,
    table: op.table,
    column: op.column.name,
    removed: op.column,
  }),
  dropColumn: (op) => ({ kind: 'addColumn', schema: op.schema, table: op.table, column: removedOf(op, op.removed) }),
  alterColumn: reverseAlterColumn,
  addConstraint: (op) => ({
    kind: 'dropConstraint',
    schema: op.schema,
    table: op.table,
    name: op.constraint.name,
    removed: op.constraint,
  }),
  dropConstraint: (op) => ({
    kind: 'addConstraint',
    schema: op.schema,
    table: op.table,
    constraint: removedOf(op, op.removed),
  }),
  // An index built concurrently is dropped concurrently, and back; a constraint or NOT NULL added online is dropped plainly.
  createIndex: (op) => ({
    kind: 'dropIndex',
    schema: op.schema,
    table: op.table,
    name: op.index.name,
    removed: op.index,
    ...online(op),
  }),
  dropIndex: (op) => ({
    kind: 'createIndex',
    schema: op.schema,
    table: op.table,
    index: removedOf(op, op.removed),
    ...online(op),
  }),
  renameIndex: (op) => ({ kind: 'renameIndex', schema: op.schema, from: op.to, to: op.from }),
  renameSchema: reverseRename,
  setUnlogged: (op) => ({ ...op, unlogged: !op.unlogged }),
  setStorageParameters: (op) => {
    const { from } = op;
    if (from === undefined || Object.keys(op.to).some((name) => !(name in from)))
      throw irreversible(op, 'from does not give every parameter before');
    return { ...op, to: { ...from }, from: { ...op.to } };
  },
  renameTable: reverseRename,
  renameColumn: reverseRename,
  renameObject: reverseRename,
  createExtension: reverseObject,
  createCollation: (op) => ({
    kind: 'dropCollation',
    schema: op.collation.schema,
    name: op.collation.name,
    removed: op.collation,
  }),
  dropCollation: (op) => ({ kind: 'createCollation', collation: removedOf(op, op.removed) }),
  createRule: (op) => ({
    kind: 'dropRule',
    schema: op.rule.schema,
    table: op.rule.table,
    name: op.rule.name,
    removed: op.rule,
  }),
  dropRule: (op) => ({ kind: 'createRule', rule: removedOf(op, op.removed) }),
  replaceRule: (op) => {
    if (op.from === undefined) throw irreversible(op, 'it does not say what the rule was before (from)');
    return { kind: 'replaceRule', rule: op.from, from: op.rule };
  },
  createCast: (op) => dropCastOf(op.cast),
  dropCast: (op) => ({ kind: 'createCast', cast: removedOf(op, op.removed) }),
  createTextSearchDictionary: reverseTextSearchOperation,
  alterTextSearchDictionary: reverseTextSearchOperation,
  dropTextSearchDictionary: reverseTextSearchOperation,
  createTextSearchConfiguration: reverseTextSearchOperation,
  alterTextSearchConfiguration: reverseTextSearchOperation,
  dropTextSearchConfiguration: reverseTextSearchOperation,
  dropExtension: reverseObject,
  createSequence: reverseObject,
  dropSequence: reverseObject,
  alterSequence: reverseObject,
  createDomain: reverseObject,
  dropDomain: reverseObject,
  alterDomain: reverseObject,
  createOperator: reverseOperatorOperation,
  dropOperator: reverseOperatorOperation,
  alterOperator: reverseOperatorOperation,
  createOperatorClass: reverseOperatorOperation,
  dropOperatorClass: reverseOperatorOperation,
  createCompositeType: reverseCompositeOperation,
  dropCompositeType: reverseCompositeOperation,
  addCompositeAttribute: reverseCompositeOperation,
  dropCompositeAttribute: reverseCompositeOperation,
  alterCompositeAttribute: reverseCompositeOperation,
  createForeignDataWrapper: reverseForeignOperation,
  dropForeignDataWrapper: reverseForeignOperation,
  alterForeignDataWrapper: reverseForeignOperation,
  createForeignServer: reverseForeignOperation,
  dropForeignServer: reverseForeignOperation,
  alterForeignServer: reverseForeignOperation,
  createForeignTable: reverseForeignOperation,
  dropForeignTable: reverseForeignOperation,
  alterForeignTable: reverseForeignOperation,
  createView: reverseObject,
  dropView: reverseObject,
  replaceView: reverseObject,
  createFunction: reverseObject,
  dropFunction: reverseObject,
  replaceFunction: reverseObject,
  createTrigger: reverseObject,
  dropTrigger: reverseObject,
  setComment: reverseObject,
  alterExtension: (op) => reverseAlterExtension(op, describeOperation(op)),
  replaceDomain: (op) => reverseReplaceDomain(op, describeOperation(op)),
  executeSql: reverseExecuteSql,
};

/**
 * The operation that undoes `op`. A drop reverses only when it carries the
 * object it removes; an `alterColumn` only when it carries `from`. Throws
 * `AthanorError('irreversible')` otherwise.
 */
export function reverseOperation(op: Operation): Operation {
  return forKind(REVERSERS, op);
}

/** The downgrade of a list of operations: each one reversed, last first. */
export function reverseOperations(ops: readonly Operation[]): Operation[] {
  return ops.map(reverseOperation).reverse();
}

function irreversibleAddEnumValue(op: OperationOf<'addEnumValue'>): never {
  // Generated additions carry `previous` and reverse into a replacement; a hand-written one does not.
  throw irreversible(op, 'Postgres cannot drop a value from an enum');
}

function reverseRowLevelSecurity(op: OperationOf<'setRowLevelSecurity'>): Operation {
  const from = removedOf(op, op.from);
  return { kind: 'setRowLevelSecurity', schema: op.schema, table: op.table, to: { ...from }, from: { ...op.to } };
}

function online(op: { online?: boolean }): { online?: true } {
  return op.online === true ? { online: true } : {};
}

function removedOf<T>(op: Operation, removed: T | undefined): T {
  if (removed === undefined) throw irreversible(op, 'it does not carry the removed object');
  return removed;
}

const CHANGE_PARTS = [
  'type',
  'nullable',
  'default',
  'collation',
  'identity',
  'generated',
  'statistics',
  'options',
  'storage',
  'compression',
] as const;

/** Swaps `from` and `to`; `using` belongs to one direction and is not carried over, `throughText` holds both ways. */
function reverseAlterColumn(op: OperationOf<'alterColumn'>): Operation {
  const { from } = op;
  if (from === undefined) throw irreversible(op, 'it does not say what the column was before (from)');
  const missing = CHANGE_PARTS.filter((part) => op.to[part] !== undefined && from[part] === undefined);
  if (missing.length > 0) throw irreversible(op, `from does not give the previous ${missing.join(', ')}`);
  const to: ColumnChange = { ...from };
  const throughText = op.throughText === true ? { throughText: true } : {};
  return {
    kind: 'alterColumn',
    schema: op.schema,
    table: op.table,
    column: op.column,
    to,
    from: { ...op.to },
    ...throughText,
  };
}

/**
 * Runs `reverseSql`, and undoes itself by running the original SQL again. The
 * original's bind parameters cannot travel with it, so an `executeSql` with
 * parameters reverses once only.
 */
function reverseExecuteSql(op: OperationOf<'executeSql'>): Operation {
  if (op.reverseSql === undefined) throw irreversible(op, 'it has no reverseSql');
  if (op.params !== undefined && op.params.length > 0) return { kind: 'executeSql', sql: op.reverseSql };
  return { kind: 'executeSql', sql: op.reverseSql, reverseSql: op.sql };
}

function irreversible(op: Operation, why: string): AthanorError {
  return new AthanorError(
    'irreversible',
    `${describeOperation(op)} cannot be reversed: ${why}; write its downgrade by hand`,
  );
}
