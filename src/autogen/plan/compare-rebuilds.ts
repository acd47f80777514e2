import type { Operation } from '../../ops/operation.js';
import type { PartitionName, RestoredSequence, RowCopy, TextColumn } from '../../ops/families/row-copy.js';
import { rebuildNote } from '../../ops/families/row-copy.js';
import type { ColumnModel, TableModel } from '../../schema/model.js';
import { makeObjectName } from '../../schema/naming.js';
import { typeUsesEnum } from '../diff/enums/enum-text.js';
import { compareTuples } from '../diff/compare-values.js';
import { qualifiedKey } from '../../schema/model.js';
import { tableIndex, type TableIndex } from '../../schema/model-index.js';
import { plainIntegerType } from '../../schema/types.js';

/**
 * Tables whose partitioning changes (a new partition key, or none on one
 * side, or a new type or collation for a column the key uses), which
 * Postgres cannot alter: each is rebuilt. Its rows are copied
 * to a holding table, it is dropped with its partitions and created again
 * with the new ones, and the rows are inserted back through it.
 */
export interface Rebuilds {
  /**
   * One per rebuilt table with columns to copy (the same names on both sides,
   * not generated), sorted by (schema, name); a table under another rebuilt
   * one goes with it.
   */
  tables: Rebuild[];
  /**
   * Current tables dropped for a rebuild (the rebuilt tables and the
   * partitions under them, unless one leaves by being detached), by key,
   * with the holding table their rows are kept in ('' when none is).
   */
  dropped: Map<string, string>;
  /** Target tables created for a rebuild: the dropped ones the target still has. */
  created: Set<string>;
}

export interface Rebuild {
  current: TableModel;
  target: TableModel;
  /** The `stashRows` payload: its sequences and override are the current table's, for its reverse. */
  stash: RowCopy & { note: string };
  /** The `restoreRows` payload, with the target table's sequences and override. */
  restore: RowCopy;
  /** The columns copied, as each side has them. */
  copied: { current: readonly ColumnModel[]; target: readonly ColumnModel[] };
}

const STASH_LABEL = '_athanor_stash';
const POSITIONS_LABEL = '_athanor_positions';

export function findRebuilds(current: readonly TableModel[], target: readonly TableModel[]): Rebuilds {
  const currentByKey = tableIndex(current);
  const targetByKey = tableIndex(target);
  const changed = sorted(
    target.filter((table) => {
      const previous = currentByKey.get(keyOf(table));
      if (previous === undefined) return false;
      return (
        previous.partitionBy !== table.partitionBy ||
        retypedKeyColumns(previous, table, currentByKey, targetByKey).length > 0
      );
    }),
  );
  // Nothing rebuilt: nothing dropped under it either.
  if (changed.length === 0) return { tables: [], dropped: new Map(), created: new Set() };
  const dropped = new Map<string, string>(changed.map((table) => [keyOf(table), '']));
  for (let grew = true; grew;) {
    grew = false;
    for (const table of sorted(current)) {
      const key = keyOf(table);
      if (dropped.has(key) || !dropped.has(parentKey(table))) continue;
      const next = targetByKey.get(key);
      // A partition that stays out of the rebuilt tree is detached first, with its rows.
      if (next !== undefined && !dropped.has(parentKey(next))) continue;
      dropped.set(key, '');
      grew = true;
    }
  }
  const taken = new Set([...current, ...target].map(keyOf));
  const tables: Rebuild[] = [];
  for (const table of changed) {
    const previous = currentByKey.get(keyOf(table)) as TableModel;
    if (dropped.has(parentKey(previous))) continue;
    const rebuild = rebuildOf(previous, table, { current: currentByKey, target: targetByKey, dropped }, taken);
    if (rebuild.stash.columns.length > 0) tables.push(rebuild);
  }
  markStashes(dropped, tables, current);
  const created = new Set([...dropped.keys()].filter((key) => targetByKey.get(key) !== undefined));
  return { tables, dropped, created };
}

/** Gives each dropped table the holding table of the rebuilt table it sits under. */
function markStashes(dropped: Map<string, string>, tables: readonly Rebuild[], current: readonly TableModel[]): void {
  const currentByKey = tableIndex(current);
  const stashOf = new Map(tables.map((r) => [keyOf(r.current), r.stash.stash]));
  for (const key of dropped.keys()) {
    const table = currentByKey.get(key);
    const up = table === undefined ? [] : [key, ...currentByKey.ancestorKeys(table)];
    const stash = up.map((at) => stashOf.get(at)).find((found) => found !== undefined);
    if (stash !== undefined) dropped.set(key, stash);
  }
}

interface RebuildSides {
  current: TableIndex;
  target: TableIndex;
  /** The current tables dropped for a rebuild, by key. */
  dropped: Map<string, string>;
}

function rebuildOf(current: TableModel, target: TableModel, sides: RebuildSides, taken: Set<string>): Rebuild {
  const before = columnsOf(current, sides.current);
  const after = columnsOf(target, sides.target);
  const plain = (columns: readonly ColumnModel[]): Set<string> =>
    new Set(columns.filter((c) => c.generated === undefined).map((c) => c.name));
  const [kept, wanted] = [plain(before), plain(after)];
  const copied = (columns: readonly ColumnModel[]): ColumnModel[] =>
    columns.filter((c) => kept.has(c.name) && wanted.has(c.name));
  const common = copied(after).map((c) => c.name);
  const stashName = freeStashName(current.schema, current.name, taken, STASH_LABEL);
  const base = { schema: current.schema, table: current.name, stash: stashName, columns: common };
  const why = rebuildReason(current, target, sides.current, sides.target);
  const options = { current: restoreOptions(current, copied(before)), target: restoreOptions(target, copied(after)) };
  const positions = carriedSequences(options.current, options.target)
    ? { positions: freeStashName(current.schema, current.name, taken, POSITIONS_LABEL) }
    : {};
  const casts = castColumns(copied(before), copied(after));
  const side = (table: TableModel, tables: TableIndex, types: TextColumn[]): Partial<RowCopy> => {
    const partitions = keptPartitions(table, tables, sides);
    return {
      ...(types.length > 0 ? { casts: types } : {}),
      ...positions,
      ...(partitions.length > 0 ? { keptPartitions: partitions } : {}),
    };
  };
  return {
    current,
    target,
    stash: {
      ...base,
      ...options.current,
      ...side(current, sides.current, casts.current),
      note: rebuildNote(current.schema, current.name, stashName, why),
    },
    restore: { ...base, ...options.target, ...side(target, sides.target, casts.target) },
    copied: { current: copied(before), target: copied(after) },
  };
}

/** Whether a column has its own sequence on both sides: its position is carried over. */
function carriedSequences(current: Pick<RowCopy, 'sequences'>, target: Pick<RowCopy, 'sequences'>): boolean {
  const columns = new Set((current.sequences ?? []).map((s) => s.column));
  return (target.sequences ?? []).some((s) => columns.has(s.column));
}

/** The copied columns whose type differs between the sides, each with its type on each side. */
function castColumns(
  before: readonly ColumnModel[],
  after: readonly ColumnModel[],
): { current: TextColumn[]; target: TextColumn[] } {
  const previous = new Map(before.map((c) => [c.name, c.type]));
  const retyped = after.filter((c) => plainIntegerType(previous.get(c.name) ?? c.type) !== plainIntegerType(c.type));
  return {
    current: retyped.map((c) => ({ column: c.name, type: plainIntegerType(previous.get(c.name) as string) })),
    target: retyped.map((c) => ({ column: c.name, type: plainIntegerType(c.type) })),
  };
}

/**
 * The partitions right under the rebuilt tree of `root` on one side that are
 * not rebuilt with it: existing tables that are detached from it (current
 * side) or attached to it (target side), and so keep their rows. A partition
 * new on the target side is created with the tree, and dropped by the reverse.
 */
function keptPartitions(root: TableModel, tables: TableIndex, sides: RebuildSides): PartitionName[] {
  const group = new Set([keyOf(root)]);
  const kept: PartitionName[] = [];
  for (let grew = true; grew;) {
    grew = false;
    for (const table of sorted(tables.tables)) {
      const key = keyOf(table);
      if (
        group.has(key) ||
        !group.has(parentKey(table)) ||
        kept.some((p) => keyOf({ schema: p.schema, name: p.table }) === key)
      )
        continue;
      if (!sides.dropped.has(key) && sides.current.get(key) !== undefined)
        kept.push({ schema: table.schema, table: table.name });
      else group.add(key);
      grew = true;
    }
  }
  return kept.sort((a, b) => compareTuples([a.schema, a.table], [b.schema, b.table]));
}

/**
 * The rebuilds with the columns whose type (on either side) uses an enum or
 * a domain that `ops` replace kept as text: the replacement drops the old
 * type, which a holding table column of that type would block. So are the
 * columns whose new type Postgres converts to only through text
 * (`castsThroughText`: from one enum to another, say).
 */
export function withTextColumns(
  rebuilds: Rebuilds,
  ops: readonly Operation[],
  castsThroughText: (from: string, to: string) => boolean,
): Rebuilds {
  const replaced = ops.flatMap((op): { schema: string; name: string }[] => {
    if (op.kind === 'replaceEnum') return [{ schema: op.schema, name: op.name }];
    return op.kind === 'replaceDomain' ? [{ schema: op.domain.schema, name: op.domain.name }] : [];
  });
  if (rebuilds.tables.length === 0) return rebuilds;
  // A qualified type name or an array of it, as for enums.
  const usesReplaced = (type: string): boolean => replaced.some((model) => typeUsesEnum(type, model));
  const tables = rebuilds.tables.map((rebuild): Rebuild => {
    const types = (columns: readonly ColumnModel[]): Map<string, string> =>
      new Map(columns.map((c) => [c.name, c.type]));
    const [before, after] = [types(rebuild.copied.current), types(rebuild.copied.target)];
    const throughText = (name: string): boolean =>
      before.get(name) !== after.get(name) && castsThroughText(before.get(name) ?? '', after.get(name) ?? '');
    const names = rebuild.stash.columns.filter(
      (name) => usesReplaced(before.get(name) ?? '') || usesReplaced(after.get(name) ?? '') || throughText(name),
    );
    if (names.length === 0) return rebuild;
    return {
      ...rebuild,
      stash: { ...rebuild.stash, asText: names.map((column) => ({ column, type: before.get(column) as string })) },
      restore: { ...rebuild.restore, asText: names.map((column) => ({ column, type: after.get(column) as string })) },
    };
  });
  return { ...rebuilds, tables };
}

/**
 * What restoring into `table` needs: `OVERRIDING SYSTEM VALUE` for an
 * identity `ALWAYS` column, and the sequences created with the table (those
 * of its serial and identity columns; a partition's belong to its parent).
 */
function restoreOptions(
  table: TableModel,
  columns: readonly ColumnModel[],
): Pick<RowCopy, 'overridingSystemValue' | 'sequences'> {
  const options: Pick<RowCopy, 'overridingSystemValue' | 'sequences'> = columns.some((c) => c.identity?.always === true)
    ? { overridingSystemValue: true }
    : {};
  if (table.partitionOf !== undefined) return options;
  const sequences = columns
    .filter((c) => c.identity !== null || /^(small|big)?serial$/.test(c.type))
    .map((c): RestoredSequence => {
      const descending = c.identity?.increment?.startsWith('-') === true;
      return descending ? { column: c.name, descending } : { column: c.name };
    });
  return sequences.length > 0 ? { ...options, sequences } : options;
}

/**
 * The columns of a partitioned table of its own (the same key on both sides)
 * whose type or collation changes and that its partition key, or the key of
 * a partition under it on either side, uses: Postgres cannot alter a column
 * a partition key uses, and the change reaches every partition. What a key
 * uses is what the server recorded (`partitionKeyColumns`): the database's
 * on one side, the declared model's as created in scratch schemas on the other.
 */
function retypedKeyColumns(
  current: TableModel,
  target: TableModel,
  currentByKey: TableIndex,
  targetByKey: TableIndex,
): ColumnModel[] {
  if (target.partitionBy === undefined || current.partitionBy !== target.partitionBy) return [];
  if (current.partitionOf !== undefined || target.partitionOf !== undefined) return [];
  const before = new Map(current.columns.map((c) => [c.name, c]));
  const retyped = target.columns.filter((column) => {
    const previous = before.get(column.name);
    return (
      previous !== undefined &&
      (plainIntegerType(previous.type) !== plainIntegerType(column.type) || previous.collation !== column.collation)
    );
  });
  if (retyped.length === 0) return [];
  const used = new Set(
    [current, ...treeUnder(current, currentByKey), ...treeUnder(target, targetByKey)].flatMap(
      (t) => t.partitionKeyColumns ?? [],
    ),
  );
  return retyped.filter((column) => used.has(column.name));
}

/** The partitions under `root`, at any depth, on the side `tables` holds, in list order. */
function treeUnder(root: TableModel, tables: TableIndex): readonly TableModel[] {
  let under = tablesUnder.get(tables);
  if (under === undefined) {
    // Gathered once per side: a scan of every table for each root was quadratic in the tables.
    under = new Map();
    for (const table of tables.tables) {
      for (const key of tables.ancestorKeys(table)) {
        const list = under.get(key);
        if (list === undefined) under.set(key, [table]);
        else list.push(table);
      }
    }
    tablesUnder.set(tables, under);
  }
  return under.get(keyOf(root)) ?? [];
}

/** The tables under each table key (`keyOf`), at any depth, by side. */
const tablesUnder = new WeakMap<TableIndex, Map<string, TableModel[]>>();

function rebuildReason(
  current: TableModel,
  target: TableModel,
  currentByKey: TableIndex,
  targetByKey: TableIndex,
): string {
  const retyped = retypedKeyColumns(current, target, currentByKey, targetByKey).map((c) => c.name);
  if (retyped.length === 0) {
    return `${layout(current.partitionBy)} -> ${layout(target.partitionBy)}, and Postgres cannot change how a table is partitioned`;
  }
  const names = retyped.join(', ');
  return `the type of ${names}, used by its partition key, changes, and Postgres cannot alter a column a partition key uses`;
}

function layout(partitionBy: string | undefined): string {
  return partitionBy === undefined ? 'not partitioned' : `PARTITION BY ${partitionBy}`;
}

/** `<table>_<label>` (`t__athanor_stash`), shortened to 63 bytes, numbered when a table has that name. */
function freeStashName(schema: string, table: string, taken: Set<string>, label: string): string {
  for (let n = 1; ; n += 1) {
    const name = makeObjectName(table, null, n === 1 ? label : `${label}${n}`);
    if (!taken.has(qualifiedKey(schema, name))) {
      taken.add(qualifiedKey(schema, name));
      return name;
    }
  }
}

/** A table's columns; a partition's are its parent's. */
function columnsOf(table: TableModel, tables: TableIndex): readonly ColumnModel[] {
  return tables.root(table)?.columns ?? [];
}

export function keyOf(table: { schema: string; name: string }): string {
  return qualifiedKey(table.schema, table.name);
}

function parentKey(table: TableModel): string {
  const parent = table.partitionOf;
  return parent === undefined ? '' : qualifiedKey(parent.schema, parent.table);
}

function sorted(tables: readonly TableModel[]): TableModel[] {
  return [...tables].sort((a, b) => compareTuples([a.schema, a.name], [b.schema, b.name]));
}
