import { forKind, type Operation, type OperationOf, type PerKind } from '../../ops/operation.js';
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
import { compileObjectOperation } from './objects/objects.js';
import { compileReplaceDomain } from './objects/domain.js';
import { compileCompositeOperation } from './objects/composite.js';
import { compileForeignOperation } from './objects/foreign.js';
import { compileCreateCollation, compileDropCollation } from './objects/collation.js';
import { compileCreateRule, compileDropRule, compileReplaceRule } from './objects/rule.js';
import { compileCreateCast, compileDropCast } from './objects/cast.js';
import { compileTextSearchOperation } from './objects/text-search.js';
import { compileOperatorOperation } from './objects/operator.js';
import { compileAlterExtension } from './objects/sequence-extension.js';
import type { Statement } from './statement.js';
import { compileRenameEnumValue, compileReplaceEnum } from './enum-values.js';
import { compileAttachPartition, compileDetachPartition } from './partition.js';
import { compileCreatePolicy, compileDropPolicy, compileSetRowLevelSecurity } from './security.js';
import { compileCreateTable, compileDropTable } from './table.js';
import { compileRestoreRows, compileStashRows } from './row-copy.js';
import { compileRename, compileSetUnlogged } from './rename.js';
import { compileSetStorageParameters } from './storage.js';
import {
  compileAddConstraintOnline,
  compileCreateIndexOnline,
  compileDropIndexOnline,
  compileSetNotNullOnline,
} from './online.js';

export type { Statement } from './statement.js';

/**
 * One compiler per operation kind. The mapped type makes a new kind fail to
 * compile until it has an entry here.
 */
const COMPILERS: PerKind<Statement[]> = {
  createSchema: compileCreateSchema,
  dropSchema: compileDropSchema,
  createEnum: compileCreateEnum,
  dropEnum: compileDropEnum,
  addEnumValue: compileAddEnumValue,
  renameEnumValue: compileRenameEnumValue,
  replaceEnum: compileReplaceEnum,
  setRowLevelSecurity: compileSetRowLevelSecurity,
  createPolicy: compileCreatePolicy,
  dropPolicy: compileDropPolicy,
  attachPartition: compileAttachPartition,
  detachPartition: compileDetachPartition,
  stashRows: compileStashRows,
  restoreRows: compileRestoreRows,
  createTable: compileCreateTable,
  dropTable: compileDropTable,
  addColumn: compileAddColumn,
  dropColumn: compileDropColumn,
  alterColumn: (op) => (op.online === true ? compileSetNotNullOnline(op) : compileAlterColumn(op)),
  addConstraint: (op) => (op.online === true ? compileAddConstraintOnline(op) : compileAddConstraint(op)),
  dropConstraint: compileDropConstraint,
  createIndex: (op) => (op.online === true ? compileCreateIndexOnline(op) : compileCreateIndex(op)),
  dropIndex: (op) => (op.online === true ? compileDropIndexOnline(op) : compileDropIndex(op)),
  renameIndex: compileRenameIndex,
  renameSchema: compileRename,
  setUnlogged: compileSetUnlogged,
  setStorageParameters: compileSetStorageParameters,
  renameTable: compileRename,
  renameColumn: compileRename,
  renameObject: compileRename,
  createExtension: compileObjectOperation,
  createCollation: compileCreateCollation,
  dropCollation: compileDropCollation,
  createRule: compileCreateRule,
  replaceRule: compileReplaceRule,
  dropRule: compileDropRule,
  createCast: compileCreateCast,
  dropCast: compileDropCast,
  createTextSearchDictionary: compileTextSearchOperation,
  alterTextSearchDictionary: compileTextSearchOperation,
  dropTextSearchDictionary: compileTextSearchOperation,
  createTextSearchConfiguration: compileTextSearchOperation,
  alterTextSearchConfiguration: compileTextSearchOperation,
  dropTextSearchConfiguration: compileTextSearchOperation,
  createOperator: compileOperatorOperation,
  dropOperator: compileOperatorOperation,
  alterOperator: compileOperatorOperation,
  createOperatorClass: compileOperatorOperation,
  dropOperatorClass: compileOperatorOperation,
  dropExtension: compileObjectOperation,
  createSequence: compileObjectOperation,
  dropSequence: compileObjectOperation,
  alterSequence: compileObjectOperation,
  createDomain: compileObjectOperation,
  dropDomain: compileObjectOperation,
  alterDomain: compileObjectOperation,
  createCompositeType: compileCompositeOperation,
  dropCompositeType: compileCompositeOperation,
  addCompositeAttribute: compileCompositeOperation,
  dropCompositeAttribute: compileCompositeOperation,
  alterCompositeAttribute: compileCompositeOperation,
  createForeignDataWrapper: compileForeignOperation,
  dropForeignDataWrapper: compileForeignOperation,
  alterForeignDataWrapper: compileForeignOperation,
  createForeignServer: compileForeignOperation,
  dropForeignServer: compileForeignOperation,
  alterForeignServer: compileForeignOperation,
  createForeignTable: compileForeignOperation,
  dropForeignTable: compileForeignOperation,
  alterForeignTable: compileForeignOperation,
  createView: compileObjectOperation,
  dropView: compileObjectOperation,
  replaceView: compileObjectOperation,
  createFunction: compileObjectOperation,
  dropFunction: compileObjectOperation,
  replaceFunction: compileObjectOperation,
  createTrigger: compileObjectOperation,
  dropTrigger: compileObjectOperation,
  setComment: compileObjectOperation,
  alterExtension: compileAlterExtension,
  replaceDomain: compileReplaceDomain,
  executeSql: compileExecuteSql,
};

/** The SQL statements that carry out one operation, in the order they must run. */
export function compileOperation(op: Operation): Statement[] {
  return forKind(COMPILERS, op);
}

/** The operations' statements, one after another. */
export function compileOperations(ops: readonly Operation[]): Statement[] {
  return ops.flatMap(compileOperation);
}

function compileExecuteSql(op: OperationOf<'executeSql'>): Statement[] {
  if (op.params === undefined) return [{ sql: op.sql, transactional: true }];
  return [{ sql: op.sql, params: op.params, transactional: true }];
}
