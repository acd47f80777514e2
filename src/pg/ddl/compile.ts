import { forKind, type Operation, type OperationOf, type PerFamilyKind, type PerKind } from '../../ops/operation.js';
import type { ColumnOperation } from '../../ops/families/columns.js';
import type { EnumOperation } from '../../ops/families/enums.js';
import type { KeyOperation } from '../../ops/families/keys.js';
import type { PartitionOperation } from '../../ops/families/partitions.js';
import type { InheritanceOperation } from '../../ops/families/inheritance.js';
import type { RenameOperation } from '../../ops/families/renames.js';
import type { SchemaOperation } from '../../ops/families/schemas.js';
import type { SecurityOperation } from '../../ops/families/security.js';
import type { BackfillOperation } from '../../ops/families/backfill.js';
import type { SqlOperation } from '../../ops/families/sql.js';
import { compileBackfill } from '../run/backfill.js';
import type { TableOperation } from '../../ops/families/tables.js';
import { compileAddColumn, compileAlterColumn, compileDropColumn, aroundPartitionNotNulls } from './tables/column.js';
import { compileAddColumnTaken, compileDropColumnKept } from './tables/moved-column.js';
import {
  compileAddConstraint,
  compileAlterConstraint,
  compileDropConstraint,
} from './constraints-indexes/constraint.js';
import {
  compileCreateIndex,
  compileDropIndex,
  compileRenameIndex,
  compileSetIndexStatistics,
} from './constraints-indexes/create-index.js';
import {
  compileAddEnumValue,
  compileCreateEnum,
  compileCreateSchema,
  compileDropEnum,
  compileDropSchema,
} from './schema-enum.js';
import { OBJECT_FAMILY_COMPILERS } from './objects/objects.js';
import type { Statement } from './statement.js';
import { compileRenameEnumValue, compileReplaceEnum } from './enum-values.js';
import { compileInheritTable, compileNoInheritTable } from './tables/inheritance.js';
import { compileAttachPartition, compileDetachPartition } from './partitions/partition.js';
import { compileCreatePolicy, compileDropPolicy, compileSetRowLevelSecurity } from './tables/security.js';
import { compileCreateTable, compileDropTable } from './tables/table.js';
import { compileRestoreRows, compileStashRows } from './partitions/row-copy.js';
import { compileRename, compileSetUnlogged } from './rename.js';
import { compileSetStorageParameters } from './tables/storage.js';
import { compileSetReplicaIdentity } from './tables/replica-identity.js';
import { compileSetClusterOn } from './tables/cluster-on.js';
import {
  compileAddConstraintOnline,
  compileCreateIndexOnline,
  compileDropIndexOnline,
  compileSetNotNullOnline,
  onlineForm,
} from './constraints-indexes/online.js';

export type { Statement } from './statement.js';

/** The compilers of the families of `ops/families/`, one table per family. */
type Compilers<O extends Operation> = PerFamilyKind<O['kind'], Statement[]>;

const SCHEMA_COMPILERS: Compilers<SchemaOperation> = {
  createSchema: compileCreateSchema,
  dropSchema: compileDropSchema,
};

const RENAME_COMPILERS: Compilers<RenameOperation> = {
  renameSchema: compileRename,
  renameTable: compileRename,
  renameColumn: compileRename,
  renameObject: compileRename,
};

const ENUM_COMPILERS: Compilers<EnumOperation> = {
  createEnum: compileCreateEnum,
  dropEnum: compileDropEnum,
  addEnumValue: compileAddEnumValue,
  renameEnumValue: compileRenameEnumValue,
  replaceEnum: compileReplaceEnum,
};

const TABLE_COMPILERS: Compilers<TableOperation> = {
  createTable: compileCreateTable,
  dropTable: compileDropTable,
  setUnlogged: compileSetUnlogged,
  setReplicaIdentity: compileSetReplicaIdentity,
  setClusterOn: compileSetClusterOn,
  setStorageParameters: compileSetStorageParameters,
};

const COLUMN_COMPILERS: Compilers<ColumnOperation> = {
  addColumn: (op) => (op.takenFrom?.length ? compileAddColumnTaken(op, op.takenFrom) : compileAddColumn(op)),
  dropColumn: (op) => (op.keptBy?.length ? compileDropColumnKept(op, op.keptBy) : compileDropColumn(op)),
  alterColumn: (op) =>
    aroundPartitionNotNulls(op, op.online === true ? compileSetNotNullOnline(op) : compileAlterColumn(op)),
};

const KEY_COMPILERS: Compilers<KeyOperation> = {
  addConstraint: (op) => (op.online === true ? compileAddConstraintOnline(op) : compileAddConstraint(op)),
  dropConstraint: compileDropConstraint,
  alterConstraint: compileAlterConstraint,
  createIndex: (op) => (op.online === true ? compileCreateIndexOnline(op) : compileCreateIndex(op)),
  dropIndex: (op) => (op.online === true ? compileDropIndexOnline(op) : compileDropIndex(op)),
  setIndexStatistics: compileSetIndexStatistics,
  renameIndex: compileRenameIndex,
};

const SECURITY_COMPILERS: Compilers<SecurityOperation> = {
  setRowLevelSecurity: compileSetRowLevelSecurity,
  createPolicy: compileCreatePolicy,
  dropPolicy: compileDropPolicy,
};

const PARTITION_COMPILERS: Compilers<PartitionOperation> = {
  attachPartition: compileAttachPartition,
  detachPartition: compileDetachPartition,
  stashRows: compileStashRows,
  restoreRows: compileRestoreRows,
};

const INHERITANCE_COMPILERS: Compilers<InheritanceOperation> = {
  inheritTable: compileInheritTable,
  noInheritTable: compileNoInheritTable,
};

const SQL_COMPILERS: Compilers<SqlOperation> = { executeSql: compileExecuteSql };

const BACKFILL_COMPILERS: Compilers<BackfillOperation> = { backfill: compileBackfill };

/**
 * One compiler per operation kind, from the families' tables. The mapped
 * type makes a new kind fail to compile until its family's table has it.
 */
const COMPILERS: PerKind<Statement[]> = {
  ...SCHEMA_COMPILERS,
  ...RENAME_COMPILERS,
  ...ENUM_COMPILERS,
  ...TABLE_COMPILERS,
  ...COLUMN_COMPILERS,
  ...KEY_COMPILERS,
  ...SECURITY_COMPILERS,
  ...PARTITION_COMPILERS,
  ...INHERITANCE_COMPILERS,
  ...OBJECT_FAMILY_COMPILERS,
  ...SQL_COMPILERS,
  ...BACKFILL_COMPILERS,
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
  const weak = onlineForm(op.sql);
  if (op.params === undefined) return [{ sql: op.sql, transactional: true, ...weak }];
  return [{ sql: op.sql, params: [...op.params], transactional: true, ...weak }];
}
