import type { ColumnOperation } from '../ops/families/columns.js';
import type { EnumOperation } from '../ops/families/enums.js';
import type { KeyOperation } from '../ops/families/keys.js';
import type { PartitionOperation } from '../ops/families/partitions.js';
import type { InheritanceOperation } from '../ops/families/inheritance.js';
import type { RenameOperation } from '../ops/families/renames.js';
import type { SchemaOperation } from '../ops/families/schemas.js';
import type { SecurityOperation } from '../ops/families/security.js';
import type { BackfillOperation } from '../ops/families/backfill.js';
import type { SqlOperation } from '../ops/families/sql.js';
import type { TableOperation } from '../ops/families/tables.js';
import type { EnumColumnUse, Operation, OperationKind } from '../ops/operation.js';
import type { ConstraintModel, InheritedTableModel, PolicyModel } from '../schema/model.js';
import { assertNever } from '../util/assert-never.js';
import { mapCheck, mapColumn, mapIndex, mapTable, type NameMapper } from './map-model-names.js';
import { OBJECT_FAMILY_NAME_MAPPERS, type NameMappers } from './map-object-operation-names.js';
import { quoteIdent } from '../pg/quote.js';
import { moveQualifiedNames, type SchemaMove } from '../pg/scratch/sql-qualify.js';
import { moveQualifiedOperators } from '../pg/scratch/sql-qualify-operators.js';

/**
 * Every name in schema `from` renamed into schema `to`, others left alone:
 * the schema fields, and in SQL text each qualified reference `from.name`
 * (written `quoted.name`, by default `"to".name`), the way a fleet's
 * template schema becomes a tenant's.
 */
export function schemaTranslation(from: string, to: string, quoted = quoteIdent(to)): NameMapper {
  const move: SchemaMove = (schema) => (schema === from ? quoted : null);
  return {
    schema: (name) => (name === from ? to : name),
    text: (value) => moveQualifiedOperators(moveQualifiedNames(value, move), move),
  };
}

/** The operation with every schema name and every qualified name in its SQL text mapped. */
export function mapOperationNames(op: Operation, map: NameMapper): Operation {
  if (!Object.hasOwn(NAME_MAPPERS, op.kind)) return assertNever(op as never, 'operation kind');
  // The entry for op.kind takes exactly OperationOf<op.kind>; TypeScript cannot correlate the two.
  const entry = NAME_MAPPERS[op.kind] as (op: Operation, map: NameMapper) => Operation;
  return entry(op, map);
}

type Mappers<O extends Operation> = NameMappers<O['kind']>;

const schemaOnly = <T extends { schema: string }>(op: T, map: NameMapper): T => ({
  ...op,
  schema: map.schema(op.schema),
});

const SCHEMA_NAME_MAPPERS: Mappers<SchemaOperation> = { createSchema: schemaOnly, dropSchema: schemaOnly };

const RENAME_NAME_MAPPERS: Mappers<RenameOperation> = {
  renameSchema: (op, map) => ({ ...op, from: map.schema(op.from), to: map.schema(op.to) }),
  renameTable: schemaOnly,
  renameColumn: schemaOnly,
  renameObject: schemaOnly,
};

const ENUM_NAME_MAPPERS: Mappers<EnumOperation> = {
  createEnum: (op, map) => ({ ...op, enum: { ...op.enum, schema: map.schema(op.enum.schema) } }),
  dropEnum: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.removed ? { removed: { ...op.removed, schema: map.schema(op.removed.schema) } } : {}),
  }),
  addEnumValue: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.previous ? { previous: { ...op.previous, columns: op.previous.columns.map((c) => enumUse(c, map)) } } : {}),
  }),
  renameEnumValue: schemaOnly,
  replaceEnum: (op, map) => ({ ...op, schema: map.schema(op.schema), columns: op.columns.map((c) => enumUse(c, map)) }),
};

const TABLE_NAME_MAPPERS: Mappers<TableOperation> = {
  createTable: (op, map) => ({ ...op, table: mapTable(op.table, map) }),
  dropTable: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.removed ? { removed: mapTable(op.removed, map) } : {}),
  }),
  setUnlogged: schemaOnly,
  setReplicaIdentity: schemaOnly,
  setStorageParameters: schemaOnly,
};

const COLUMN_NAME_MAPPERS: Mappers<ColumnOperation> = {
  addColumn: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    column: mapColumn(op.column, map),
    ...(op.takenFrom ? { takenFrom: mapTables(op.takenFrom, map) } : {}),
  }),
  dropColumn: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.removed ? { removed: mapColumn(op.removed, map) } : {}),
    ...(op.keptBy ? { keptBy: mapTables(op.keptBy, map) } : {}),
    ...(op.keptColumn ? { keptColumn: mapColumn(op.keptColumn, map) } : {}),
  }),
  alterColumn: mapAlterColumn,
};

const KEY_NAME_MAPPERS: Mappers<KeyOperation> = {
  addConstraint: (op, map) => ({ ...op, schema: map.schema(op.schema), constraint: mapConstraint(op.constraint, map) }),
  dropConstraint: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.removed ? { removed: mapConstraint(op.removed, map) } : {}),
  }),
  createIndex: (op, map) => ({ ...op, schema: map.schema(op.schema), index: mapIndex(op.index, map) }),
  dropIndex: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.removed ? { removed: mapIndex(op.removed, map) } : {}),
  }),
  renameIndex: schemaOnly,
};

const SECURITY_NAME_MAPPERS: Mappers<SecurityOperation> = {
  setRowLevelSecurity: schemaOnly,
  createPolicy: (op, map) => ({ ...op, schema: map.schema(op.schema), policy: mapPolicy(op.policy, map) }),
  dropPolicy: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    ...(op.removed ? { removed: mapPolicy(op.removed, map) } : {}),
  }),
};

const PARTITION_NAME_MAPPERS: Mappers<PartitionOperation> = {
  attachPartition: mapPartitionOf,
  detachPartition: mapPartitionOf,
  stashRows: mapRowCopy,
  restoreRows: mapRowCopy,
};

const INHERITANCE_NAME_MAPPERS: Mappers<InheritanceOperation> = {
  inheritTable: mapInheritance,
  noInheritTable: mapInheritance,
};

const SQL_NAME_MAPPERS: Mappers<SqlOperation> = {
  executeSql: (op, map) => ({
    ...op,
    sql: map.text(op.sql),
    ...(op.reverseSql !== undefined ? { reverseSql: map.text(op.reverseSql) } : {}),
    ...(op.phases !== undefined
      ? {
          phases: {
            expand: map.text(op.phases.expand),
            contract: map.text(op.phases.contract),
            ...(op.phases.abort !== undefined ? { abort: map.text(op.phases.abort) } : {}),
          },
        }
      : {}),
  }),
};

/** The table moves with its schema; `set` and `where` are SQL text over the row, mapped as text. */
const BACKFILL_NAME_MAPPERS: Mappers<BackfillOperation> = {
  backfill: (op, map) => ({
    ...op,
    schema: map.schema(op.schema),
    set: Object.fromEntries(Object.entries(op.set).map(([column, expression]) => [column, map.text(expression)])),
    ...(op.where !== undefined ? { where: map.text(op.where) } : {}),
  }),
};

/** One name mapper per operation kind, from the families' tables. */
const NAME_MAPPERS: NameMappers<OperationKind> = {
  ...SCHEMA_NAME_MAPPERS,
  ...RENAME_NAME_MAPPERS,
  ...ENUM_NAME_MAPPERS,
  ...TABLE_NAME_MAPPERS,
  ...COLUMN_NAME_MAPPERS,
  ...KEY_NAME_MAPPERS,
  ...SECURITY_NAME_MAPPERS,
  ...PARTITION_NAME_MAPPERS,
  ...INHERITANCE_NAME_MAPPERS,
  ...OBJECT_FAMILY_NAME_MAPPERS,
  ...SQL_NAME_MAPPERS,
  ...BACKFILL_NAME_MAPPERS,
};

function mapPartitionOf<T extends Extract<Operation, { kind: 'attachPartition' | 'detachPartition' }>>(
  op: T,
  map: NameMapper,
): T {
  const partitionOf = {
    ...op.partitionOf,
    schema: map.schema(op.partitionOf.schema),
    bound: map.text(op.partitionOf.bound),
  };
  return { ...op, schema: map.schema(op.schema), partitionOf };
}

/** Tables named by schema and name, each moved into the tenant's schema. */
function mapTables(tables: readonly InheritedTableModel[], map: NameMapper): InheritedTableModel[] {
  return tables.map((t) => ({ ...t, schema: map.schema(t.schema) }));
}

function mapInheritance<T extends Extract<Operation, { kind: 'inheritTable' | 'noInheritTable' }>>(
  op: T,
  map: NameMapper,
): T {
  return { ...op, schema: map.schema(op.schema), parent: { ...op.parent, schema: map.schema(op.parent.schema) } };
}

function mapAlterColumn(op: Extract<Operation, { kind: 'alterColumn' }>, map: NameMapper): Operation {
  const change = (c: NonNullable<typeof op.from>): typeof c => {
    const mapped = { ...c };
    if (typeof c.type === 'string') mapped.type = map.text(c.type);
    if (typeof c.default === 'string') mapped.default = map.text(c.default);
    if (typeof c.collation === 'string') mapped.collation = map.text(c.collation);
    if (typeof c.generated === 'string') mapped.generated = map.text(c.generated);
    return mapped;
  };
  return {
    ...op,
    schema: map.schema(op.schema),
    to: change(op.to),
    ...(op.from ? { from: change(op.from) } : {}),
    ...(op.using !== undefined ? { using: map.text(op.using) } : {}),
    ...(op.down !== undefined ? { down: map.text(op.down) } : {}),
  };
}

function mapConstraint(constraint: ConstraintModel, map: NameMapper): ConstraintModel {
  switch (constraint.type) {
    case 'foreignKey':
      return { ...constraint, refSchema: map.schema(constraint.refSchema) };
    case 'check':
      return { ...constraint, ...mapCheck(constraint, map) };
    case 'exclusion':
      return { ...constraint, definition: map.text(constraint.definition) };
    case 'primaryKey':
    case 'unique':
      return { ...constraint };
    default:
      return assertNever(constraint, 'constraint');
  }
}

function enumUse(use: EnumColumnUse, map: NameMapper): EnumColumnUse {
  return {
    ...use,
    schema: map.schema(use.schema),
    type: map.text(use.type),
    ...(use.default ? { default: { from: nullable(use.default.from, map), to: nullable(use.default.to, map) } } : {}),
  };
}

function mapPolicy(policy: PolicyModel, map: NameMapper): PolicyModel {
  return { ...policy, using: nullable(policy.using, map), withCheck: nullable(policy.withCheck, map) };
}

function mapRowCopy<T extends Extract<Operation, { kind: 'stashRows' | 'restoreRows' }>>(op: T, map: NameMapper): T {
  return {
    ...op,
    schema: map.schema(op.schema),
    ...(op.asText ? { asText: op.asText.map((c) => ({ ...c, type: map.text(c.type) })) } : {}),
    ...(op.casts ? { casts: op.casts.map((c) => ({ ...c, type: map.text(c.type) })) } : {}),
    ...(op.keptPartitions
      ? { keptPartitions: op.keptPartitions.map((p) => ({ ...p, schema: map.schema(p.schema) })) }
      : {}),
  };
}

function nullable(value: string | null, map: NameMapper): string | null {
  return value === null ? null : map.text(value);
}
