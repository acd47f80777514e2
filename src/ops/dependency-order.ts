import type { Operation, OperationOf } from './operation.js';
import { footprint } from './footprint.js';
import { columnOf, sequenceNamesIn, thing, type Footprint, type Thing } from './things.js';
import { readyOrder } from '../util/ready-order.js';
import type { DependencyRef, FunctionModel, SchemaModel } from '../schema/model.js';
import { dependencyKey, routineKey } from '../schema/object-keys.js';
import type { TableIndex } from '../schema/model-index.js';
import { qualifiedKey } from '../schema/qualified-key.js';
import { tokenizeSql, type SqlToken } from '../sql/lexer.js';
import { isReservedWord } from '../sql/keywords.js';
import { callsAny } from '../sql/references.js';

/**
 * The dependency edges between operations, drawn from their footprints
 * (`footprint.ts`): for each operation, the positions of those it must run
 * after. An operation that needs a thing runs after every operation that
 * makes it; one that removes a thing runs after every operation that
 * releases or reads it (a drop after the drops of what uses its object, and
 * after the copy of its rows to a holding table), and one that
 * makes a thing after every operation that removes it (a name freed by a drop
 * or a rename before it is taken again), unless that remover needs the
 * thing itself: it consumes what the maker makes.
 */
export function dependencyEdges(ops: readonly Operation[], options: EdgeOptions = {}): number[][] {
  const prints = withNestedPartitions(ops, ops.map(footprint));
  return edgesOf(withAncestorColumns(ops, prints, options.partitionTree), options);
}

export interface EdgeOptions {
  /**
   * The tables after the operations (`tableIndex` of the target's): a
   * partition created under one that stays names the columns of every table
   * above it.
   */
  readonly partitionTree?: TableIndex;
  /**
   * The operations are in an order that holds but where Postgres' own
   * effects must be undone (a downgrade: the upgrade's reversals, in its
   * reverse order; an upgrade: its slots' order): a thing both removed and made again among them is, for
   * an operation needing it placed before every removal, the one there before
   * (a sequence's owner given back before its drop, whose name a serial
   * column's table takes after): it runs before the removals, not after the
   * making.
   */
  readonly placedBeforeRemovalNeedsOld?: boolean;
}

/**
 * The footprints with a partition of a partition counted as one of every
 * table above it too, as far as the operations tell the tree (a table created
 * or dropped as a partition, one attached or detached): a foreign key
 * referencing a partitioned table references all its leaves, so a leaf two
 * levels down is dropped only once no key references the top.
 */
function withNestedPartitions(ops: readonly Operation[], prints: readonly Footprint[]): Footprint[] {
  const parentOf = new Map<Thing, Thing>();
  const link = (schema: string, table: string, parent: { schema: string; table: string } | undefined): void => {
    if (parent !== undefined)
      parentOf.set(thing.partitions(schema, table), thing.partitions(parent.schema, parent.table));
  };
  for (const op of ops) {
    if (op.kind === 'createTable') link(op.table.schema, op.table.name, op.table.partitionOf);
    else if (op.kind === 'dropTable') link(op.schema, op.name, op.removed?.partitionOf);
    else if (op.kind === 'attachPartition' || op.kind === 'detachPartition') link(op.schema, op.table, op.partitionOf);
  }
  if (parentOf.size === 0) return [...prints];
  const withAncestors = (things: readonly Thing[]): Thing[] => {
    const all = [...things];
    for (const t of things) {
      const seen = new Set<Thing>([t]);
      for (let up = parentOf.get(t); up !== undefined && !seen.has(up); up = parentOf.get(up)) {
        seen.add(up);
        all.push(up);
      }
    }
    return all;
  };
  return prints.map((p) => ({ ...p, makes: withAncestors(p.makes), removes: withAncestors(p.removes) }));
}

/**
 * The footprints with a partition created in the revision needing the
 * columns it names (`column` things) on every table above its parent too:
 * one added to the top table reaches it through the partitions between.
 */
function withAncestorColumns(
  ops: readonly Operation[],
  prints: readonly Footprint[],
  tree: TableIndex | undefined,
): Footprint[] {
  if (tree === undefined) return [...prints];
  return prints.map((print, i) => {
    const op = ops[i]!;
    const created = op.kind === 'createTable' ? op.table : undefined;
    const parent = created?.partitionOf;
    if (created === undefined || parent === undefined) return print;
    const named = print.needs.flatMap((t) => columnOf(t, parent.schema, parent.table) ?? []);
    const partition = tree.get(qualifiedKey(created.schema, created.name));
    if (named.length === 0 || partition === undefined) return print;
    // Its parent's it needs already; those above, as far as the tree has them.
    const above = tree
      .ancestorKeys(partition)
      .slice(1)
      .flatMap((key) => tree.get(key) ?? [])
      .flatMap((table) => named.map((name) => thing.column(table.schema, table.name, name)));
    return above.length === 0 ? print : { ...print, needs: [...print.needs, ...above] };
  });
}

function edgesOf(prints: readonly Footprint[], options: EdgeOptions): number[][] {
  const makers = indexBy(prints, (p) => p.makes);
  // One that needs what it removes consumes it (the restore of a holding table's rows): it follows the
  // operation making the thing, not the other way round.
  const removers = indexBy(prints, (p) => p.removes.filter((t) => !p.needs.includes(t)));
  const releasers = indexBy(prints, (p) => [...p.releases, ...p.reads]);
  /** The things `i` needs as they were before their removal among the operations (`placedBeforeRemovalNeedsOld`). */
  const neededOld = (print: Footprint, i: number): Thing[] =>
    options.placedBeforeRemovalNeedsOld !== true
      ? []
      : print.needs.filter((t) => {
          const removals = (removers.get(t) ?? []).filter((j) => j !== i);
          return removals.length > 0 && (makers.get(t) ?? []).some((j) => j !== i) && removals.every((j) => j > i);
        });
  const old = prints.map(neededOld);
  const needersOfOld = new Map<Thing, number[]>();
  old.forEach((things, j) => {
    for (const t of things) needersOfOld.set(t, [...(needersOfOld.get(t) ?? []), j]);
  });
  return prints.map((print, i) => {
    const waits = new Set<number>();
    const after = (index: Map<Thing, number[]>, things: readonly Thing[]): void => {
      for (const t of things) for (const j of index.get(t) ?? []) if (j !== i) waits.add(j);
    };
    after(makers, old[i]!.length === 0 ? print.needs : print.needs.filter((t) => !old[i]!.includes(t)));
    after(releasers, print.removes);
    after(removers, print.makes);
    // A removal waits for what needs the thing as it was.
    after(needersOfOld, print.removes);
    return [...waits];
  });
}

function indexBy(prints: readonly Footprint[], things: (p: Footprint) => readonly Thing[]): Map<Thing, number[]> {
  const index = new Map<Thing, number[]>();
  prints.forEach((p, i) => {
    for (const t of things(p)) {
      const list = index.get(t);
      if (list === undefined) index.set(t, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  return index;
}

/**
 * `ops` in an order where each runs after the operations it depends on
 * (`dependencyEdges`); among those ready, the first in the given order goes
 * first, so the given order is the one tie-break and an order that already
 * respects every edge is kept as it is. In a cycle, the first remaining
 * operation goes, or with `required`, the first remaining one whose makers of
 * the things `required` names for it have all gone: a cycle is then broken at
 * an edge that is not required (a foreign key, which a model file names
 * lazily), never at one that is (a partition's or child's parent).
 */
export function inDependencyOrder(
  ops: readonly Operation[],
  required?: (op: Operation) => readonly Thing[],
): Operation[] {
  const prints = withNestedPartitions(ops, ops.map(footprint));
  const waits = edgesOf(prints, {});
  const positions = ops.map((_, i) => i);
  const needed = required === undefined ? undefined : requiredEdges(ops, prints, required);
  return readyOrder(
    positions,
    String,
    (i) => waits[i]!.map(String),
    needed === undefined ? undefined : (i) => needed[i]!.map(String),
  ).map((i) => ops[i]!);
}

/** For each operation, the positions of those making the things `required` names for it. */
function requiredEdges(
  ops: readonly Operation[],
  prints: readonly Footprint[],
  required: (op: Operation) => readonly Thing[],
): number[][] {
  const makers = indexBy(prints, (p) => p.makes);
  return ops.map((op, i) => [...new Set(required(op).flatMap((t) => makers.get(t) ?? []))].filter((j) => j !== i));
}

/** Tables to create, with the column defaults taken out of them to be set once every table exists. */
export interface HeldBackDefaults {
  creations: OperationOf<'createTable'>[];
  defaults: OperationOf<'alterColumn'>[];
}

/**
 * Breaks the cycles among tables created together that run through a
 * default: a default reading the sequence another new table makes (its
 * serial column's), where that table needs the reader first (a column of the
 * reader's row type, say), is left out of the reader's creation and set by an
 * `alterColumn` that waits for the sequence. Foreign keys are not counted:
 * the callers add those after the tables.
 */
export function withDefaultsHeldBack(creations: readonly OperationOf<'createTable'>[]): HeldBackDefaults {
  const prints = creations.map((op) => footprint({ kind: 'createTable', table: { ...op.table, foreignKeys: [] } }));
  const makers = indexBy(prints, (p) => p.makes);
  const needed = prints.map((p, i) => [...new Set(p.needs.flatMap((t) => makers.get(t) ?? []))].filter((j) => j !== i));
  /** Whether the table at `from` needs the one at `to`, through any number of tables. */
  const reaches = (from: number, to: number): boolean => {
    const seen = new Set([from]);
    for (const queue = [from]; queue.length > 0;) {
      for (const next of needed[queue.pop()!]!) {
        if (next === to) return true;
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return false;
  };
  const defaults: OperationOf<'alterColumn'>[] = [];
  const held = creations.map((op, i): OperationOf<'createTable'> => {
    const { table } = op;
    const columns = table.columns.map((column) => {
      const readsCycle = sequenceNamesIn(column.default).some((sequence) =>
        (makers.get(thing.relation(sequence.schema, sequence.name)) ?? []).some((j) => j !== i && reaches(j, i)),
      );
      if (!readsCycle) return column;
      defaults.push(defaultSetApart(table.schema, table.name, column.name, column.default));
      return { ...column, default: null };
    });
    return columns.every((column, c) => column === table.columns[c]) ? op : { ...op, table: { ...table, columns } };
  });
  return { creations: held, defaults };
}

/** The routines whose calls make a part wait, by name: those not created yet, and those reading a relation. */
export interface RoutineCalls {
  /** Created after the tables (over a table's row type, or reading one by its catalog record). */
  late: ReadonlySet<string>;
  /** SQL routines whose body reads a relation, which Postgres reads as it builds an index calling them. */
  reading: ReadonlySet<string>;
}

/**
 * `op` split where what it creates calls a routine that cannot be called
 * yet (`calls`): what stays (`op`, null when nothing does) and what waits
 * (`held`). A table's creation keeps all but its checks, exclusions, indexes
 * and column defaults calling a late routine, and its exclusions and indexes
 * calling a reading one, each of which becomes an `addConstraint`,
 * `createIndex` or `alterColumn` of its own; a column's change keeps all but
 * such a default; such a constraint, index or policy waits whole. Postgres
 * looks a routine up as it creates what calls it, and builds an index at once.
 */
export function withCallsHeldBack(op: Operation, calls: RoutineCalls): { op: Operation | null; held: Operation[] } {
  const parts = partsCalling(calls);
  const whole = (waits: boolean): { op: Operation | null; held: Operation[] } =>
    waits ? { op: null, held: [op] } : { op, held: [] };
  switch (op.kind) {
    case 'createTable':
      return tableCallsHeldBack(op, parts);
    case 'createIndex':
      return whole(parts.built(op.index));
    case 'addConstraint':
      return whole(op.constraint.type === 'exclusion' ? parts.built(op.constraint) : parts.looked(op.constraint));
    case 'createPolicy':
      return whole(parts.looked(op.policy));
    case 'alterColumn':
      return columnCallsHeldBack(op, parts.looked);
    default:
      return { op, held: [] };
  }
}

/** Whether a part waits: one Postgres only looks its routines up for (`looked`), one it builds at once (`built`). */
function partsCalling(calls: RoutineCalls): { looked: (part: unknown) => boolean; built: (part: unknown) => boolean } {
  const looked = (part: unknown): boolean => stringsIn(part).some((text) => callsAny(text, calls.late));
  return { looked, built: (part) => looked(part) || stringsIn(part).some((text) => callsAny(text, calls.reading)) };
}

/** A column's change without a default that calls a late routine, and that default set on its own. */
function columnCallsHeldBack(
  op: OperationOf<'alterColumn'>,
  looked: (part: unknown) => boolean,
): { op: Operation | null; held: Operation[] } {
  const { default: set, ...rest } = op.to;
  if (set === undefined || set === null || !looked(set)) return { op, held: [] };
  const { default: before = null, ...restFrom } = op.from ?? {};
  const held = defaultSetApart(op.schema, op.table, op.column, set, before);
  if (Object.keys(rest).length === 0) return { op: null, held: [held] };
  return { op: { ...op, to: rest, ...(op.from === undefined ? {} : { from: restFrom }) }, held: [held] };
}

function tableCallsHeldBack(
  op: OperationOf<'createTable'>,
  parts: ReturnType<typeof partsCalling>,
): { op: Operation; held: Operation[] } {
  const { table } = op;
  const { schema, name } = table;
  const held: Operation[] = [];
  const keep = <T>(
    list: readonly T[] | undefined,
    waits: (part: T) => boolean,
    hold: (part: T) => Operation,
  ): T[] | undefined =>
    list?.filter((part) => {
      if (!waits(part)) return true;
      held.push(hold(part));
      return false;
    });
  const checks = keep(table.checks, parts.looked, (check) => ({
    kind: 'addConstraint',
    schema,
    table: name,
    constraint: { type: 'check', ...check },
  }))!;
  const exclusions = keep(table.exclusions, parts.built, (exclusion) => ({
    kind: 'addConstraint',
    schema,
    table: name,
    constraint: { type: 'exclusion', ...exclusion },
  }));
  const indexes = keep(table.indexes, parts.built, (index) => ({ kind: 'createIndex', schema, table: name, index }))!;
  const columns = table.columns.map((column) => {
    if (column.default === null || column.generated !== undefined || !parts.looked(column.default)) return column;
    held.push(defaultSetApart(schema, name, column.name, column.default));
    return { ...column, default: null };
  });
  if (held.length === 0) return { op, held };
  const kept = { ...table, columns, checks, indexes, ...(exclusions === undefined ? {} : { exclusions }) };
  return { op: { ...op, table: kept }, held };
}

/** A column's default set on its own, after what its table was created or changed with (`before`: its old one). */
function defaultSetApart(
  schema: string,
  table: string,
  column: string,
  set: string | null,
  before: string | null = null,
): OperationOf<'alterColumn'> {
  return { kind: 'alterColumn', schema, table, column, to: { default: set }, from: { default: before } };
}

/**
 * The routines of `model` reading one of its tables or views (`readingRoutines`):
 * what a domain's check or an index calling them waits for.
 */
export function readingRoutinesOf(model: Pick<SchemaModel, 'functions' | 'tables' | 'views'>): FunctionModel[] {
  return readingRoutines(model.functions, new Set([...model.tables, ...model.views].map((r) => r.name)));
}

/** Every string in a plain value, however deep. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/**
 * The routines of `functions` that read a relation: one the catalog records
 * them using (a SQL-standard body's), one of `relations` (by name) that is a
 * word of their body in a string (which Postgres parses where an index or a
 * check calls the routine; a column of that name counts too), or through a
 * routine of `functions` they call (recorded, or named in the body) that does.
 */
export function readingRoutines(functions: readonly FunctionModel[], relations: ReadonlySet<string>): FunctionModel[] {
  const names = new Set(relations);
  const reading = new Set<string>();
  const found: FunctionModel[] = [];
  const reads = (ref: DependencyRef): boolean => ref.argumentTypes === undefined || reading.has(dependencyKey(ref));
  for (let grew = true; grew;) {
    grew = false;
    for (const f of functions) {
      const key = routineKey(f.schema, f.name, f.argumentTypes);
      if (reading.has(key) || !(f.dependsOn.some(reads) || namesAny(f.definition, names))) continue;
      reading.add(key);
      names.add(f.name);
      found.push(f);
      grew = true;
    }
  }
  return found;
}

/**
 * Whether a word of a routine's body in a string (`AS $$ ... $$`) is one of `names`; its header does not count,
 * nor does a bare reserved word (`null`, `is`), which no relation's name can be written as.
 */
function namesAny(definition: string, names: ReadonlySet<string>): boolean {
  const named = (word: SqlToken): boolean =>
    word.kind === 'ident' && (word.quoted || !isReservedWord(word.text)) && names.has(word.text);
  return tokenizeSql(definition).some((token) => token.kind === 'string' && tokenizeSql(token.value).some(named));
}
