import type { SchemaModel, TableModel, TriggerModel } from '../schema/model.js';
import { qualifiedKey } from '../schema/model.js';
import { MODEL_KIND_LISTS, type ModelKind } from '../schema/model-kinds.js';
import { CANONICAL_KINDS } from './canonical-kinds.js';
import { composedTables } from './canonical-compose.js';
import { byName, namesAny, sameJson, sameTable, stableJson, stringsOf } from './canonical-shapes.js';

export { namesAny, namesIn, sameJson, sameTable, stableJson, stringsOf } from './canonical-shapes.js';

/**
 * Compare first: which declared objects canonicalization must create on the
 * server, and which already read exactly as the live database prints them.
 *
 * The argument: canonicalization is a fixed point on reflected forms (create
 * what reflection printed, reflect it again, and the same text comes back;
 * `pull` followed by `check` rests on it). So when a declared object, in the
 * normal form the model build gives it, equals the live object of the same
 * name, creating it in scratch schemas would print the live object: its live
 * form is its canonical form. That holds only while everything its text can
 * resolve to is unchanged too, so an object naming (anywhere in its text) a
 * declared object that does not match is sent as well, with the whole
 * partition tree it belongs to. Routines and views never match (the model
 * holds their `CREATE` text and placeholder argument types, the database what
 * the server printed), so everything naming one is always sent.
 */
export interface Selection {
  /** Keys (`qualifiedKey`) of the declared tables to create; the others take their live form. */
  sentTables: Set<string>;
  /** Triggers to create (on a sent table, or naming what changed); the others take their live form. */
  sentTriggers: Set<TriggerModel>;
  /**
   * True when the enums, domains and sequences match and there are no
   * routines, views, composite types, collations, rules, casts or operators: with nothing sent,
   * their live forms are canonical.
   */
  objectsClean: boolean;
  /** The same for the objects besides tables and triggers alone, whatever tables and triggers are sent. */
  objectsMatch: boolean;
  /**
   * Keys of the declared tables that differ from their live forms only in
   * parts already written as the server prints them (canonical-compose.ts):
   * each is its own canonical form, and is not sent.
   */
  composed: ReadonlySet<string>;
}

/** The kinds compare first treats as `treatment` says, in the order of `SchemaModel`. */
function kindsCompareFirst(treatment: (typeof CANONICAL_KINDS)[ModelKind]['compareFirst']): ModelKind[] {
  return MODEL_KIND_LISTS.filter((kind) => CANONICAL_KINDS[kind].compareFirst === treatment);
}

/** Everything sent: the model is created whole. */
export function sendEverything(declared: SchemaModel): Selection {
  return {
    sentTables: new Set(declared.tables.map((t) => qualifiedKey(t.schema, t.name))),
    sentTriggers: new Set(declared.triggers),
    objectsClean: false,
    objectsMatch: false,
    composed: new Set(),
  };
}

export function selectForServer(declared: SchemaModel, live: SchemaModel): Selection {
  if (!extensionsMatch(declared, live)) return sendEverything(declared);
  const dirty = new Set<string>();
  const liveTables = new Map(live.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const differing = new Set<string>();
  for (const table of declared.tables) {
    const key = qualifiedKey(table.schema, table.name);
    const mate = liveTables.get(key);
    if (mate === undefined || !sameTable(table, mate)) differing.add(key);
  }
  const composed = composedTables(declared, live, differing);
  const changed = new Set([...differing].filter((key) => !composed.has(key)));
  for (const table of declared.tables) if (changed.has(qualifiedKey(table.schema, table.name))) dirty.add(table.name);
  const objectsClean = markDirtyObjects(declared, live, dirty);
  const sentTables = new Set<string>();
  for (const table of declared.tables) {
    const key = qualifiedKey(table.schema, table.name);
    if (changed.has(key) || (dirty.size > 0 && namesAny(stringsOf(table), dirty))) sentTables.add(key);
  }
  for (const family of partitionFamilies(declared.tables)) {
    if (family.some((key) => sentTables.has(key))) for (const key of family) sentTables.add(key);
  }
  const liveTriggers = new Set(live.triggers.map((t) => stableJson(t)));
  const sentTriggers = new Set(
    declared.triggers.filter(
      (t) =>
        sentTables.has(qualifiedKey(t.schema, t.table)) ||
        !liveTriggers.has(stableJson(t)) ||
        namesAny(t.definition, dirty),
    ),
  );
  return {
    sentTables,
    sentTriggers,
    objectsClean: objectsClean && sentTables.size === 0 && sentTriggers.size === 0,
    objectsMatch: objectsClean,
    composed: new Set([...composed].filter((key) => !sentTables.has(key))),
  };
}

/** Declared extensions installed where the model has them; otherwise the model is created whole. */
function extensionsMatch(declared: SchemaModel, live: SchemaModel): boolean {
  const installed = new Set(live.extensions.map((e) => qualifiedKey(e.schema, e.name)));
  return declared.extensions.every((e) => installed.has(qualifiedKey(e.schema, e.name)));
}

/**
 * Adds to `dirty` the names of the enums, domains and sequences that do not
 * match their live forms, and of every object of a kind always sent
 * (`CANONICAL_KINDS`' `compareFirst`: routines, views, ...). True when none did and no object
 * of a kind always sent is declared.
 */
function markDirtyObjects(declared: SchemaModel, live: SchemaModel, dirty: Set<string>): boolean {
  let clean = true;
  const compare = <T extends { schema: string; name: string }>(
    mine: readonly T[],
    theirs: readonly T[],
    shape: (o: T) => unknown = (o) => o,
  ): void => {
    const mates = new Map(theirs.map((o) => [qualifiedKey(o.schema, o.name), o]));
    for (const o of mine) {
      const mate = mates.get(qualifiedKey(o.schema, o.name));
      if (mate !== undefined && sameJson(shape(o), shape(mate))) continue;
      dirty.add(o.name);
      clean = false;
    }
  };
  compare(declared.enums, live.enums);
  // What a domain calls is read, never declared: the live form stands with it.
  compare(declared.domains, live.domains, ({ dependsOn: _uses, ...d }) => ({ ...d, checks: byName(d.checks) }));
  compare(declared.sequences, live.sequences);
  // The kinds not compared yet are always sent: their live forms are not compared (foreign tables are created in
  // scratch schemas, where views may use them: their columns' types and defaults as the server prints them).
  for (const kind of kindsCompareFirst('sent unnamed')) if (declared[kind].length > 0) clean = false;
  for (const kind of kindsCompareFirst('sent named')) {
    for (const o of declared[kind] as readonly { name: string }[]) {
      dirty.add(o.name);
      clean = false;
    }
  }
  // A comment on a routine names it by placeholder argument types, which only the server resolves.
  return clean && declared.comments.every((c) => c.target.argumentTypes === undefined);
}

/**
 * The keys of each family of tables: a partition tree (a root and everything
 * partitioned under it), together with the tables that inherit from any of
 * its members and those they inherit from; plain tables alone.
 */
export function partitionFamilies(tables: readonly TableModel[]): string[][] {
  const link = new Map<string, string>();
  const find = (key: string): string => {
    let at = key;
    while (link.has(at)) at = link.get(at)!;
    return at;
  };
  for (const t of tables) {
    const key = qualifiedKey(t.schema, t.name);
    for (const parent of parentsOf(t)) {
      const [a, b] = [find(key), find(parent)];
      if (a !== b) link.set(a, b);
    }
  }
  const families = new Map<string, string[]>();
  for (const t of tables) {
    const key = qualifiedKey(t.schema, t.name);
    const r = find(key);
    const family = families.get(r);
    if (family === undefined) families.set(r, [key]);
    else family.push(key);
  }
  return [...families.values()];
}

/** The keys of the tables a table needs to exist first: its partitioned parent, the tables it inherits from. */
export function parentsOf(table: TableModel): string[] {
  return [
    ...(table.partitionOf === undefined ? [] : [qualifiedKey(table.partitionOf.schema, table.partitionOf.table)]),
    ...(table.inherits ?? []).map((parent) => qualifiedKey(parent.schema, parent.table)),
  ];
}
