import { hazard, identityHazards, LOCK, mapIdentityRefusals, tableOf } from '../hazard-codes.js';
import { dropsNamed, HARMLESS, irreversible, RANK, removedOf, schemaOnly, type FamilySpecs } from './spec.js';
import {
  columnMakes,
  columnUses,
  footprintOf,
  foreignKeyUses,
  onTable,
  relationAndType,
  thing,
  type Thing,
} from '../things.js';
import { mapTable } from '../../schema/names/map-model-names.js';
import type { IdentityRefusal, ReplicaIdentityModel, TableModel } from '../../schema/model.js';

/** Tables as a whole: created, dropped, logged or not, their storage parameters (and their indexes'). */
export type TableOperation = Readonly<
  /** `unidentified`: the `replica-identity` hazard (`IdentityRefusal`). */
  | { kind: 'createTable'; table: TableModel; unidentified?: readonly IdentityRefusal[] }
  | {
      kind: 'dropTable';
      schema: string;
      name: string;
      removed?: TableModel;
      /** The holding table (in `schema`) its rows are kept in while it is rebuilt; set by the comparator. */
      rowsKeptIn?: string;
      /**
       * The parent a partition is detached from before the drop: a foreign key referencing the parent
       * references the partition too, and the detach lets it go where the drop would be refused.
       */
      detachFrom?: { schema: string; table: string };
    }
  | { kind: 'setUnlogged'; schema: string; table: string; unlogged: boolean }
  /**
   * `ALTER TABLE ... REPLICA IDENTITY ...`: `to` and `from` null for
   * `DEFAULT`; `from` is the identity before, needed to reverse it.
   */
  | {
      kind: 'setReplicaIdentity';
      schema: string;
      table: string;
      to: ReplicaIdentityModel | null;
      from?: ReplicaIdentityModel | null;
      /** The `replica-identity` hazard (`IdentityRefusal`). */
      unidentified?: readonly IdentityRefusal[];
    }
  /**
   * `ALTER TABLE ... CLUSTER ON index` / `SET WITHOUT CLUSTER` (`to` null): the
   * index `CLUSTER` uses by default; `from` is the one before, needed to reverse it.
   */
  | { kind: 'setClusterOn'; schema: string; table: string; to: string | null; from?: string | null }
  /**
   * `ALTER TABLE ... SET (name = value)` / `RESET (name)` (a null value), or
   * `ALTER INDEX` when `index` names one of the table's indexes. `from`
   * holds the same names before, null for unset; needed to reverse it.
   */
  | {
      kind: 'setStorageParameters';
      schema: string;
      table: string;
      index?: string;
      to: Readonly<Record<string, string | null>>;
      from?: Readonly<Record<string, string | null>>;
    }
>;

export type Op<K extends TableOperation['kind']> = Extract<TableOperation, { kind: K }>;

declare module '../operation.js' {
  interface OperationFamilies {
    readonly tables: TableOperation;
  }
}

export const TABLE_SPECS: FamilySpecs<TableOperation['kind']> = {
  createTable: {
    summary:
      'Creates a table with its columns, keys, checks, indexes and options. `unidentified` names the publications that would send its updates or deletes it cannot serve (the hazard); it changes no SQL.',
    destructive: () => false,
    hazards: (op) => identityHazards(op.unidentified),
    describe: (op) => `create table ${op.table.schema}.${op.table.name}`,
    reverse: (op) => ({
      kind: 'dropTable',
      schema: op.table.schema,
      name: op.table.name,
      removed: op.table,
      ...detachedFrom(op.table),
    }),
    footprint: (op) => footprintOf({ makes: tableMakes(op.table), needs: tableUses(op.table) }),
    example: {
      table: {
        schema: 'public',
        name: 'users',
        columns: [
          { name: 'id', type: 'bigint', nullable: false, identity: { always: true } },
          { name: 'email', type: 'text', nullable: false },
          { name: 'created_at', type: 'timestamp with time zone', nullable: false, default: 'now()' },
        ],
        primaryKey: { name: 'users_pkey', columns: ['id'] },
        uniques: [{ name: 'users_email_key', columns: ['email'] }],
        indexes: [{ name: 'users_created_at_idx', columns: [{ column: 'created_at' }] }],
      },
    },
    tieBreak: (op) => [RANK.first, op.table.schema, op.table.name],
    mapNames: (op, map) => ({ ...op, table: mapTable(op.table, map), ...mapIdentityRefusals(op.unidentified, map) }),
  },
  dropTable: {
    drops: dropsNamed('table'),
    summary: 'Drops a table and its rows; a partition is detached from its parent first (`detachFrom`).',
    unrendered: ['removed'],
    describe: describeDropTable,
    reverse: (op) => ({ kind: 'createTable', table: removedOf(describeDropTable(op), op.removed) }),
    destructive: () => true,
    loss: (op) =>
      op.rowsKeptIn === undefined ? 'data in it is lost' : 'values of columns the new table lacks are lost',
    lossCode: 'drop-table',
    hazards: (op) =>
      op.rowsKeptIn === undefined
        ? [hazard('table-dropped', `the running application still uses ${op.schema}.${op.name}`, tableOf(op))]
        : [],
    footprint: (op) =>
      footprintOf({
        removes: op.removed === undefined ? relationAndType(op.schema, op.name) : tableMakes(op.removed),
        releases: [
          ...(op.removed === undefined ? [thing.schema(op.schema)] : tableUses(op.removed)),
          ...(op.detachFrom === undefined ? [] : [thing.relation(op.detachFrom.schema, op.detachFrom.table)]),
        ],
      }),
    example: { schema: 'public', name: 'users' },
    tieBreak: (op) => [RANK.first, op.schema, op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapTable(op.removed, map) } : {}),
      ...(op.detachFrom ? { detachFrom: { ...op.detachFrom, schema: map.schema(op.detachFrom.schema) } } : {}),
    }),
  },
  setUnlogged: {
    summary: 'Makes a table unlogged or logged again (a rewrite).',
    describe: (op) => `set table ${op.schema}.${op.table} ${op.unlogged ? 'unlogged' : 'logged'}`,
    reverse: (op) => ({ ...op, unlogged: !op.unlogged }),
    destructive: () => false,
    hazards: (op) => [
      hazard(
        'access-exclusive',
        `setting ${op.schema}.${op.table} ${op.unlogged ? 'UNLOGGED' : 'LOGGED'} ${LOCK}`,
        tableOf(op),
      ),
      hazard(
        'set-logged',
        `SET ${op.unlogged ? 'UNLOGGED' : 'LOGGED'} rewrites ${op.schema}.${op.table}${op.unlogged ? '' : ' and writes all of it to the write-ahead log'}`,
        tableOf(op),
      ),
    ],
    footprint: onTable,
    example: { schema: 'public', table: 'page_views', unlogged: true },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '3'],
    mapNames: schemaOnly,
  },
  setReplicaIdentity: {
    summary:
      "Sets what logical replication writes of a table's old rows (`REPLICA IDENTITY`). `unidentified` as `createTable`'s.",
    destructive: () => false,
    hazards: (op) => identityHazards(op.unidentified),
    describe: describeReplicaIdentity,
    reverse: (op) => {
      if (op.from === undefined)
        throw irreversible(describeReplicaIdentity(op), 'it does not say what the identity was before (from)');
      return { kind: 'setReplicaIdentity', schema: op.schema, table: op.table, to: op.from, from: op.to };
    },
    footprint: (op) =>
      footprintOf({
        needs: [
          thing.relation(op.schema, op.table),
          ...(op.to !== null && typeof op.to === 'object' ? [thing.index(op.schema, op.to.index)] : []),
        ],
      }),
    example: { schema: 'public', table: 'page_views', to: 'full', from: null },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '4'],
    mapNames: (op, map) => ({ ...schemaOnly(op, map), ...mapIdentityRefusals(op.unidentified, map) }),
  },
  setClusterOn: {
    summary:
      'Marks the index `CLUSTER` orders a table or materialized view by when it names none (`CLUSTER ON`), or unmarks it (`SET WITHOUT CLUSTER`).',
    ...HARMLESS,
    describe: describeClusterOn,
    reverse: (op) => {
      if (op.from === undefined)
        throw irreversible(describeClusterOn(op), 'it does not say which index was marked before (from)');
      return { kind: 'setClusterOn', schema: op.schema, table: op.table, to: op.from, from: op.to };
    },
    footprint: (op) =>
      footprintOf({
        needs: [thing.relation(op.schema, op.table), ...(op.to === null ? [] : [thing.index(op.schema, op.to)])],
      }),
    example: { schema: 'public', table: 'orders', to: 'orders_customer_id_idx', from: null },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '4'],
    mapNames: schemaOnly,
  },
  setStorageParameters: {
    summary: "Sets or resets a table's storage parameters (`fillfactor`, `autovacuum_*`, `toast.*`).",
    ...HARMLESS,
    describe: describeStorageParameters,
    reverse: (op) => {
      const { from } = op;
      if (from === undefined || Object.keys(op.to).some((name) => !(name in from)))
        throw irreversible(describeStorageParameters(op), 'from does not give every parameter before');
      return { ...op, to: { ...from }, from: { ...op.to } };
    },
    footprint: onTable,
    example: {
      schema: 'public',
      table: 'events',
      to: { fillfactor: '70', autovacuum_enabled: null },
      from: { fillfactor: null, autovacuum_enabled: 'off' },
    },
    tieBreak: (op) => [RANK.second, op.schema, op.table, '5', op.index ?? ''],
    mapNames: schemaOnly,
  },
};

/** `set replica identity of public.items: default -> full`. */
function describeReplicaIdentity(op: Op<'setReplicaIdentity'>): string {
  const text = (identity: ReplicaIdentityModel | null): string =>
    identity === null ? 'default' : typeof identity === 'string' ? identity : `using index ${identity.index}`;
  const from = op.from === undefined ? '' : `${text(op.from)} -> `;
  return `set replica identity of ${op.schema}.${op.table}: ${from}${text(op.to)}`;
}

function describeClusterOn(op: Op<'setClusterOn'>): string {
  const text = (index: string | null): string => index ?? 'none';
  const from = op.from === undefined ? '' : `${text(op.from)} -> `;
  return `set cluster index of ${op.schema}.${op.table}: ${from}${text(op.to)}`;
}

/** A partition's drop detaches it from its parent first (`detachFrom`); nothing for another table. */
export function detachedFrom(table: TableModel): { detachFrom?: { schema: string; table: string } } {
  const parent = table.partitionOf;
  return parent === undefined ? {} : { detachFrom: { schema: parent.schema, table: parent.table } };
}

function describeDropTable(op: Op<'dropTable'>): string {
  if (op.rowsKeptIn === undefined) return `drop table ${op.schema}.${op.name}`;
  return `drop table ${op.schema}.${op.name} to rebuild it (its rows are kept in ${op.schema}.${op.rowsKeptIn})`;
}

/** `set storage parameters of index public.users_name_idx: fillfactor 100 -> 90, fastupdate off -> (default)`. */
function describeStorageParameters(op: Op<'setStorageParameters'>): string {
  const what = op.index === undefined ? `table ${op.schema}.${op.table}` : `index ${op.schema}.${op.index}`;
  const value = (v: string | null | undefined): string | undefined =>
    v === undefined ? undefined : (v ?? '(default)');
  // All are set again to keep their order; those that keep their value are left out.
  const parts = Object.entries(op.to).flatMap(([name, to]) => {
    const before = value(op.from?.[name]);
    const after = value(to)!;
    if (before === after) return [];
    return [`${name} ${before === undefined ? after : `${before} -> ${after}`}`];
  });
  return `set storage parameters of ${what}: ${parts.join(', ')}`;
}

/**
 * What a table uses: its schema, the types and sequences of its columns, its
 * parents, and what its foreign keys reference (a key to its own partitioned
 * parent, which every partition has, waits for no partitions).
 */
function tableUses(table: TableModel): Thing[] {
  const { schema, name, partitionOf } = table;
  const parent = partitionOf === undefined ? [] : [thing.relation(partitionOf.schema, partitionOf.table)];
  const keys = table.foreignKeys.flatMap((key) =>
    partitionOf !== undefined && key.refSchema === partitionOf.schema && key.refTable === partitionOf.table
      ? parent
      : foreignKeyUses(schema, name, key),
  );
  return [
    thing.schema(schema),
    ...table.columns.flatMap(columnUses),
    ...parent,
    ...parentColumnsNamed(table),
    ...(table.inherits ?? []).map((p) => thing.relation(p.schema, p.table)),
    ...keys,
  ];
}

/**
 * The parent's columns a partition names in its own definition: its own
 * defaults and NOT NULL constraints (`WITH OPTIONS`), its keys, foreign keys
 * and indexes over plain columns. A column the revision adds to the parent
 * (or to a table above it, `dependencyEdges`) is added first.
 */
function parentColumnsNamed(table: TableModel): Thing[] {
  const parent = table.partitionOf;
  if (parent === undefined) return [];
  const names = new Set([
    ...(table.columnOverrides ?? []).map((override) => override.name),
    ...(table.primaryKey?.columns ?? []),
    ...table.uniques.flatMap((key) => key.columns),
    ...table.foreignKeys.flatMap((key) => key.columns),
    ...table.indexes.flatMap((index) => index.columns.flatMap((key) => ('column' in key ? [key.column] : []))),
  ]);
  return [...names].map((name) => thing.column(parent.schema, parent.table, name));
}

/** What a table makes: itself, its row type, the sequences of its serial columns, and one of its parent's partitions. */
function tableMakes(table: TableModel): Thing[] {
  const { schema, name } = table;
  return [
    ...relationAndType(schema, name),
    ...table.columns.flatMap((column) => columnMakes(schema, name, column)),
    ...(table.partitionOf === undefined ? [] : [thing.partitions(table.partitionOf.schema, table.partitionOf.table)]),
  ];
}
