import { qualifiedKey, type SchemaModel } from '../../schema/model.js';
import { isPart, type RenameKind } from '../../schema/renames.js';
import { looseName, partNames, renamables, tableParts, type Definition, type Renamable } from './renamables.js';

/** A dropped object and a created one of the same kind and place that a rename could stand for. */
export interface RenamePair {
  from: Defined;
  to: Defined;
}

/** An object with its definition worked out. */
type Defined = Renamable & Definition;

/** A pair whose definitions match: exactly (score 1), or in part (a table's columns, a column's type). */
export interface RenameCandidate extends RenamePair {
  /** 0 to 1; the obvious pair scores highest. */
  score: number;
}

/** The objects of one kind and place (schema, and table for a table's parts) on each side. */
interface Place {
  dropped: Defined[];
  created: Defined[];
}

/**
 * Every pair of an object only the database has (`current`) and one only
 * the model has (`target`), of the same kind and in the same place: the
 * renames a hint or a flag may name.
 */
export function renamePairs(current: SchemaModel, target: SchemaModel): RenamePair[] {
  return pairsFrom(current, target, 'gone', () => true);
}

/**
 * Every pair of an object both sides have (that `named` says a hint or flag
 * names) and one only the model has, of the same kind and in the same place:
 * a rename away from a name the model gives a new object (`pk` renamed
 * `pk_deprecated`, and a new `pk`). Only a hint or a flag decides one; it is
 * never a candidate of its own.
 */
export function swapPairs(current: SchemaModel, target: SchemaModel, named: (o: Renamable) => boolean): RenamePair[] {
  return pairsFrom(current, target, 'kept', named);
}

/** The pairs of a database's object (`gone` from the model, or `kept` in it too) and one only the model has. */
function pairsFrom(
  current: SchemaModel,
  target: SchemaModel,
  from: 'gone' | 'kept',
  named: (o: Renamable) => boolean,
): RenamePair[] {
  const places = new Map<string, Place>();
  const place = (o: Renamable): Place => {
    const key = placeKey(o);
    let found = places.get(key);
    if (found === undefined) places.set(key, (found = { dropped: [], created: [] }));
    return found;
  };
  const defined = (o: Renamable): Defined => ({ ...o, ...o.define() });
  const collect = (currentObjects: Renamable[], targetObjects: Renamable[]): void => {
    const currentKeys = currentObjects.map(identity);
    const targetKeys = targetObjects.map(identity);
    const inCurrent = new Set(currentKeys);
    const inTarget = new Set(targetKeys);
    currentObjects.forEach((o, i) => {
      if (inTarget.has(currentKeys[i]!) === (from === 'kept') && named(o)) place(o).dropped.push(defined(o));
    });
    targetObjects.forEach((o, i) => inCurrent.has(targetKeys[i]!) || place(o).created.push(defined(o)));
  };
  collect(renamables(current), renamables(target));
  // A table's parts pair only within a table both sides have, and only where their names differ.
  const targetTables = new Map(target.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  for (const table of current.tables) {
    const other = targetTables.get(qualifiedKey(table.schema, table.name));
    // The very same table on both sides (a canonical model takes the live form of what matches) renames nothing.
    if (other !== undefined && other !== table && partNames(table) !== partNames(other))
      collect(tableParts(table), tableParts(other));
  }
  return [...places.values()].flatMap(({ dropped, created }) =>
    dropped.flatMap((from) => created.map((to) => ({ from, to }))),
  );
}

/** The pairs that look like renames, best first for each dropped object (then by name). */
export function renameCandidates(pairs: readonly RenamePair[]): RenameCandidate[] {
  return pairs
    .map((pair) => ({ ...pair, score: scoreOf(pair) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => compare(identity(a.from), identity(b.from)) || b.score - a.score || compare(a.to.name, b.to.name));
}

/** Where an object lives: kind, schema (not for a schema) and table (for a table's parts; the enum for its values). */
function placeKey(o: Renamable): string {
  const kind = o.kind === 'procedure' || o.kind === 'aggregate' ? 'function' : o.kind;
  return JSON.stringify([kind, o.kind === 'schema' ? '' : o.schema, isPart(o.kind) ? o.table : '']);
}

/** What names an object among those of its kind and place (NUL cannot be in a name). */
export function identity(o: Renamable): string {
  return `${o.kind}\u0000${o.schema}\u0000${o.table ?? ''}\u0000${o.name}\u0000${o.argumentTypes ?? ''}`;
}

function scoreOf({ from, to }: RenamePair): number {
  if (from.kind !== to.kind || from.argumentTypes !== to.argumentTypes) return 0;
  const definition = from.signature === to.signature ? 1 : partialMatch(from.kind, from.parts, to.parts);
  if (definition === 0) return 0;
  return Math.round((definition * 0.9 + nameSimilarity(from.name, to.name) * 0.1) * 1000) / 1000;
}

/**
 * How far two definitions that are not equal still match: a column of the
 * same type (other attributes changed) half; an enum value gone and one new
 * in the same enum half wherever they stand (a value is data: what rows hold
 * is never relabelled without a decision); a table or schema by the share of
 * columns or objects they have in common, when at least half.
 */
function partialMatch(kind: RenameKind, from: string[], to: string[]): number {
  if (kind === 'column') return from[0] === to[0] ? 0.5 : 0;
  if (kind === 'enumValue') return 0.5;
  if (kind !== 'table' && kind !== 'schema') return 0;
  const mine = new Set(from);
  const shared = to.filter((p) => mine.has(p)).length;
  const share = shared / Math.max(from.length, to.length, 1);
  return share >= 0.5 ? share * 0.8 : 0;
}

/**
 * 1 for equal names, down to 0: mostly how close they are once case and
 * underscores are set aside (`pollId` and `poll_id` before `pollIdx`), then
 * as written; or, when higher, the share of their words they have in common.
 */
function nameSimilarity(a: string, b: string): number {
  return Math.max(closeness(looseName(a), looseName(b)) * 0.75 + closeness(a, b) * 0.25, sharedWords(a, b));
}

/**
 * The share of words two names have in common in any order (Dice's
 * coefficient: `disallow_nsfw_content` and `nsfw_content_disallowed` share
 * all three), a word matching one it begins or that begins it when both have
 * four letters or more (`disallow`, `disallowed`); 0 for two one-word names,
 * which their spelling compares.
 */
function sharedWords(a: string, b: string): number {
  const mine = wordsOf(a);
  const theirs = wordsOf(b);
  if (mine.length < 2 && theirs.length < 2) return 0;
  let shared = 0;
  for (const word of mine) {
    const at = theirs.findIndex((other) => sameWord(word, other));
    if (at < 0) continue;
    shared += 1;
    theirs.splice(at, 1);
  }
  return (2 * shared) / (mine.length + shared + theirs.length);
}

/** A name's words, lower case: split at underscores, dashes, spaces and a capital after a small letter or digit. */
function wordsOf(name: string): string[] {
  return name
    .split(/[_\s-]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

function sameWord(a: string, b: string): boolean {
  return a === b || (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)));
}

/** One minus the edit distance over the longer length. */
function closeness(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - editDistance(a, b) / longest;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
