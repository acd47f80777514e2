import type { ColumnModel, InheritedTableModel, SchemaModel, TableModel } from './model.js';
import { qualifiedKey } from './model.js';
import { idKind, idNameKey, objectId, tableId, type ObjectId, type ObjectKind } from './object-id.js';
import { compareText } from '../util/strings.js';
import { modelObjectsById } from './model-kinds.js';
import { serialDefault } from './naming.js';
import { SERIAL_BASE_TYPES } from './types.js';

/**
 * A read-only index over one side of a comparison, built once per list of
 * tables or per model and kept with it: tables by key, a partition's parent,
 * its ancestors and its root, the partitions of a table, a table's effective
 * columns, and every object of a model by its `ObjectId`. Nothing here
 * changes a model; code that asks where a partition's columns are, or which
 * table sits above it, asks this instead of walking `partitionOf` itself.
 */

/** Deepest chain of partitions followed; guards against a cycle in a broken model. */
const MAX_DEPTH = 64;

/** A list of tables, indexed: what the comparison asks of one side's tables. */
export interface TableIndex {
  readonly tables: readonly TableModel[];
  /** The table of that `qualifiedKey(schema, name)`. */
  get(key: string): TableModel | undefined;
  /** The key of the table a partition belongs to, whether that table is on this side or not. */
  parentKey(table: TableModel): string | undefined;
  parentOf(table: TableModel): TableModel | undefined;
  /**
   * The keys of the tables above a partition, its parent first; the last may
   * name a table this side does not have. Empty for a table that is no partition.
   */
  ancestorKeys(table: TableModel): readonly string[];
  /** The table at the top of a partition's tree (the table itself when it is no partition), if this side has it. */
  root(table: TableModel): TableModel | undefined;
  /** The partitions directly under a table, in list order. */
  partitionsOf(table: { schema: string; name: string }): readonly TableModel[];
  /**
   * A table's columns as they are: a partition's are its root's, with the
   * DEFAULT and NOT NULL of each partition on the way down applied (a serial
   * column spelled out: `fixedDefault`); none when the root is not on this side.
   */
  effectiveColumns(table: TableModel): readonly ColumnModel[];
}

const tableIndexes = new WeakMap<readonly TableModel[], TableIndex>();

/** Whether a table is under the same parent on both sides (a partition that stays where it is), or under none on both. */
export function sameParent(before: TableModel, after: TableModel): boolean {
  return (
    before.partitionOf?.schema === after.partitionOf?.schema && before.partitionOf?.table === after.partitionOf?.table
  );
}

/** The index of a list of tables, built on first use and kept while the list lives. */
export function tableIndex(tables: readonly TableModel[]): TableIndex {
  let index = tableIndexes.get(tables);
  if (index === undefined) {
    index = new TablesIndexed(tables);
    tableIndexes.set(tables, index);
  }
  return index;
}

/**
 * What a table gives the tables that inherit from it (`INHERITS`): `own` of each table up its parents,
 * those it inherits first, then its own, each name once. `tableOf` finds a parent among the tables;
 * one not found gives nothing, and each is visited once (`seen`).
 */
export function inheritedFrom<T extends { name: string }>(
  tableOf: (parent: InheritedTableModel) => TableModel | undefined,
  parent: InheritedTableModel,
  own: (table: TableModel) => readonly T[],
  seen: Set<string> = new Set(),
): T[] {
  const key = qualifiedKey(parent.schema, parent.table);
  const table = tableOf(parent);
  if (table === undefined || seen.has(key)) return [];
  seen.add(key);
  const found = new Map<string, T>();
  for (const item of [...(table.inherits ?? []).flatMap((p) => inheritedFrom(tableOf, p, own, seen)), ...own(table)])
    if (!found.has(item.name)) found.set(item.name, item);
  return [...found.values()];
}

/**
 * Whether Postgres keeps the parent's default on a partition's column
 * (identity, generated). A serial column is spelled out on a partition
 * (`effectiveColumns`): its default is the parent's `nextval(...)`, which
 * the partition may drop or replace as any other.
 */
export function fixedDefault(column: ColumnModel): boolean {
  return column.identity !== null || column.generated !== undefined;
}

/**
 * A serial column of `table` spelled out, as a partition of it has it: the plain integer type and the
 * default `serial` gives. Any other column is returned as it is.
 */
export function spelledSerial(table: TableModel, column: ColumnModel): ColumnModel {
  const base = SERIAL_BASE_TYPES[column.type];
  if (base === undefined) return column;
  return { ...column, type: base, default: serialDefault(table.schema, table.name, column.name) };
}

class TablesIndexed implements TableIndex {
  private readonly byKey: Map<string, TableModel>;
  private children: Map<string, TableModel[]> | undefined;
  private readonly ancestors = new Map<TableModel, readonly string[]>();
  private readonly columns = new Map<TableModel, readonly ColumnModel[]>();

  constructor(readonly tables: readonly TableModel[]) {
    this.byKey = new Map(tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  }

  get(key: string): TableModel | undefined {
    return this.byKey.get(key);
  }

  parentKey(table: TableModel): string | undefined {
    const parent = table.partitionOf;
    return parent === undefined ? undefined : qualifiedKey(parent.schema, parent.table);
  }

  parentOf(table: TableModel): TableModel | undefined {
    const key = this.parentKey(table);
    return key === undefined ? undefined : this.byKey.get(key);
  }

  ancestorKeys(table: TableModel): readonly string[] {
    let keys = this.ancestors.get(table);
    if (keys === undefined) {
      const found: string[] = [];
      const seen = new Set([qualifiedKey(table.schema, table.name)]);
      for (let at: TableModel | undefined = table; at !== undefined && found.length < MAX_DEPTH;) {
        const key = this.parentKey(at);
        if (key === undefined || seen.has(key)) break;
        found.push(key);
        seen.add(key);
        at = this.byKey.get(key);
      }
      keys = found;
      this.ancestors.set(table, keys);
    }
    return keys;
  }

  root(table: TableModel): TableModel | undefined {
    const keys = this.ancestorKeys(table);
    return keys.length === 0 ? table : this.byKey.get(keys[keys.length - 1]!);
  }

  partitionsOf(table: { schema: string; name: string }): readonly TableModel[] {
    this.children ??= childrenOf(this.tables);
    return this.children.get(qualifiedKey(table.schema, table.name)) ?? [];
  }

  effectiveColumns(table: TableModel): readonly ColumnModel[] {
    if (table.partitionOf === undefined) return table.columns;
    let columns = this.columns.get(table);
    if (columns === undefined) {
      columns = this.columnsDown(table);
      this.columns.set(table, columns);
    }
    return columns;
  }

  /** The root's columns, with the overrides of each partition from the root down to `table` applied. */
  private columnsDown(table: TableModel): readonly ColumnModel[] {
    const keys = this.ancestorKeys(table);
    const root = this.byKey.get(keys[keys.length - 1]!);
    if (root === undefined || root.partitionOf !== undefined) return [];
    const below = [
      ...keys
        .slice(0, -1)
        .map((key) => this.byKey.get(key)!)
        .reverse(),
      table,
    ];
    return below.reduce(
      (columns, partition) => withOverrides(columns, partition),
      root.columns.map((column): ColumnModel => spelledSerial(root, column)) as readonly ColumnModel[],
    );
  }
}

function childrenOf(tables: readonly TableModel[]): Map<string, TableModel[]> {
  const children = new Map<string, TableModel[]>();
  for (const table of tables) {
    if (table.partitionOf === undefined) continue;
    const key = qualifiedKey(table.partitionOf.schema, table.partitionOf.table);
    const list = children.get(key);
    if (list === undefined) children.set(key, [table]);
    else list.push(table);
  }
  return children;
}

function withOverrides(columns: readonly ColumnModel[], table: TableModel): readonly ColumnModel[] {
  if (table.columnOverrides === undefined) return columns;
  const overrides = new Map(table.columnOverrides.map((o) => [o.name, o]));
  return columns.map((column) => {
    const override = overrides.get(column.name);
    if (override === undefined) return column;
    const ownDefault = override.default !== undefined && !fixedDefault(column);
    const nullable = override.notNull === true ? false : column.nullable;
    return { ...column, nullable, default: ownDefault ? (override.default ?? null) : column.default };
  });
}

/**
 * What uses what on one side: the dependencies the server recorded for a
 * live database (`SchemaModel.dependencies`, `pg_depend`), by the object that
 * uses, and the columns each partition key uses, as a use by its table
 * (`TableModel.partitionKeyColumns`, which reflection reads with the tables
 * on both sides). A model without them (built from code) knows of none.
 */
export interface Dependents {
  /** What uses `on`, in the order the dependencies are listed (in id order where a partition key is among them). */
  usersOf(on: ObjectId): readonly ObjectId[];
}

/** A model, indexed: its tables, every object it has by `ObjectId`, and what uses what. */
interface ModelIndex extends TableIndex, Dependents {
  readonly model: SchemaModel;
  /** The object of that id: a model object, or a column. */
  object(id: ObjectId): unknown;
  has(id: ObjectId): boolean;
}

const modelIndexes = new WeakMap<SchemaModel, ModelIndex>();

/** Questions of what uses what asked so far of models that have not read it (`unanswered`). */
let unansweredQuestions = 0;

/**
 * How many questions of what uses what have been asked, since the process
 * started, of models whose `dependencies` were not read, or were read for
 * other tables than the one the question is about (`dependencyTables`). A
 * computation that asked none between two calls gives the same result for
 * a model that has them all: it never looked.
 */
export function unanswered(): number {
  return unansweredQuestions;
}

/** What the uses of a side are read from. */
type Uses = Pick<SchemaModel, 'dependencies' | 'dependencyTables' | 'tables'>;

const dependentsIndexes = new WeakMap<Uses, Dependents>();

/**
 * What uses what on a side, for code that holds only part of a model (the
 * same object as a whole model's: `modelIndex` asks it too), built on first
 * use and kept while the model lives.
 */
export function dependentsOf(model: Uses): Dependents {
  let dependents = dependentsIndexes.get(model);
  if (dependents === undefined) {
    const answers = answered(model);
    let users: Map<ObjectId, ObjectId[]> | undefined;
    dependents = {
      usersOf: (id: ObjectId): readonly ObjectId[] => {
        if (!answers(id)) unansweredQuestions++;
        return (users ??= usersByObject(model)).get(id) ?? [];
      },
    };
    dependentsIndexes.set(model, dependents);
  }
  return dependents;
}

/**
 * Whether the side's reading of what uses what answers for `id`: it read
 * it, for every table or for the table of a column or key `id` names (the
 * reading's only uses that depend on the table: `USES_SQL`).
 */
function answered(model: Uses): (id: ObjectId) => boolean {
  if (model.dependencies === undefined) return () => false;
  if (model.dependencyTables === undefined) return () => true;
  const tables = new Set(model.dependencyTables);
  return (id) => !TABLE_PART_KINDS.has(idKind(id)) || tables.has(idNameKey(id));
}

/** The kinds of what is used that the reading of what uses what finds by table. */
const TABLE_PART_KINDS: ReadonlySet<ObjectKind> = new Set<ObjectKind>(['column', 'constraint', 'index']);

/** The index of a model, built on first use and kept while the model lives. */
export function modelIndex(model: SchemaModel): ModelIndex {
  let index = modelIndexes.get(model);
  if (index === undefined) {
    let objects: Map<ObjectId, unknown> | undefined;
    const byId = (): Map<ObjectId, unknown> => (objects ??= objectsById(model));
    const { usersOf } = dependentsOf(model);
    index = Object.assign(Object.create(tableIndex(model.tables)) as TableIndex, {
      model,
      object: (id: ObjectId): unknown => byId().get(id),
      has: (id: ObjectId): boolean => byId().has(id),
      usersOf,
    });
    modelIndexes.set(model, index);
  }
  return index;
}

/**
 * What uses each object, as the model's dependencies list it; a partition
 * key's table joins the users of its columns in id order.
 */
function usersByObject(model: Uses): Map<ObjectId, ObjectId[]> {
  const users = new Map<ObjectId, ObjectId[]>();
  const add = (dependent: ObjectId, on: ObjectId): void => {
    const list = users.get(on);
    if (list === undefined) users.set(on, [dependent]);
    else if (!list.includes(dependent)) list.push(dependent);
  };
  for (const { dependent, on } of model.dependencies ?? []) add(dependent, on);
  const keyed = new Set<ObjectId>();
  for (const table of model.tables) {
    for (const column of table.partitionKeyColumns ?? []) {
      const on = objectId('column', table.schema, table.name, column);
      add(tableId(table), on);
      keyed.add(on);
    }
  }
  for (const on of keyed) users.get(on)!.sort(compareText);
  return users;
}

/** The model's objects by id (`modelObjectsById`), and the columns of each table, its inherited ones among them. */
function objectsById(model: SchemaModel): Map<ObjectId, unknown> {
  const objects = modelObjectsById(model);
  for (const table of model.tables)
    for (const column of tableIndex(model.tables).effectiveColumns(table))
      objects.set(objectId('column', table.schema, table.name, column.name), column);
  return objects;
}
