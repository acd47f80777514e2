import type { ColumnOverrideModel, PolicyCommand, PolicyModel, TableModel } from '../../model.js';
import { columnWhere, defaultSql } from '../columns/column-model.js';
import { invalidModel } from '../invalid-model.js';
import { truncateIdentifier } from '../../naming.js';
import type { PolicyDef } from './security.js';
import { storageParameters } from './table-attributes.js';
import type { AnyTable } from './table.js';

/**
 * The row-level security, policies and partitioning of a table as model
 * fields, each set only when it is not the default, as reflection reads it.
 */

type TableFeatures = Pick<
  TableModel,
  | 'rowLevelSecurity'
  | 'unlogged'
  | 'with'
  | 'replicaIdentity'
  | 'clusterOn'
  | 'policies'
  | 'partitionBy'
  | 'partitionOf'
  | 'columnOverrides'
  | 'indexNames'
  | 'indexStorage'
  | 'inherits'
> & {
  columns?: [];
};

const COMMANDS: Readonly<Record<string, PolicyCommand>> = {
  all: 'ALL',
  select: 'SELECT',
  insert: 'INSERT',
  update: 'UPDATE',
  delete: 'DELETE',
};

/**
 * The fields to set on the table's model; a partition's columns are its
 * parent's, so it lists none, only the defaults and NOT NULL of its own.
 */
export function tableFeatureFields(table: AnyTable, tables: readonly AnyTable[]): TableFeatures {
  const where = `table ${table.schema}.${table.name}`;
  const { rowLevelSecurity, policies, partitionBy, unlogged, replicaIdentity, clusterOn } = table.options;
  const parameters = storageParameters(table.options.with);
  return {
    ...(unlogged === true ? { unlogged: true } : {}),
    ...(parameters !== undefined ? { with: parameters } : {}),
    ...replicaIdentityField(where, replicaIdentity),
    ...clusterOnField(where, clusterOn),
    ...(rowLevelSecurity?.enabled === true || rowLevelSecurity?.forced === true
      ? { rowLevelSecurity: { enabled: rowLevelSecurity.enabled === true, forced: rowLevelSecurity.forced === true } }
      : {}),
    ...(policies !== undefined && policies.length > 0 ? { policies: policyModels(where, policies) } : {}),
    ...(partitionBy !== undefined ? { partitionBy: partitionBy.text } : {}),
    ...partitionFields(table, tables, where),
    ...inheritsFields(table, tables, where),
  };
}

/** `replicaIdentity` as the model holds it: nothing for the default. */
function replicaIdentityField(where: string, option: AnyTable['options']['replicaIdentity']): TableFeatures {
  if (option === undefined || option === 'default') return {};
  if (option === 'full' || option === 'nothing') return { replicaIdentity: option };
  if (typeof option === 'object' && typeof option.index === 'string' && option.index !== '')
    return { replicaIdentity: { index: truncateIdentifier(option.index) } };
  throw invalidModel(where, "replicaIdentity is 'default', 'full', 'nothing' or { index: 'name' }");
}

/** `clusterOn` as the model holds it: an index's name, as Postgres truncates it. */
function clusterOnField(where: string, option: AnyTable['options']['clusterOn']): TableFeatures {
  if (option === undefined) return {};
  if (typeof option === 'string' && option !== '') return { clusterOn: truncateIdentifier(option) };
  throw invalidModel(where, "clusterOn is an index's or key's name");
}

const tableSets = new WeakMap<readonly AnyTable[], ReadonlySet<AnyTable>>();

/**
 * The metadata's tables as a set, made once per list (and again when tables
 * were declared since): each partition and child looks its parent up.
 */
function declaredTables(tables: readonly AnyTable[]): ReadonlySet<AnyTable> {
  let set = tableSets.get(tables);
  if (set === undefined || set.size !== tables.length) {
    set = new Set(tables);
    tableSets.set(tables, set);
  }
  return set;
}

/** The tables a table inherits from (`inherits`); nothing when it names none. */
function inheritsFields(table: AnyTable, tables: readonly AnyTable[], where: string): TableFeatures {
  const parents = table.options.inherits ?? [];
  if (parents.length === 0) return {};
  if (table.options.partitionOf !== undefined)
    throw invalidModel(where, 'a partition cannot inherit; remove `inherits`');
  if (table.options.partitionBy !== undefined)
    throw invalidModel(where, 'a partitioned table cannot inherit; remove `inherits` or `partitionBy`');
  for (const parent of parents) {
    if (!declaredTables(tables).has(parent))
      throw invalidModel(
        where,
        'inherits from a table that is not in this metadata; declare the parent with metadata.table()',
      );
    if (parent === table) throw invalidModel(where, 'inherits from itself; remove it from `inherits`');
  }
  return { inherits: parents.map((parent) => ({ schema: parent.schema, table: parent.name })) };
}

/** A partition's parent and bound, its (empty) columns, its column overrides and index names; nothing for other tables. */
function partitionFields(table: AnyTable, tables: readonly AnyTable[], where: string): TableFeatures {
  const { partitionOf } = table.options;
  if (partitionOf === undefined) return {};
  if (!declaredTables(tables).has(partitionOf.table)) {
    throw invalidModel(
      where,
      'is a partition of a table that is not in this metadata; declare the parent with metadata.table()',
    );
  }
  const overrides = columnOverrides(table);
  const indexNames = Object.entries(partitionOf.indexNames ?? {})
    .map(([parentIndex, name]) => ({ parentIndex, name }))
    .sort((a, b) => (a.parentIndex < b.parentIndex ? -1 : a.parentIndex > b.parentIndex ? 1 : 0));
  const indexStorage = Object.entries(partitionOf.indexStorage ?? {})
    .map(([parentIndex, parameters]) => ({ parentIndex, with: storageParameters(parameters) ?? {} }))
    .sort((a, b) => (a.parentIndex < b.parentIndex ? -1 : a.parentIndex > b.parentIndex ? 1 : 0));
  return {
    partitionOf: {
      schema: partitionOf.table.schema,
      table: partitionOf.table.name,
      bound: partitionOf.bound.text,
    },
    columns: [],
    ...(overrides.length > 0 ? { columnOverrides: overrides } : {}),
    ...(indexNames.length > 0 ? { indexNames } : {}),
    ...(indexStorage.length > 0 ? { indexStorage } : {}),
  };
}

/** The `columns` option of `metadata.partition()` as overrides, sorted by column name. */
function columnOverrides(table: AnyTable): ColumnOverrideModel[] {
  const given = table.options.partitionOf?.columns ?? {};
  const overrides: ColumnOverrideModel[] = [];
  for (const name of Object.keys(given).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const option = given[name];
    const where = columnWhere(table.schema, table.name, name);
    const column = Object.prototype.hasOwnProperty.call(table.columns, name) ? table.columns[name] : undefined;
    if (column === undefined)
      throw invalidModel(where, 'the parent has no such column; name one of its columns in `columns`');
    if (option === undefined) continue;
    const { spec } = column.builder;
    if (option.default !== undefined && (spec.identity !== null || (spec.generated ?? null) !== null)) {
      throw invalidModel(
        where,
        "a partition keeps the default of an identity or generated column; remove this column's `default`",
      );
    }
    const override: ColumnOverrideModel = {
      name,
      ...(option.default !== undefined
        ? { default: option.default === null ? null : defaultSql(where, option.default, spec) }
        : {}),
      ...(option.notNull === true ? { notNull: true } : {}),
      ...(option.notNullName !== undefined ? { notNullName: truncateIdentifier(option.notNullName) } : {}),
    };
    if (override.default !== undefined || override.notNull !== undefined || override.notNullName !== undefined)
      overrides.push(override);
  }
  return overrides;
}

function policyModels(where: string, defs: readonly PolicyDef[]): PolicyModel[] {
  const seen = new Set<string>();
  return defs
    .map((def) => {
      if (def.name === '') throw invalidModel(where, 'a policy has an empty name');
      if (seen.has(def.name))
        throw invalidModel(where, `policy "${def.name}" is declared twice; give each policy a distinct name`);
      seen.add(def.name);
      return policyModel(where, def);
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function policyModel(where: string, def: PolicyDef): PolicyModel {
  const { options } = def;
  const command = COMMANDS[(options.for ?? 'all').toLowerCase()];
  if (command === undefined) {
    throw invalidModel(
      where,
      `policy "${def.name}": unknown command '${String(options.for)}'; use all, select, insert, update or delete`,
    );
  }
  const given = options.to === undefined ? ['public'] : typeof options.to === 'string' ? [options.to] : [...options.to];
  const roles = [...new Set(given.map((role) => (role.toLowerCase() === 'public' ? 'public' : role)))].sort();
  return {
    name: def.name,
    permissive: options.as !== 'restrictive',
    command,
    roles,
    using: options.using?.text ?? null,
    withCheck: options.withCheck?.text ?? null,
  };
}
