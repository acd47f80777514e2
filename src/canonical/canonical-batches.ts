import type { SchemaModel, TableModel, TriggerModel } from '../schema/model.js';
import { qualifiedKey, withoutPolicies } from '../schema/model.js';
import { modelOfKinds } from '../schema/model-kinds.js';
import { CANONICAL_KINDS } from './canonical-kinds.js';
import { namesIn, parentsOf, partitionFamilies, stringsOf, type Selection } from './canonical-select.js';
import { sequenceNamesIn } from '../ops/things.js';
import { serialSequences } from '../schema/naming.js';
import { elementType, qualifiedTypeName } from '../schema/types.js';

/**
 * The lock budget of canonicalization. Every relation created in the scratch
 * schemas (a table, its TOAST table and index, each index, each sequence,
 * each view) holds a lock until its transaction ends, and the server's lock
 * table has room for about `max_locks_per_transaction` per connection slot. So
 * the objects to create are cut into batches that each stay under that
 * budget, each created and reflected in a transaction of its own and rolled
 * back before the next. A batch holds its own tables whole (a partition tree
 * is never split) with the triggers on them, and copies (`copyOf`) of what
 * they need that another batch owns (foreign key targets, a partition's
 * parent, tables a policy names). Enums, domains,
 * routines, operators, operator classes, sequences, composite types, collations and text search objects are created in every
 * batch; views, rules, casts, foreign data, sequence owners and comments only in the first, whose
 * reflection gives them (`CANONICAL_KINDS`' `batched`).
 */
export interface Batch {
  /** What to create: own tables, copies of what they need, and the objects besides tables. */
  model: SchemaModel;
  /** Keys of the tables whose canonical form this batch gives. */
  own: Set<string>;
  /** The first batch also gives the canonical form of every object besides tables and triggers. */
  first: boolean;
}

/**
 * How many relation locks a batch may take. The server's lock table is shared:
 * it holds `max_locks_per_transaction` for each connection slot (and more for
 * background workers), and one transaction may take more than its average as
 * long as the whole table has room. A batch takes at most a quarter of the
 * slots the connections alone account for (`max_connections` plus
 * `max_prepared_transactions`), leaving the rest to the other sessions; and
 * never less than most of its own average, some left for the catalog reads.
 */
export function lockBudget(maxLocksPerTransaction: number, connectionSlots: number): number {
  const own = Math.floor(maxLocksPerTransaction * 0.8) - 2;
  const shared = Math.floor((maxLocksPerTransaction * connectionSlots) / 4);
  return Math.max(1, own, shared);
}

/** Relations creating the table makes: itself, a TOAST table and its index, its indexes and sequences. */
export function tableLocks(table: TableModel): number {
  const sequences = table.columns.filter((c) => c.identity !== null || /^(small|big)?serial$/.test(c.type)).length;
  const indexes =
    (table.primaryKey === null ? 0 : 1) + table.uniques.length + table.indexes.length + (table.exclusions?.length ?? 0);
  return 3 + indexes + sequences;
}

interface Unit {
  own: TableModel[];
  triggers: TriggerModel[];
  needs: Set<string>;
}

/** The batches to create, in order; none when nothing is sent. */
export function planBatches(declared: SchemaModel, selection: Selection, budget: number): Batch[] {
  const tables = new Map(declared.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const byName = tablesByName(declared.tables);
  // A table with a column of a view's row type is created after the views, which only the first batch creates.
  const holdsView = holdsViewRowType(declared);
  const overView = (unit: Unit): boolean => unit.own.some(holdsView);
  const units = sentUnits(declared, selection, tables, byName).sort(
    (a, b) => Number(overView(b)) - Number(overView(a)),
  );
  if (units.length === 0 && selection.objectsClean) return [];
  const everyNeeds = namedTables(
    [...declared.functions, ...declared.domains, ...declared.composites, ...declared.ranges],
    byName,
  );
  const firstNeeds = [
    ...everyNeeds,
    ...namedTables([...declared.views, ...declared.rules, ...declared.casts], byName),
    ...ownerTables(declared),
    ...declared.statistics.map((s) => qualifiedKey(s.tableSchema, s.table)),
  ];
  const sequenceLocks = declared.sequences.length;
  const viewLocks = declared.views.reduce((sum, v) => sum + (v.materialized ? 3 + v.indexes.length : 1), 0);
  const packed: Packing[] = [];
  let current = new Packing(tables, sequenceLocks + viewLocks, firstNeeds);
  for (const unit of units) {
    const keys = [...unit.own.map((t) => qualifiedKey(t.schema, t.name)), ...unit.needs];
    if (!current.empty() && current.locks + current.extra(unit, keys) > budget) {
      packed.push(current);
      current = new Packing(tables, sequenceLocks, everyNeeds);
    }
    current.add(unit, keys);
  }
  packed.push(current);
  return packed.map((b, i) => batchOf(declared, b, i === 0));
}

/** Whether a table of `model` has a column of one of its views' row types (or an array of one). */
export function holdsViewRowType(model: SchemaModel): (table: TableModel) => boolean {
  const viewTypes = new Set(model.views.map((v) => qualifiedTypeName(v.schema, v.name)));
  return (table) => viewTypes.size > 0 && table.columns.some((c) => viewTypes.has(elementType(c.type)));
}

/** A batch being filled: its own tables and triggers, every table it creates, and the locks they take. */
class Packing {
  readonly own = new Set<string>();
  readonly triggers: TriggerModel[] = [];
  readonly members = new Set<string>();
  locks: number;

  constructor(
    private readonly tables: Map<string, TableModel>,
    base: number,
    needs: Iterable<string>,
  ) {
    this.locks = base;
    this.include(needs);
  }

  empty(): boolean {
    return this.own.size === 0 && this.triggers.length === 0;
  }

  /** The locks `unit` would add: its tables whole, what they need (and their parents) as copies, less what the batch has. */
  extra(unit: Unit, keys: Iterable<string>): number {
    const own = new Set(unit.own.map((t) => qualifiedKey(t.schema, t.name)));
    let sum = 0;
    for (const key of closure(keys, this.tables)) {
      const table = this.tables.get(key)!;
      const [whole, copy] = [tableLocks(table), tableLocks(copyOf(table))];
      if (!this.members.has(key)) sum += own.has(key) ? whole : copy;
      else if (own.has(key) && !this.own.has(key)) sum += whole - copy;
    }
    return sum;
  }

  add(unit: Unit, keys: Iterable<string>): void {
    this.locks += this.extra(unit, keys);
    for (const t of unit.own) this.own.add(qualifiedKey(t.schema, t.name));
    this.triggers.push(...unit.triggers);
    for (const key of closure(keys, this.tables)) this.members.add(key);
  }

  private include(keys: Iterable<string>): void {
    for (const key of closure(keys, this.tables)) {
      if (this.members.has(key)) continue;
      this.members.add(key);
      this.locks += tableLocks(copyOf(this.tables.get(key)!));
    }
  }
}

/**
 * What a batch creates of a table it needs but does not own: its columns and
 * what a foreign key may reference (the primary key, unique constraints and
 * unique indexes), with its partitioning and storage; not its foreign keys,
 * policies, checks, exclusions or other indexes, which only the batch owning
 * the table reads back. When few tables changed, such copies are most of
 * what is created; each left-out index is a relation less to create and lock.
 */
export function copyOf(table: TableModel): TableModel {
  const {
    exclusions: _exclusions,
    indexNames: _indexNames,
    indexStorage: _indexStorage,
    clusterOn: _clusterOn,
    ...rest
  } = withoutPolicies(table);
  return { ...rest, foreignKeys: [], checks: [], indexes: table.indexes.filter((index) => index.unique) };
}

function batchOf(declared: SchemaModel, packed: Packing, first: boolean): Batch {
  const objects = modelOfKinds((kind) => (CANONICAL_KINDS[kind].batched === 'every' || first ? declared[kind] : []));
  const model: SchemaModel = {
    ...objects,
    schemas: [...declared.schemas],
    tables: declared.tables.flatMap((t): TableModel[] => {
      const key = qualifiedKey(t.schema, t.name);
      if (packed.own.has(key)) return [t];
      return packed.members.has(key) ? [copyOf(t)] : [];
    }),
    sequences: first ? declared.sequences : declared.sequences.map((s) => ({ ...s, ownedBy: null })),
    triggers: packed.triggers,
  };
  return { model, own: packed.own, first };
}

/** Sent tables by partition tree with the triggers on them; then sent triggers on tables not sent, by table. */
function sentUnits(
  declared: SchemaModel,
  selection: Selection,
  tables: Map<string, TableModel>,
  byName: Map<string, TableModel[]>,
): Unit[] {
  const units: Unit[] = [];
  const unitOf = new Map<string, Unit>();
  const serialOwners = serialSequenceOwners(declared.tables);
  for (const family of partitionFamilies(declared.tables)) {
    const own = family.filter((key) => selection.sentTables.has(key)).map((key) => tables.get(key)!);
    if (own.length === 0) continue;
    const unit: Unit = { own, triggers: [], needs: tableNeeds(own, byName, serialOwners) };
    units.push(unit);
    for (const t of own) unitOf.set(qualifiedKey(t.schema, t.name), unit);
  }
  for (const trigger of declared.triggers) {
    if (!selection.sentTriggers.has(trigger)) continue;
    const key = qualifiedKey(trigger.schema, trigger.table);
    let unit = unitOf.get(key);
    if (unit === undefined) {
      unit = { own: [], triggers: [], needs: new Set(tables.has(key) ? [key] : []) };
      units.push(unit);
      unitOf.set(key, unit);
    }
    unit.triggers.push(trigger);
  }
  return units;
}

/** What a batch creating `own` needs besides them: foreign key targets and the tables its policies name. */
function tableNeeds(
  own: readonly TableModel[],
  byName: Map<string, TableModel[]>,
  serialOwners: Map<string, string>,
): Set<string> {
  const needs = new Set<string>();
  for (const table of own) {
    for (const fk of table.foreignKeys) needs.add(qualifiedKey(fk.refSchema, fk.refTable));
    for (const key of namedTables(table.policies ?? [], byName)) needs.add(key);
    // The table whose serial column's sequence a default reads.
    for (const column of table.columns)
      for (const sequence of sequenceNamesIn(column.default)) {
        const owner = serialOwners.get(qualifiedKey(sequence.schema, sequence.name));
        if (owner !== undefined) needs.add(owner);
      }
  }
  return needs;
}

/** The table of each serial column's sequence, by the sequence's key. */
function serialSequenceOwners(tables: readonly TableModel[]): Map<string, string> {
  return new Map(serialSequences(tables).map(({ key, table }) => [key, qualifiedKey(table.schema, table.name)]));
}

/** The keys of the declared tables whose names appear anywhere in `objects`. */
function namedTables(objects: readonly unknown[], byName: Map<string, TableModel[]>): Set<string> {
  const keys = new Set<string>();
  if (objects.length === 0) return keys;
  for (const name of namesIn(stringsOf(objects))) {
    for (const t of byName.get(name) ?? []) keys.add(qualifiedKey(t.schema, t.name));
  }
  return keys;
}

function ownerTables(declared: SchemaModel): string[] {
  return declared.sequences.flatMap((s) => (s.ownedBy === null ? [] : [qualifiedKey(s.schema, s.ownedBy.table)]));
}

function tablesByName(tables: readonly TableModel[]): Map<string, TableModel[]> {
  const map = new Map<string, TableModel[]>();
  for (const t of tables) map.set(t.name, [...(map.get(t.name) ?? []), t]);
  return map;
}

/** The declared tables among `keys` with the parents they need (partitioned, inherited from), up to each root. */
function closure(keys: Iterable<string>, tables: Map<string, TableModel>): Set<string> {
  const out = new Set<string>();
  const visit = (key: string): void => {
    const table = tables.get(key);
    if (table === undefined || out.has(key)) return;
    out.add(key);
    for (const parent of parentsOf(table)) visit(parent);
  };
  for (const start of keys) visit(start);
  return out;
}
