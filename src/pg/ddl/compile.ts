import type { Operation, OperationOf } from '../../ops/operation.js';
import { assertNever } from '../../util/assert-never.js';
import { compileAddColumn, compileAlterColumn, compileDropColumn } from './column.js';
import { compileAddConstraint, compileDropConstraint } from './constraint.js';
import { compileCreateIndex, compileDropIndex, compileRenameIndex } from './create-index.js';
import {
  compileAddEnumValue,
  compileCreateEnum,
  compileCreateSchema,
  compileDropEnum,
  compileDropSchema,
} from './schema-enum.js';
import { compileObjectOperation } from './objects.js';
import { compileReplaceDomain } from './domain.js';
import { compileAlterExtension } from './sequence-extension.js';
import type { Statement } from './statement.js';
import { compileRenameEnumValue, compileReplaceEnum } from './enum-values.js';
import { compileAttachPartition, compileDetachPartition } from './partition.js';
import { compileCreatePolicy, compileDropPolicy, compileSetRowLevelSecurity } from './security.js';
import { compileCreateTable, compileDropTable } from './table.js';
import { compileRestoreRows, compileStashRows } from './row-copy.js';

export type { Statement } from './statement.js';

/** The SQL statements that carry out one operation, in the order they must run. */
export function compileOperation(op: Operation): Statement[] {
  switch (op.kind) {
    case 'createSchema':
      return compileCreateSchema(op);
    case 'dropSchema':
      return compileDropSchema(op);
    case 'createEnum':
      return compileCreateEnum(op);
    case 'dropEnum':
      return compileDropEnum(op);
    case 'addEnumValue':
      return compileAddEnumValue(op);
    case 'renameEnumValue':
      return compileRenameEnumValue(op);
    case 'replaceEnum':
      return compileReplaceEnum(op);
    case 'setRowLevelSecurity':
      return compileSetRowLevelSecurity(op);
    case 'createPolicy':
      return compileCreatePolicy(op);
    case 'dropPolicy':
      return compileDropPolicy(op);
    case 'attachPartition':
      return compileAttachPartition(op);
    case 'detachPartition':
      return compileDetachPartition(op);
    case 'stashRows':
      return compileStashRows(op);
    case 'restoreRows':
      return compileRestoreRows(op);
    case 'createTable':
      return compileCreateTable(op);
    case 'dropTable':
      return compileDropTable(op);
    case 'addColumn':
      return compileAddColumn(op);
    case 'dropColumn':
      return compileDropColumn(op);
    case 'alterColumn':
      return compileAlterColumn(op);
    case 'addConstraint':
      return compileAddConstraint(op);
    case 'dropConstraint':
      return compileDropConstraint(op);
    case 'createIndex':
      return compileCreateIndex(op);
    case 'dropIndex':
      return compileDropIndex(op);
    case 'renameIndex':
      return compileRenameIndex(op);
    case 'createExtension':
    case 'dropExtension':
    case 'createSequence':
    case 'dropSequence':
    case 'alterSequence':
    case 'createDomain':
    case 'dropDomain':
    case 'alterDomain':
    case 'createView':
    case 'dropView':
    case 'replaceView':
    case 'createFunction':
    case 'dropFunction':
    case 'replaceFunction':
    case 'createTrigger':
    case 'dropTrigger':
    case 'setComment':
      return compileObjectOperation(op);
    case 'alterExtension':
      return compileAlterExtension(op);
    case 'replaceDomain':
      return compileReplaceDomain(op);
    case 'executeSql':
      return compileExecuteSql(op);
    default:
      return assertNever(op, 'operation kind');
  }
}

/** The operations' statements, one after another. */
export function compileOperations(ops: readonly Operation[]): Statement[] {
  return ops.flatMap(compileOperation);
}

function compileExecuteSql(op: OperationOf<'executeSql'>): Statement[] {
  if (op.params === undefined) return [{ sql: op.sql, transactional: true }];
  return [{ sql: op.sql, params: op.params, transactional: true }];
}
