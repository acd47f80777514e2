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
  const probe = probeModel(current, differences);
  let recreated: SchemaModel;
  try {
    recreated = await canonicalizeModel(driver, probe.model, current, cache, probe.selection);
  } catch (error) {
    // The live objects do not create as they are read (something they use is not modeled): the differences stay.
    if (error instanceof AthanorError && error.code === 'model-refused') return current;
    throw error;
  }
  return withFixedPoints(current, recreated, differences);
}

/** `current` with D in place of each live text L whose recreation L' equals D. */
function withFixedPoints(
  current: SchemaModel,
  recreated: SchemaModel,
  differences: readonly TextDifference[],
): SchemaModel {
  const made = new Map(TEXT_OWNERS.map((owner) => [owner, ownersOf(recreated, owner)]));
  const fixed = differences.filter(({ owner, key, field, canonical }) => {
    const again = made.get(owner)!.get(key);
    const slot = again === undefined ? undefined : slotsOf(owner, again).find((s) => s.field === field);
    return slot !== undefined && slot.value === canonical;
  });
  return withTexts(
    structuredClone(current),
    fixed.map(({ owner, key, field, canonical }) => ({ owner, key, field, value: canonical })),
  );
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
