import type { OperationOf } from '../../../ops/operation.js';
import type { ConstraintModel, TableModel } from '../../../schema/model.js';
import { constraintsOf } from '../../../schema/model.js';
import { quoteQualified } from '../../quote.js';
import { columnDefinition, columnSettingStatements } from './column.js';
import { constraintDefinition, isNotValid } from '../constraints-indexes/constraint.js';
import { createIndexSql, indexStatisticsStatements } from '../constraints-indexes/create-index.js';
import { detachPartitionSql, partitionIndexRenames, partitionIndexStorage } from '../partitions/partition.js';
import { transactional, type Statement } from '../statement.js';
import { replicaIdentitySql } from './replica-identity.js';
import { clusterOnSql } from './cluster-on.js';
import {
  createTableHead,
  createTableTail,
  mayOmitElements,
  partitionColumnElements,
  partitionColumnStatements,
  tableSecurityStatements,
} from './table-extras.js';

/**
 * One `CREATE TABLE` with its columns and constraints (for a partition, its
 * own column options, and `DROP DEFAULT` where it has no default of its
 * parent's, and its indexes attached to its parent's renamed where the model
 * names them), then one `CREATE INDEX` per index. `NOT VALID` constraints
 * follow as `ALTER TABLE ... ADD`, since `CREATE TABLE` validates every
 * constraint it creates; so does a key whose columns repeat an earlier key's
 * (`PRIMARY KEY (a)` and `UNIQUE (a)`), since `CREATE TABLE` merges the two
 * into one; and so does a primary key on a column the table inherits.
 */
export function compileCreateTable(op: OperationOf<'createTable'>): Statement[] {
  const { table } = op;
  const indexes = table.indexes.flatMap((index) => [
    transactional(createIndexSql(table.schema, table.name, index)),
    ...indexStatisticsStatements(table.schema, index),
  ]);
  const target = quoteQualified(table.schema, table.name);
  const later = addedAfterCreate(table);
  const added = constraintsOf(table)
    .filter((constraint) => later(constraint))
    .map((constraint) => transactional(`ALTER TABLE ${target} ADD ${constraintDefinition(constraint)}`));
  return [
    transactional(createTableSql(table)),
    ...columnSettingStatements(table.schema, table.name, table.columns),
    ...partitionColumnStatements(table),
    ...partitionIndexRenames(table),
    ...partitionIndexStorage(table),
    ...indexes,
    ...added,
    ...(table.replicaIdentity === undefined
      ? []
      : [transactional(replicaIdentitySql(table.schema, table.name, table.replicaIdentity))]),
    ...(table.clusterOn === undefined ? [] : [transactional(clusterOnSql(table.schema, table.name, table.clusterOn))]),
    ...tableSecurityStatements(table),
  ];
}

/**
 * `DROP TABLE`; a partition is detached first (`detachFrom`: `DETACH
 * PARTITION`, the same lock on its parent as the drop): a foreign key
 * referencing its parent references it too, and Postgres lets that reference
 * go on the detach, having checked that no row uses it, where the drop would
 * be refused.
 */
export function compileDropTable(op: OperationOf<'dropTable'>): Statement[] {
  const parent = op.detachFrom;
  return [
    ...(parent === undefined ? [] : [transactional(detachPartitionSql(parent, { schema: op.schema, table: op.name }))]),
    transactional(`DROP TABLE ${quoteQualified(op.schema, op.name)}`),
  ];
}

function createTableSql(table: TableModel): string {
  const later = addedAfterCreate(table);
  const elements = [
    ...table.columns.map((column) => columnDefinition(column, table.schema)),
    ...partitionColumnElements(table),
    ...constraintsOf(table)
      .filter((constraint) => !later(constraint))
      .map(constraintDefinition),
  ];
  const head = createTableHead(table);
  const tail = createTableTail(table);
  if (elements.length === 0) return mayOmitElements(table) ? `${head}${tail}` : `${head} ()${tail}`;
  return `${head} (\n${elements.map((element) => `  ${element}`).join(',\n')}\n)${tail}`;
}

/**
 * Which constraints `CREATE TABLE` cannot create as they are: `NOT VALID`
 * ones, and a unique key whose column list repeats the primary key's or an
 * earlier unique key's (Postgres keeps one index for identical key
 * specifications of one `CREATE TABLE`; `ALTER TABLE ... ADD` never merges).
 */
function addedAfterCreate(table: TableModel): (constraint: ConstraintModel) => boolean {
  const seen: (readonly string[])[] = table.primaryKey === null ? [] : [table.primaryKey.columns];
  const repeated = new Set<string>();
  for (const unique of table.uniques) {
    if (seen.some((columns) => sameColumns(columns, unique.columns))) repeated.add(unique.name);
    else seen.push(unique.columns);
  }
  const inheritedKey = keyOnInheritedColumn(table);
  return (constraint) =>
    isNotValid(constraint) ||
    (constraint.type === 'unique' && repeated.has(constraint.name)) ||
    (constraint.type === 'primaryKey' && inheritedKey);
}

/**
 * Whether the table's primary key names a column it inherits: in `CREATE
 * TABLE` the key would give the column a NOT NULL constraint of the table's
 * own name (PostgreSQL 18), where `ALTER TABLE ... ADD` keeps the one it
 * inherits, as a database made otherwise (and pg_dump) has it.
 */
function keyOnInheritedColumn(table: TableModel): boolean {
  if (table.inherits === undefined || table.primaryKey === null) return false;
  const own = new Set(table.columns.map((column) => column.name));
  return table.primaryKey.columns.some((column) => !own.has(column));
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((column, i) => column === b[i]);
}
