import type { CastModel, SchemaModel } from '../schema/model.js';
import { qualifiedKey } from '../schema/model.js';
import { MODEL_KIND_LISTS, modelOfKinds, type ModelKind } from '../schema/model-kinds.js';
import { CANONICAL_KINDS } from './canonical-kinds.js';
import { AthanorError } from '../util/errors.js';
import type { Driver } from '../pg/connection/driver.js';
import { canonicalizeModel } from './canonicalize.js';
import type { CanonicalCache } from './canonical-cache.js';
import { namesIn, partitionFamilies, stringsOf, type Selection } from './canonical-select.js';
import { differingTexts, ownersOf, slotsOf, TEXT_OWNERS, withTexts, type TextDifference } from './canonical-texts.js';
import { mayHoldUnnamedCasts, sqlParser, writtenAsCreated } from '../pg/scratch/sql-as-created.js';

/**
 * The fixed point of canonicalization. Most texts the server prints print
 * the same once created again from that printing, but not all: a check
 * stored as `(c)::text = ANY ((ARRAY['a'::character varying])::text[])`
 * comes back as `= ANY (ARRAY[('a'::character varying)::text])`, a
 * `UNION ALL` branch's `NULL::integer` as `NULL::integer AS int4`. A
 * database made by hand or by another tool holds the first printing (L), the
 * canonical model the second, so comparing them would report a difference
 * forever.
 *
 * So where a canonical text D differs from the live text L, L is created
 * again where it lives: the live objects holding such texts, with what they
 * name, are created in scratch schemas (rolled back) as the database has
 * them, and read back as L'. Where L' equals D, L means what D means and the
 * live side takes D: no difference. Everything else stays as it was, so the
 * canonical model (what a revision creates) is never touched: a text whose
 * context changes in the same revision (a view over a function whose result
 * type changes) is still created as the model prints it.
 *
 * Nothing is sent when no text differs. What is sent goes through the same
 * batches, lock budget and cache of canonical forms as the model does.
 */
export async function reachFixedPoint(
  driver: Driver,
  canonical: SchemaModel,
  current: SchemaModel,
  cache?: CanonicalCache,
  onSend: () => void = () => undefined,
): Promise<SchemaModel> {
  const differences = differingTexts(canonical, current);
  if (differences.length === 0) return current;
  onSend();
  const liveAgain = await printedAgain(driver, current, differences, cache);
  const fixed = differences.filter((d) => liveAgain.get(d) === d.canonical);
  // A live text that is the second printing of the model's (a database restored from a dump, or built from
  // the model's printing): both, created again, print alike.
  const open = differences.filter((d) => liveAgain.has(d) && liveAgain.get(d) !== d.canonical);
  if (open.length > 0) {
    const modelAgain = await printedAgain(driver, canonical, open, cache);
    fixed.push(...open.filter((d) => modelAgain.get(d) === liveAgain.get(d)));
  }
  return withTexts(structuredClone(current), fixed.map(canonicalSetting));
}

/** The setting that puts a difference's canonical text in its place. */
function canonicalSetting({ owner, key, field, canonical }: TextDifference) {
  return { owner, key, field, value: canonical };
}

/**
 * The texts of `model` to write otherwise, so that the server, creating
 * them, holds what it printed: each printed text T (as `wanted` chooses it)
 * that `writtenAsCreated` (in `src/pg`: a `varchar` column's `IN` list, a
 * subquery's unnamed cast) writes as C, where C, created where T lives
 * (the objects holding it and what they name, in scratch schemas, rolled
 * back, as the fixed point creates them), is printed as T; T -> C. `migrate pull` writes C in the
 * model, autogenerate in the revision: a database built from them holds what
 * the printing came from, `pg_dump` included. Nothing is sent when no text
 * has such a form.
 */
export async function textsToWrite(
  driver: Driver,
  model: SchemaModel,
  wanted: (text: string) => boolean = () => true,
): Promise<Map<string, string>> {
  const slots = TEXT_OWNERS.flatMap((owner) =>
    [...ownersOf(model, owner)].flatMap(([key, object]) =>
      slotsOf(owner, object).map((slot) => ({ owner, key, slot, printed: JSON.parse(slot.value) as unknown })),
    ),
  );
  // Postgres' parser loads only where a text may need it.
  const parse = slots.some(({ printed }) => someString(printed, (text) => wanted(text) && mayHoldUnnamedCasts(text)));
  const parser = parse ? await sqlParser() : undefined;
  const written = (text: string): string => (wanted(text) ? writtenAsCreated(text, parser) : text);
  const candidates: TextDifference[] = [];
  for (const { owner, key, slot, printed } of slots) {
    const candidate = mapStrings(printed, written);
    if (candidate !== printed)
      candidates.push({ owner, key, field: slot.field, canonical: JSON.stringify(candidate), live: slot.value });
  }
  const texts = new Map<string, string>();
  if (candidates.length === 0) return texts;
  const again = await printedAgain(driver, withTexts(model, candidates.map(canonicalSetting)), candidates);
  for (const candidate of candidates)
    if (again.get(candidate) === candidate.live)
      pairStrings(JSON.parse(candidate.live), JSON.parse(candidate.canonical), texts);
  return texts;
}

/** `value` with each string that `texts` holds in its place as `texts` writes it (the same value when none). */
export function withTextsWritten<T>(value: T, texts: ReadonlyMap<string, string>): T {
  return texts.size === 0 ? value : (mapStrings(value, (text) => texts.get(text) ?? text) as T);
}

/**
 * `value` (operations to write) with the texts it holds that the objects of
 * `models` print written as created (`textsToWrite`).
 */
export async function withTextsAsCreated<T>(driver: Driver, value: T, models: readonly SchemaModel[]): Promise<T> {
  const held = new Set<string>();
  mapStrings(value, (text) => (held.add(text), text));
  // `check` of a model that matches: no operations, nothing to read in the models.
  if (held.size === 0) return value;
  const texts = new Map<string, string>();
  for (const model of models)
    for (const [printed, written] of await textsToWrite(driver, model, (text) => held.has(text)))
      texts.set(printed, written);
  return withTextsWritten(value, texts);
}

/**
 * Each difference's text in `model`, created again where it lives
 * (`probeModel`), as the server prints it then (the JSON of its slot);
 * nothing when the objects do not create as they are (something they use is
 * not modeled).
 */
async function printedAgain(
  driver: Driver,
  model: SchemaModel,
  differences: readonly TextDifference[],
  cache?: CanonicalCache,
): Promise<Map<TextDifference, string>> {
  const printed = new Map<TextDifference, string>();
  const probe = probeModel(model, differences);
  let recreated: SchemaModel;
  try {
    recreated = await canonicalizeModel(driver, probe.model, model, cache, probe.selection);
  } catch (error) {
    if (error instanceof AthanorError && error.code === 'model-refused') return printed;
    throw error;
  }
  const made = new Map(TEXT_OWNERS.map((owner) => [owner, ownersOf(recreated, owner)]));
  for (const difference of differences) {
    const again = made.get(difference.owner)!.get(difference.key);
    const slot =
      again === undefined ? undefined : slotsOf(difference.owner, again).find((s) => s.field === difference.field);
    if (slot !== undefined) printed.set(difference, slot.value);
  }
  return printed;
}

/** `value` (parsed JSON, or any plain data) with `map` applied to each string in it; what `map` keeps is kept as it was. */
function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => mapStrings(item, map));
    return items.every((item, i) => item === value[i]) ? value : items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const mapped = entries.map(([key, item]) => [key, mapStrings(item, map)] as const);
    return mapped.every(([, item], i) => item === entries[i]![1]) ? value : Object.fromEntries(mapped);
  }
  return value;
}

/** Whether a string in `value` (parsed JSON, or any plain data) passes `test`. */
function someString(value: unknown, test: (text: string) => boolean): boolean {
  if (typeof value === 'string') return test(value);
  if (value !== null && typeof value === 'object') return Object.values(value).some((item) => someString(item, test));
  return false;
}

/** The strings of `from` and `to` (one shape, parsed JSON) that differ, at the same places, into `pairs`. */
function pairStrings(from: unknown, to: unknown, pairs: Map<string, string>): void {
  if (typeof from === 'string') {
    if (typeof to === 'string' && to !== from) pairs.set(from, to);
  } else if (Array.isArray(from)) {
    if (Array.isArray(to)) from.forEach((item, i) => pairStrings(item, to[i], pairs));
  } else if (from !== null && typeof from === 'object' && to !== null && typeof to === 'object') {
    for (const [key, item] of Object.entries(from)) pairStrings(item, (to as Record<string, unknown>)[key], pairs);
  }
}

/** What the probe creates: the live objects holding the differing texts, and what they name. */
interface Probe {
  model: SchemaModel;
  selection: Selection;
}

type Named = { name: string };

/** The kinds the probe takes as `taken` says. */
function kindsProbed(taken: (typeof CANONICAL_KINDS)[ModelKind]['probed']): ModelKind[] {
  return MODEL_KIND_LISTS.filter((kind) => CANONICAL_KINDS[kind].probed === taken);
}

/**
 * The part of the live model the differing texts need: the tables (whole
 * partition trees), views, domains and triggers holding them, then every
 * table, view, routine, type, sequence and collation whose name appears in
 * what is included, until nothing more is named (more than they use, never
 * less), and the casts from or to an included type. Sequences lose their
 * owner, which changes no text. Only the tables holding texts and the
 * triggers are sent; the other tables are created when a batch needs them.
 */
export function probeModel(current: SchemaModel, differences: readonly TextDifference[]): Probe {
  const included = new Set<unknown>();
  const pending: unknown[] = [];
  const include = (object: unknown): void => {
    if (included.has(object)) return;
    included.add(object);
    pending.push(object);
  };
  const sentTables = seed(current, differences, include);
  const byName = new Map<string, unknown[]>();
  const context = kindsProbed('named').flatMap((kind) => current[kind] as readonly Named[]);
  for (const object of context) byName.set(object.name, [...(byName.get(object.name) ?? []), object]);
  const includedNames = new Set<string>();
  const seen = new Set<string>();
  let casts = current.casts;
  while (pending.length > 0) {
    while (pending.length > 0) {
      const object = pending.pop();
      if (object !== undefined && typeof (object as Named).name === 'string') includedNames.add((object as Named).name);
      for (const name of namesIn(stringsOf(object))) {
        if (seen.has(name)) continue;
        seen.add(name);
        for (const named of byName.get(name) ?? []) include(named);
      }
    }
    const [using, rest] = partition(casts, (c) => castTypes(c).some((name) => includedNames.has(name)));
    using.forEach(include);
    casts = rest;
  }
  const taken = modelOfKinds((kind) => {
    const { probed } = CANONICAL_KINDS[kind];
    const list: readonly unknown[] = current[kind];
    const part = probed === 'whole' ? [...list] : probed === 'none' ? [] : list.filter((o) => included.has(o));
    return part as SchemaModel[typeof kind];
  });
  const model: SchemaModel = { ...taken, sequences: taken.sequences.map((s) => ({ ...s, ownedBy: null })) };
  const objectsMatch = !differences.some((d) => d.owner === 'view' || d.owner === 'domain');
  return {
    model,
    selection: {
      sentTables,
      sentTriggers: new Set(model.triggers),
      objectsClean: false,
      objectsMatch,
      composed: new Set(),
    },
  };
}

/** Includes the objects holding the differing texts; the keys of the tables to send (whole partition trees). */
function seed(
  current: SchemaModel,
  differences: readonly TextDifference[],
  include: (object: unknown) => void,
): Set<string> {
  const owners = new Map(TEXT_OWNERS.map((owner) => [owner, ownersOf(current, owner)]));
  const tables = owners.get('table')!;
  const families = new Map<string, string[]>();
  for (const family of partitionFamilies(current.tables)) for (const key of family) families.set(key, family);
  const sent = new Set<string>();
  for (const { owner, key } of differences) {
    const object = owners.get(owner)!.get(key);
    if (object === undefined) continue;
    include(object);
    if (owner === 'trigger' && 'table' in object) {
      const on = tables.get(qualifiedKey(object.schema, object.table));
      if (on !== undefined) include(on);
    }
    if (owner !== 'table') continue;
    for (const member of families.get(key) ?? [key]) {
      sent.add(member);
      include(tables.get(member));
    }
  }
  return sent;
}

/** The bare names of a cast's source and target types (`public.money_t[]` -> `money_t`). */
function castTypes(cast: CastModel): string[] {
  return [cast.source, cast.target].flatMap((type) => [...namesIn(type)]);
}

function partition<T>(list: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of list) (test(item) ? yes : no).push(item);
  return [yes, no];
}
